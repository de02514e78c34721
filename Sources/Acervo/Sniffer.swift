public import AcervoCore
import AcervoIdentify
import AcervoSystem
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

    /// Identifies many files, calling `deliver` in input order as soon as a file and every one before it
    /// are done. Workers take files one after another without handing each back to the caller's task,
    /// so the per-file cost is identification alone. Cancelling the task stops before the next file.
    public func identify(files: [URL], deliver: @escaping @Sendable (Int, URL, Identification) -> Void) async {
        await identify(count: files.count, identifying: { $0.identify(fileAt: files[$1]) }) { index, identification in
            deliver(index, files[index], identification)
        }
    }

    /// Identifies many files given by path, as `identify(files:deliver:)` does for URLs: `deliver` gets
    /// each path's index and identification, in input order. What `acervo sniff` runs on a list file.
    public func identify(paths: [String], deliver: @escaping @Sendable (Int, Identification) -> Void) async {
        await identify(count: paths.count, identifying: { $0.identify(path: paths[$1]) }, deliver: deliver)
    }

    private func identify(count: Int, identifying: @escaping @Sendable (Identifier, Int) -> Identification,
                          deliver: @escaping @Sendable (Int, Identification) -> Void) async {
        let order = Shared(InOrder())
        // Cancelling the calling task stops the workers claiming more paths (a flag each worker reads).
        await identifiers.runBatch(count: count) { identifier, index in
            let identification = identifying(identifier, index)
            // Delivery happens under the lock so lines come out whole and in order; it is cheap next
            // to identification.
            order.withLock { state in
                state.pending[index] = identification
                while let ready = state.pending.removeValue(forKey: state.emitted) {
                    deliver(state.emitted, ready)
                    state.emitted += 1
                }
            }
        }
    }
}

/// Results waiting for the ones before them.
private struct InOrder {
    var pending: [Int: Identification] = [:]
    var emitted = 0
}
