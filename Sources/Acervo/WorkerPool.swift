import Dispatch
import Synchronization

/// A fixed set of workers, each a serial `DispatchQueue` owning one resource that must never be shared
/// between threads (a libmagic cookie, a decoder). Work waits for a free worker, runs on that worker's
/// queue with its resource, and resumes the caller's task with the result.
///
/// The resources are created one at a time, on their own worker's queue, before the pool is used: the
/// C libraries behind them are not safe to initialise concurrently.
final class WorkerPool<Resource>: Sendable {
    private struct Worker: @unchecked Sendable {
        // The resource is touched only on `queue`, a serial queue: that confinement is what makes
        // handing it across tasks safe, and `run` below is the only place that uses it.
        let queue: DispatchQueue
        let resource: Resource
    }

    private struct State {
        var free: [Int]
        var waiters: [CheckedContinuation<Int, Never>] = []
    }

    private let workers: [Worker]
    private let state: Mutex<State>

    /// Makes `count` workers, creating each resource in turn on its own queue.
    init(label: String, count: Int, makeResource: (Int) throws -> Resource) rethrows {
        var made: [Worker] = []
        for index in 0..<max(1, count) {
            let queue = DispatchQueue(label: "\(label).\(index)", qos: .userInitiated)
            let resource = try queue.sync { try makeResource(index) }
            made.append(Worker(queue: queue, resource: resource))
        }
        workers = made
        state = Mutex(State(free: Array(made.indices)))
    }

    /// The number of workers.
    var width: Int { workers.count }

    /// Runs `body` on a free worker with its resource; waits for one when all are busy.
    func run<T: Sendable>(_ body: @escaping @Sendable (Resource) -> T) async -> T {
        let index = await acquire()
        defer { release(index) }
        let worker = workers[index]
        return await withCheckedContinuation { continuation in
            worker.queue.async {
                dispatchPrecondition(condition: .onQueue(worker.queue))
                continuation.resume(returning: body(worker.resource))
            }
        }
    }

    private func acquire() async -> Int {
        if let index = state.withLock({ $0.free.popLast() }) { return index }
        return await withCheckedContinuation { continuation in
            let handedOver: Int? = state.withLock { state in
                if let index = state.free.popLast() { return index }
                state.waiters.append(continuation)
                return nil
            }
            if let handedOver { continuation.resume(returning: handedOver) }
        }
    }

    private func release(_ index: Int) {
        let waiter: CheckedContinuation<Int, Never>? = state.withLock { state in
            if state.waiters.isEmpty {
                state.free.append(index)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: index)
    }
}
