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

    /// Runs `body(resource, index)` for every index in `0..<count`, spreading the indices over every
    /// worker: each worker claims the next index as soon as it is free, with no hop between threads per
    /// item. For long batches of small items (sniffing a folder), where a hop per item would cost more
    /// than the item. Waits for workers busy with other work before starting on them. Workers stop
    /// claiming items once `stop()` answers true.
    func runBatch(count: Int, stop: @escaping @Sendable () -> Bool = { false },
                  _ body: @escaping @Sendable (Resource, Int) -> Void) async {
        guard count > 0 else { return }
        let next = Shared(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<min(width, count) {
                group.addTask {
                    let index = await self.acquire()
                    defer { self.release(index) }
                    let worker = self.workers[index]
                    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                        worker.queue.async {
                            while true {
                                let item: Int? = next.withLock { value in
                                    guard value < count, !stop() else { return nil }
                                    defer { value += 1 }
                                    return value
                                }
                                guard let item else { break }
                                body(worker.resource, item)
                            }
                            continuation.resume()
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
