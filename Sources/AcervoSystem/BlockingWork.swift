package import Dispatch

/// The one pattern by which Acervo runs blocking work (file I/O, system calls, C decoders) from async
/// code: on a Dispatch queue, never on the cooperative pool, resuming the caller's task with the result.
///
/// Cancelling the calling task does not interrupt the work; it sets the `CancellationFlag` the work is
/// given, which the work reads where it can stop cleanly. Errors keep their type (`throws(E)`).
package enum BlockingWork {
    /// Runs `work` on `queue` and returns what it returns or throws what it throws.
    package static func run<T: Sendable, E: Error>(
        on queue: DispatchQueue,
        _ work: @escaping @Sendable (CancellationFlag) throws(E) -> T
    ) async throws(E) -> T {
        let flag = CancellationFlag()
        let result: Result<T, E> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                queue.async {
                    do throws(E) {
                        continuation.resume(returning: .success(try work(flag)))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
            }
        } onCancel: {
            flag.set()
        }
        return try result.get()
    }
}
