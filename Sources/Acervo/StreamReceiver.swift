import AcervoCore
import AcervoStore
import AcervoSystem
import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The receive stage for an ``UploadStream``: the asynchronous twin of ``Receiver``'s file streaming.
///
/// Chunks are copied into one 1 MB buffer; each full buffer is written to the staging file on a receive
/// worker (a thread of its own, never the caller's task) while its SHA-256 runs on a lane beside it, and
/// the next chunk is asked for only after that write. Memory stays at one buffer whatever the upload's
/// size, and a slow disk holds the client back instead of filling memory.
///
/// Unlike a file, a stream is not read to its end once it passes the kind's limit: reading stops at the
/// limit plus one byte, so a body that never ends cannot keep the intake busy. The byte count and SHA-256
/// of such an upload cover the bytes read, and the policy judges it too large.
enum StreamReceiver {
    /// What a streamed receive staged.
    struct Received {
        /// The receive, as the rest of the pipeline sees it: for an upload over the limit no staged file.
        var file: ReceivedFile
        /// For an upload over the limit, the first bytes that were read, kept only until they are
        /// identified: the report then says what the upload began as. The caller removes the file.
        var overLimitPrefix: URL?
    }

    /// Receives `upload` into `staged`, writing on one of `writers`.
    ///
    /// Throws what the upload's sequence throws, `CancellationError` when the task is cancelled, and
    /// ``AcervoError`` when staging cannot be written; whatever it throws, it leaves nothing in staging.
    static func receive(_ upload: UploadStream, into staged: URL, limit: Int64,
                        writers: WorkerPool<Void>) async throws -> Received {
        let staging = try StreamStaging(staged: staged, limit: limit, writers: writers)
        do {
            try await upload.feed(staging)
            try Task.checkCancellation()
            return try await staging.finish()
        } catch {
            staging.discard()
            throw error
        }
    }
}

/// One streamed upload on its way into a staging file: the buffer, the file, the running hash and count.
/// Used by one task at a time, the one receiving the upload.
final class StreamStaging {
    static let bufferSize = Receiver.bufferSize

    private let staged: URL
    private let limit: Int64
    private let writers: WorkerPool<Void>
    private var output: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private var fill = 0
    private let hash = LaneHasher<SHA256>(label: "acervo.receive-stream.sha256")
    /// Bytes read from the upload so far; never more than the limit plus one.
    private(set) var total: Int64 = 0

    init(staged: URL, limit: Int64, writers: WorkerPool<Void>) throws(AcervoError) {
        self.staged = staged
        self.limit = max(0, limit)
        self.writers = writers
        output = open(staged.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else {
            throw Receiver.stagingFailure(staged, errno)
        }
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.bufferSize, alignment: 16)
    }

    deinit {
        if output >= 0 { close(output) }
        buffer.deallocate()
    }

    /// Whether more than the limit was read.
    var isOverLimit: Bool { total > limit }

    /// Takes one chunk; answers whether the upload should go on (`false` once past the limit).
    func append<Chunk: RandomAccessCollection<UInt8>>(_ chunk: Chunk) async throws -> Bool {
        try Task.checkCancellation()
        var index = chunk.startIndex
        while index != chunk.endIndex, !isOverLimit {
            let count = min(buffer.count - fill, chunk.distance(from: index, to: chunk.endIndex),
                            Int(clamping: limit + 1 - total))
            let end = chunk.index(index, offsetBy: count)
            let target = UnsafeMutableRawBufferPointer(rebasing: buffer[fill..<(fill + count)])
            let offset = chunk.distance(from: chunk.startIndex, to: index)
            let copied: Void? = chunk.withContiguousStorageIfAvailable { all in
                target.copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: all[offset..<(offset + count)])))
            }
            if copied == nil { target.copyBytes(from: chunk[index..<end]) }
            fill += count
            total += Int64(count)
            index = end
            if fill == buffer.count { try await flush() }
        }
        return !isOverLimit
    }

    /// Writes what is buffered and closes the file: the staged upload, or for one over the limit, its
    /// first bytes (for identification only).
    func finish() async throws -> StreamReceiver.Received {
        try await flush()
        close(output)
        output = -1
        let digest = Hex.string(hash.finalize())
        if isOverLimit {
            return StreamReceiver.Received(file: ReceivedFile(stagedURL: nil, byteCount: total, sha256: digest),
                                           overLimitPrefix: staged)
        }
        return StreamReceiver.Received(file: ReceivedFile(stagedURL: staged, byteCount: total, sha256: digest),
                                       overLimitPrefix: nil)
    }

    /// Closes and removes the staging file: the upload is abandoned.
    func discard() {
        if output >= 0 { close(output) }
        output = -1
        unlink(staged.path)
    }

    /// Writes the buffer on a receive worker, hashing it on the lane meanwhile.
    private func flush() async throws {
        guard fill > 0 else { return }
        let job = FlushJob(output: output, bytes: UnsafeRawBufferPointer(rebasing: buffer[0..<fill]), hash: hash)
        let failure = await writers.run { _ in job.run() }
        fill = 0
        if let failure {
            throw Receiver.stagingFailure(staged, failure)
        }
    }

    /// One buffer's write and hash, handed to a receive worker.
    private struct FlushJob: @unchecked Sendable {
        // @unchecked: `bytes` is the staging buffer, which the receiving task does not touch until `run`
        // returns; the descriptor and hasher are used by one flush at a time.
        let output: Int32
        let bytes: UnsafeRawBufferPointer
        let hash: LaneHasher<SHA256>

        /// The errno of a failed write, or `nil`.
        func run() -> Int32? {
            let hashed = hash.update(bytes)
            let failure = writeWhole(output, bytes)
            hashed.wait()
            return failure
        }
    }
}
