/// The bytes of an upload as they arrive: any asynchronous sequence of byte chunks, read once, chunk by
/// chunk, as fast as the store's staging file takes them.
///
/// A web server hands Acervo the body of a request (or of one part of a multipart request) without
/// spooling it first. Acervo asks for the next chunk only after the previous one is in the staging
/// buffer, so a slow disk slows the client down (backpressure) instead of filling memory, and it stops
/// asking one byte past the kind's limit.
///
/// Chunks are any random-access collection of bytes: `[UInt8]`, `Data`, `ArraySlice<UInt8>`, or what a
/// server has at hand (SwiftNIO's `ByteBufferView`, through `buffer.readableBytesView`). Chunks with
/// contiguous storage are copied with one `memcpy`; others byte by byte.
///
/// When the sequence throws (the client disconnected) the attachment is cancelled and so is the intake
/// it belongs to: nothing is stored, nothing is left in staging, and the intake throws ``AcervoError``.
///
/// ```swift
/// let upload = UploadStream(request.body.map { $0.readableBytesView })
/// ```
public struct UploadStream: Sendable {
    /// Feeds every chunk, in order, to the sink; stops when the sink answers `false`.
    let feed: @Sendable (_ sink: StreamStaging) async throws -> Void

    /// An upload read from `chunks`.
    ///
    /// The sequence is iterated once, by the intake that receives the attachment.
    public init<Chunks: AsyncSequence & Sendable>(_ chunks: Chunks)
    where Chunks.Element: RandomAccessCollection<UInt8> {
        feed = { sink in
            for try await chunk in chunks {
                guard try await sink.append(chunk) else { return }
            }
        }
    }
}
