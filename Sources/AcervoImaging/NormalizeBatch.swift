public import AcervoCore
import AcervoSystem
import Dispatch
public import Foundation
import Synchronization

/// A batch of images normalized into one directory by workers that each own one `ImageNormalizer`: the
/// next file goes to whichever worker is free. What `acervo normalize` runs, and what a scanning station
/// or a web API can run the same way.
///
/// The output names are fixed when the batch is made (`OutputNames`), so no input overwrites another's
/// and which worker is faster changes nothing. Each derivative is written under a temporary name in the
/// output directory, synced, and renamed into place only once it is whole: a batch cut short leaves
/// either the earlier file or the new one under a final name, never half an image.
///
/// A file that cannot be normalized (broken, over the limits) is an outcome with a reason, and the batch
/// goes on. A derivative that cannot be written (a full disk, an I/O error) says nothing of its source:
/// the batch stops taking files and `run` throws it, after the files in hand are finished.
public struct NormalizeBatch: Sendable {
    /// The inputs, in order.
    public let files: [URL]
    /// The directory the derivatives are written to; it must exist.
    public let directory: URL
    /// Sizes, quality and decoder limits.
    public let options: NormalizeOptions
    /// The derivative names of each input.
    public let names: OutputNames

    /// Makes a batch: reads the start of each input to choose its display image's extension and fixes
    /// every output name. `thumbnails` asks for a thumbnail beside each display image.
    public init(files: [URL], directory: URL, options: NormalizeOptions, thumbnails: Bool) {
        self.files = files
        self.directory = directory
        self.options = options
        let requests = files.map { source in
            let format = ImageSourceFormat.of(fileAt: source) ?? .jpeg
            return OutputNames.Request(stem: source.deletingPathExtension().lastPathComponent,
                                       displayExtension: format.displayExtension)
        }
        names = OutputNames(requests, thumbnails: thumbnails, reserved: Self.inputs(of: files, in: directory))
    }

    /// The names of the batch's own inputs that sit in `directory`: a derivative must never replace an original.
    static func inputs(of files: [URL], in directory: URL) -> [String] {
        let home = directory.standardizedFileURL.resolvingSymlinksInPath().path
        return files.compactMap { file in
            let source = file.standardizedFileURL.resolvingSymlinksInPath()
            return source.deletingLastPathComponent().path == home ? source.lastPathComponent : nil
        }
    }

    /// Runs the batch on `workers` threads of its own; `report` is called from them with each input's
    /// index as it finishes. Throws the first derivative that could not be written, once every worker
    /// has stopped; the inputs not reported then were not normalized.
    public func run(workers: Int, report: @escaping @Sendable (Int, NormalizeOutcome) -> Void) async throws(AcervoError) {
        let next = Atomic<Int>(0)
        let failure = Mutex<AcervoError?>(nil)
        let count = files.count
        await BlockingWork.run(on: .global()) { _ in
            DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { _ in
                let normalizer = ImageNormalizer()
                while failure.withLock({ $0 == nil }) {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < count else { break }
                    let outcome = normalize(index, with: normalizer)
                    if let error = outcome.writeError {
                        failure.withLock { if $0 == nil { $0 = error } }
                        break
                    }
                    report(index, outcome)
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func normalize(_ index: Int, with normalizer: ImageNormalizer) -> NormalizeOutcome {
        let source = files[index]
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
        do throws(AcervoError) {
            if let thumbnail, let partialThumbnail { try DerivativeFile.publish(partialThumbnail, as: thumbnail) }
            try DerivativeFile.publish(partialDisplay, as: display)
            outcome.display = display
            outcome.thumbnail = thumbnail
        } catch {
            // Syncing or renaming Acervo's own file failed: the machine's failure, not the source's.
            discard()
            outcome.writeFailure = error.message
            outcome.display = nil
            outcome.thumbnail = nil
        }
        return outcome
    }
}
