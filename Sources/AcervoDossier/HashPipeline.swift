import Dispatch
import Synchronization

/// Hashes files on lanes of their own while the caller's thread goes on reading and writing, so a
/// dossier pass costs about the slower of I/O and hashing instead of their sum.
///
/// The caller fills a buffer from a small ring and submits it; the buffer is hashed on the file's
/// lane (files alternate between lanes, each file's chunks stay in order on one lane) and released.
/// Digests are collected by file index and read after `finish()`. Memory is the ring, whatever the
/// number or size of the files.
final class HashPipeline: @unchecked Sendable {
    // @unchecked: each buffer is owned by exactly one side at a time: the caller between `acquire`
    // and `submit`, then one lane until its semaphore is signalled. A `FileHash` is touched only on
    // its lane after `begin`. Results are behind a mutex.
    private let lanes: [DispatchQueue]
    private let storage: UnsafeMutableRawBufferPointer
    private let chunkSize: Int
    private let released: [DispatchSemaphore]
    private var next = 0
    private let results = Mutex<[Int: [BagDigestAlgorithm: String]]>([:])

    /// One file's running hash, living on its lane.
    final class FileHash: @unchecked Sendable {
        // @unchecked: created by the caller, then only updated and finalized on `lane`.
        let index: Int
        let lane: DispatchQueue
        var hasher: MultiHasher
        init(index: Int, lane: DispatchQueue, algorithms: Set<BagDigestAlgorithm>) {
            self.index = index
            self.lane = lane
            self.hasher = MultiHasher(algorithms)
        }
    }

    /// A buffer of the ring, lent to the caller.
    struct Buffer: @unchecked Sendable {
        // @unchecked: see the class comment; the memory is the pipeline's and outlives every lane.
        let slot: Int
        let memory: UnsafeMutableRawBufferPointer
    }

    init(lanes: Int = 2, buffers: Int = 8, chunkSize: Int = 1 << 20) {
        self.lanes = (0..<max(1, lanes)).map { DispatchQueue(label: "acervo.dossier.hash.\($0)", qos: .userInitiated) }
        self.chunkSize = chunkSize
        self.storage = UnsafeMutableRawBufferPointer.allocate(byteCount: buffers * chunkSize, alignment: 64)
        self.released = (0..<buffers).map { _ in DispatchSemaphore(value: 1) }
    }

    deinit {
        drain()
        storage.deallocate()
    }

    /// The next buffer of the ring, once its previous chunk has been hashed.
    func acquire() -> Buffer {
        let slot = next
        next = (next + 1) % released.count
        released[slot].wait()
        let start = slot * chunkSize
        return Buffer(slot: slot, memory: UnsafeMutableRawBufferPointer(rebasing: storage[start..<(start + chunkSize)]))
    }

    /// Gives a buffer back without hashing it (nothing was read into it).
    func giveBack(_ buffer: Buffer) {
        released[buffer.slot].signal()
    }

    /// Starts hashing file number `index`.
    func begin(_ index: Int, algorithms: Set<BagDigestAlgorithm>) -> FileHash {
        FileHash(index: index, lane: lanes[index % lanes.count], algorithms: algorithms)
    }

    /// Hashes the first `count` bytes of `buffer` as the next chunk of `file`, then releases it.
    func submit(_ buffer: Buffer, count: Int, to file: FileHash) {
        let semaphore = released[buffer.slot]
        file.lane.async {
            file.hasher.update(UnsafeRawBufferPointer(rebasing: buffer.memory[0..<count]))
            semaphore.signal()
        }
    }

    /// Finalizes `file` on its lane.
    func end(_ file: FileHash) {
        file.lane.async {
            let digests = file.hasher.finalize()
            self.results.withLock { $0[file.index] = digests }
        }
    }

    /// Waits for every lane, then returns the digests by file index.
    func finish() -> [Int: [BagDigestAlgorithm: String]] {
        drain()
        return results.withLock { $0 }
    }

    private func drain() {
        for lane in lanes { lane.sync {} }
    }
}
