import Dispatch
import Synchronization

/// A fixed set of workers, each a serial `DispatchQueue` owning one resource that must never be shared
/// between threads (a libmagic cookie, a decoder). Work waits for a free worker, runs on that worker's
/// queue with its resource, and resumes the caller's task with the result.
///
/// The resources are created one at a time, on their own worker's queue, before the pool is used: the
/// C libraries behind them are not safe to initialise concurrently.
package final class WorkerPool<Resource>: Sendable {
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
    package init(label: String, count: Int, makeResource: (Int) throws -> Resource) rethrows {
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
    package var width: Int { workers.count }

    /// Runs `body` on a free worker with its resource; waits for one when all are busy.
    package func run<T: Sendable>(_ body: @escaping @Sendable (Resource) -> T) async -> T {
        await run(withCancellation: { resource, _ in body(resource) })
    }

    /// Runs `body` on a free worker with its resource and the flag that cancelling the calling task sets,
    /// for work long enough to stop half-way (receiving an upload); waits for a worker when all are busy.
    package func run<T: Sendable>(withCancellation body: @escaping @Sendable (Resource, CancellationFlag) -> T) async -> T {
        let index = await acquire()
        defer { release(index) }
        let worker = workers[index]
        return await BlockingWork.run(on: worker.queue) { cancelled in
            dispatchPrecondition(condition: .onQueue(worker.queue))
            return body(worker.resource, cancelled)
        }
    }

    /// Runs `body(resource, index)` for every index in `0..<count`, spreading the indices over every
    /// worker: each worker claims the next index as soon as it is free, with no hop between threads per
    /// item. For long batches of small items (sniffing a folder), where a hop per item would cost more
    /// than the item. Waits for workers busy with other work before starting on them. Workers stop
    /// claiming items once the calling task is cancelled.
    package func runBatch(count: Int, _ body: @escaping @Sendable (Resource, Int) -> Void) async {
        guard count > 0 else { return }
        let next = Shared(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<min(width, count) {
                group.addTask {
                    let index = await self.acquire()
                    defer { self.release(index) }
                    let worker = self.workers[index]
                    await BlockingWork.run(on: worker.queue) { cancelled in
                        while true {
                            let item: Int? = next.withLock { value in
                                guard value < count, !cancelled.isSet else { return nil }
                                defer { value += 1 }
                                return value
                            }
                            guard let item else { break }
                            body(worker.resource, item)
                        }
                    }
                }
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
