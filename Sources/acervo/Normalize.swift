import Acervo
import AcervoCore
import AcervoImaging
import AcervoPolicy
import ArgumentParser
import Dispatch
import Foundation
import Synchronization

/// `acervo normalize`: upright, metadata-free display images and thumbnails for scanning stations and batch jobs.
struct Normalize: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Make upright, metadata-free display images (and thumbnails) of JPEG and PNG files.",
        discussion: """
        Writes DIR/<name without extension>.jpg (.png for PNG sources) and, with --thumbnail, \
        DIR/<name without extension>.thumb.jpg. When an earlier input of the same batch already has those \
        names, a later one gets <name>-2, -3, ... (display and thumbnail alike); files left in DIR by an \
        earlier run are replaced, so a rerun gives the same names. Each file appears under its name only once \
        it is whole. Only the ICC profile is kept. Sizes, quality and decoder \
        limits come from the policy's images: section (the built-in complaint-intake.yml unless --policy is \
        given); the options below win over it. Exit status 0 when the batch ran, whatever each file's \
        outcome; with --json, one line per file says it.
        """)

    @Option(help: "The directory the derivatives are written to (created if missing).", completion: .directory)
    var output: String

    @Option(help: "A policy file whose images: section sets the sizes and limits, instead of the built-in one.",
            completion: .file())
    var policy: String?

    @Option(name: .customLong("max-dimension"),
            help: "Longest side of the display image, in pixels (default: the policy's display_side, 2048).")
    var maxDimension: Int?

    @Option(help: "JPEG quality, 1-100 (default: the policy's jpeg_quality, 85).")
    var quality: Int?

    @Option(help: "Also write a thumbnail whose longest side is this many pixels.")
    var thumbnail: Int?

    @Flag(help: "One JSON object per file per line.")
    var json = false

    @Argument(help: "The images to normalize.", completion: .file())
    var files: [String] = []

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file / informe ao menos um arquivo") }
        if let maxDimension, maxDimension < 1 { throw ValidationError("--max-dimension must be at least 1") }
        if let quality, !(1...100).contains(quality) { throw ValidationError("--quality must be between 1 and 100") }
        if let thumbnail, thumbnail < 1 { throw ValidationError("--thumbnail must be at least 1") }
    }

    func run() async throws {
        let directory = URL(fileURLWithPath: output)
        let images = try await operational {
            let loaded = try policy.map { path throws(AcervoError) in try Policy.load(from: URL(fileURLWithPath: path)) }
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return (loaded ?? .builtIn).images
        }
        var options = NormalizeOptions(images)
        if let maxDimension { options.maxDimension = maxDimension }
        if let quality { options.quality = quality }
        if let thumbnail { options.thumbnailDimension = thumbnail }
        let batch = NormalizeBatch(files: files, directory: directory, options: options, thumbnails: thumbnail != nil)
        let json = self.json
        let out = BufferedLines()
        defer { out.flush() }
        await batch.run(workers: 2) { name, outcome in
            out.append(json ? Self.jsonLine(name, outcome) : Self.textLine(name, outcome))
        }
    }

    static func jsonLine(_ name: String, _ outcome: NormalizeOutcome) -> String {
        Output.jsonText(NormalizeLine(file: name, outcome: outcome))
    }

    static func textLine(_ name: String, _ outcome: NormalizeOutcome) -> String {
        if let failure = outcome.failure { return "\(name): \(failure.code): \(failure.english)" }
        let thumb = outcome.thumbnail.map { " + \($0.lastPathComponent)" } ?? ""
        let colour = switch outcome.colour {
        case .asStored: ""
        case .cmykEmbeddedProfile, .cmykFallbackProfile: " (CMYK to sRGB with \(outcome.colourProfile ?? "a profile"))"
        case .cmykUncalibrated: " (CMYK to sRGB without a profile: approximate colours)"
        }
        return "\(name): \(outcome.sourceWidth)x\(outcome.sourceHeight) -> \(outcome.width)x\(outcome.height) "
            + "\(outcome.display?.lastPathComponent ?? "")\(thumb)\(colour)"
    }
}

/// A batch of files shared by workers that each own one normalizer: the next file goes to whichever is free.
///
/// The output names are fixed when the batch is made (`OutputNames`), so no input overwrites another's
/// and which worker is faster changes nothing. Each derivative is written under a temporary name in the
/// output directory, synced, and renamed into place only once it is whole: a batch cut short leaves
/// either the earlier file or the new one under a final name, never half an image.
struct NormalizeBatch: Sendable {
    let files: [String]
    let directory: URL
    let options: NormalizeOptions
    let names: OutputNames

    init(files: [String], directory: URL, options: NormalizeOptions, thumbnails: Bool) {
        self.files = files
        self.directory = directory
        self.options = options
        let requests = files.map { file in
            let source = URL(fileURLWithPath: file)
            let format = ImageSourceFormat.of(fileAt: source) ?? .jpeg
            return OutputNames.Request(stem: source.deletingPathExtension().lastPathComponent,
                                       displayExtension: format.displayExtension)
        }
        names = OutputNames(requests, thumbnails: thumbnails, reserved: Self.inputs(of: files, in: directory))
    }

    /// The names of the batch's own inputs that sit in `directory`: a derivative must never replace an original.
    static func inputs(of files: [String], in directory: URL) -> [String] {
        let home = directory.standardizedFileURL.resolvingSymlinksInPath().path
        return files.compactMap { file in
            let source = URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath()
            return source.deletingLastPathComponent().path == home ? source.lastPathComponent : nil
        }
    }

    /// Runs the batch on `workers` threads; `report` is called from them as each file finishes.
    func run(workers: Int, report: @escaping @Sendable (String, NormalizeOutcome) -> Void) async {
        let next = Atomic<Int>(0)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                DispatchQueue.concurrentPerform(iterations: max(1, min(workers, files.count))) { _ in
                    let normalizer = ImageNormalizer()
                    while true {
                        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard index < files.count else { break }
                        report(files[index], normalize(index, with: normalizer))
                    }
                }
                continuation.resume()
            }
        }
    }

    private func normalize(_ index: Int, with normalizer: ImageNormalizer) -> NormalizeOutcome {
        let source = URL(fileURLWithPath: files[index])
        let display = directory.appending(path: names[index].display)
        let thumbnail = names[index].thumbnail.map { directory.appending(path: $0) }
        let partialDisplay = DerivativeFile.partial(beside: display)
        let partialThumbnail = thumbnail.map(DerivativeFile.partial(beside:))
        var outcome = normalizer.normalize(fileAt: source, options: options, writingTo: partialDisplay,
                                           thumbnailTo: partialThumbnail)
        // A failed input leaves nothing under its names, not even what an earlier run wrote there (as when
        // the derivatives were written in place), so a stale image never passes for this input's.
        let discard = {
            for url in [partialDisplay, partialThumbnail, display, thumbnail].compactMap(\.self) { DerivativeFile.remove(url) }
        }
        guard outcome.succeeded else {
            discard()
            return outcome
        }
        do {
            if let thumbnail, let partialThumbnail { try DerivativeFile.publish(partialThumbnail, as: thumbnail) }
            try DerivativeFile.publish(partialDisplay, as: display)
            outcome.display = display
            outcome.thumbnail = thumbnail
        } catch {
            discard()
            outcome.failure = Reason(code: .unreadable, verdict: .rejected, detail: error.message)
            outcome.display = nil
            outcome.thumbnail = nil
        }
        return outcome
    }
}

/// The line `normalize --json` prints for one image: the file as given, then the outcome as the library
/// encodes it.
struct NormalizeLine: Encodable {
    var file: String
    var outcome: NormalizeOutcome

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try c.encode(file, forKey: "file")
        try outcome.encode(to: encoder)
    }
}
