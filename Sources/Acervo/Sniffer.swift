public import AcervoCore
import AcervoIdentify
public import Foundation

/// Identifies files by their content without storing anything: what `acervo sniff` runs.
///
/// Files are spread over one worker per core, each with its own libmagic cookie; results come back in
/// the order the files were given, as soon as each one and all before it are done.
public final class Sniffer: Sendable {
    private let identifiers: WorkerPool<Identifier>

    /// Starts `workers` identifiers (default: one per core). Throws when the libmagic database cannot load.
    public init(workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws(AcervoError) {
        do {
            identifiers = try WorkerPool(label: "acervo.identify", count: workers) { _ in try Identifier() }
        } catch let error as AcervoError {
            throw error
        } catch {
            throw AcervoError(.library, "cannot start the identifier", underlying: error)
        }
    }

    /// Identifies one file.
    public func identify(fileAt url: URL) async -> Identification {
        await identifiers.run { $0.identify(fileAt: url) }
    }

    /// Identifies bytes in memory.
    public func identify(data: Data) async -> Identification {
        await identifiers.run { $0.identify(data: data) }
    }

    /// Identifies many files, calling `deliver` in input order; at most twice as many files as workers
    /// are open at once.
    public func identify(files: [URL], deliver: @Sendable (Int, URL, Identification) -> Void) async {
        let window = identifiers.width * 2
        await withTaskGroup(of: (Int, Identification).self) { group in
            var next = 0
            var pending: [Int: Identification] = [:]
            var emitted = 0
            func startNext() {
                guard next < files.count else { return }
                let index = next
                let url = files[index]
                next += 1
                group.addTask { (index, await self.identify(fileAt: url)) }
            }
            for _ in 0..<min(window, files.count) { startNext() }
            while let (index, identification) = await group.next() {
                pending[index] = identification
                while let ready = pending.removeValue(forKey: emitted) {
                    deliver(emitted, files[emitted], ready)
                    emitted += 1
                }
                startNext()
            }
        }
    }
}
