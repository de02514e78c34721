import Acervo
import AcervoCore
import AcervoImaging
import AcervoPolicy
import ArgumentParser
import Foundation

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
            help: "Longest side of the display image, in pixels, 1 to 65500 (default: the policy's display_side, 2048).")
    var maxDimension: Int?

    @Option(help: "JPEG quality, 1-100 (default: the policy's jpeg_quality, 85).")
    var quality: Int?

    @Option(help: "Also write a thumbnail whose longest side is this many pixels, 1 to 65500.")
    var thumbnail: Int?

    @Flag(help: "One JSON object per file per line.")
    var json = false

    @Argument(help: "The images to normalize.", completion: .file())
    var files: [String] = []

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file / informe ao menos um arquivo") }
        try OptionBounds.check(maxDimension, OptionBounds.imageSide, "--max-dimension")
        try OptionBounds.check(quality, OptionBounds.quality, "--quality")
        try OptionBounds.check(thumbnail, OptionBounds.imageSide, "--thumbnail")
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
        let batch = NormalizeBatch(files: files.map { URL(fileURLWithPath: $0) }, directory: directory,
                                   options: options, thumbnails: thumbnail != nil)
        let json = self.json
        let names = files
        let out = BufferedLines()
        defer { out.flush() }
        // A derivative that cannot be written stops the batch with exit 70, after the lines already made.
        try await batch.run(workers: 2) { index, outcome in
            out.append(json ? Self.jsonLine(names[index], outcome) : Self.textLine(names[index], outcome))
        }
    }

    static func jsonLine(_ name: String, _ outcome: NormalizeOutcome) -> String {
        Output.jsonText(NormalizeLine(file: name, outcome: outcome))
    }

    static func textLine(_ given: String, _ outcome: NormalizeOutcome) -> String {
        let name = Output.shown(given)
        if let failure = outcome.failure { return "\(name): \(failure.code): \(failure.english)" }
        let thumb = outcome.thumbnail.map { " + \(Output.shown($0.lastPathComponent))" } ?? ""
        let colour = switch outcome.colour {
        case .asStored: ""
        case .cmykEmbeddedProfile, .cmykFallbackProfile: " (CMYK to sRGB with \(outcome.colourProfile ?? "a profile"))"
        case .cmykUncalibrated: " (CMYK to sRGB without a profile: approximate colours)"
        }
        return "\(name): \(outcome.sourceWidth)x\(outcome.sourceHeight) -> \(outcome.width)x\(outcome.height) "
            + "\(Output.shown(outcome.display?.lastPathComponent ?? ""))\(thumb)\(colour)"
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
