import AcervoCore
import AcervoStore
import AcervoSystem
public import Foundation
import Dispatch

/// The bytes of a stored file as an `AsyncSequence` of chunks of at most ``chunkSize`` bytes, read on
/// a Dispatch queue as the consumer asks for them: a web response streams an original, a derivative or
/// a dossier without the file ever being held in memory.
///
/// ```swift
/// for try await chunk in try await archive.contents(of: evidenceID) {
///     try await writer.write(ByteBuffer(bytes: chunk))
/// }
/// ```
///
/// Each iteration reads the file from its start. Cancelling the consuming task ends the stream with an
/// `AcervoError` of code `.cancelled` at the next chunk.
public struct ContentStream: AsyncSequence, Sendable {
    /// A chunk of the file's bytes, never empty.
    public typealias Element = Data
    /// Reading fails only operationally.
    public typealias Failure = AcervoError

    /// 256 KiB: large enough that a 1 GB file costs four thousand reads, small enough to stay bounded.
    public static let defaultChunkSize = 256 << 10

    private let file: OpenContentFile
    /// The largest chunk the stream yields.
    public let chunkSize: Int

    /// The file's size in bytes, as it was when opened (a `Content-Length`).
    public var byteCount: Int64 { file.byteCount }

    init(_ file: OpenContentFile, chunkSize: Int) {
        self.file = file
        self.chunkSize = Swift.max(1, chunkSize)
    }

    /// Opens a file of the caller's for streaming, such as a dossier just built by
    /// ``EvidenceArchive/buildDossier(case:version:format:recordedBy:to:progress:)``.
    ///
    /// - Throws: `AcervoError` with code `.io` when the file cannot be opened or is not a regular file.
    public init(reading url: URL, chunkSize: Int = ContentStream.defaultChunkSize) throws(AcervoError) {
        self.init(try OpenContentFile(url), chunkSize: chunkSize)
    }

    /// Starts reading from the first byte.
    public func makeAsyncIterator() -> Iterator {
        Iterator(file: file, chunkSize: chunkSize)
    }

    /// Reads the chunks one after the other.
    public struct Iterator: AsyncIteratorProtocol {
        /// Reading fails only operationally.
        public typealias Failure = AcervoError
        let file: OpenContentFile
        let chunkSize: Int
        var offset: Int64 = 0
        var finished = false

        /// The next chunk, or `nil` at the end of the file.
        public mutating func next() async throws(AcervoError) -> Data? {
            guard !finished else { return nil }
            if Task.isCancelled {
                finished = true
                throw AcervoError(.cancelled, english: "reading \(file.url.lastPathComponent) cancelled",
                                  portuguese: "leitura de \(file.url.lastPathComponent) cancelada")
            }
            let (file, offset, count) = (file, offset, chunkSize)
            let chunk = try await EvidenceArchive.offload { () throws(AcervoError) in
                try file.read(at: offset, count: count)
            }
            guard !chunk.isEmpty else {
                finished = true
                return nil
            }
            self.offset += Int64(chunk.count)
            return chunk
        }
    }
}
