public import Acervo
public import NIOCore

/// The parts of a multipart upload as Acervo attachments, one per file field, read in order from the
/// request body: each part's field name is its document kind (`photo`, `receipt`, `proof-of-address`…),
/// its file name and `Content-Type` the declared name and MIME type, its body an ``Acervo/UploadStream``.
///
/// Give it to ``Acervo/EvidenceArchive/intake(case:receiving:operatorName:channel:progress:)``, which
/// reads each part's body to its end before asking for the next part.
public struct MultipartAttachments<Body: AsyncSequence & Sendable>: AsyncSequence, Sendable
where Body.Element == ByteBuffer {
    public typealias Element = Attachment

    private let reader: MultipartReader<Body>

    /// The attachments of `body`, a `multipart/form-data` body with `boundary`.
    public init(body: Body, boundary: String, limits: MultipartLimits = .init()) {
        reader = MultipartReader(body: body, boundary: boundary, limits: limits)
    }

    /// Reads the next part's head and makes its attachment.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let reader: MultipartReader<Body>

        /// The next part as an attachment; `nil` after the last. Throws ``MultipartError``.
        public mutating func next() async throws -> Attachment? {
            guard let head = try await reader.nextPart() else { return nil }
            guard let kind = DocumentKind(rawValue: head.name) else { throw MultipartError.unknownKind(head.name) }
            return .stream(PartBody(reader: reader, part: reader.partCount), kind: kind,
                           name: head.filename ?? head.name, mime: head.contentType)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(reader: reader) }
}

/// One part's body, as the chunks the request brought.
struct PartBody<Body: AsyncSequence & Sendable>: AsyncSequence, Sendable where Body.Element == ByteBuffer {
    typealias Element = ByteBufferView
    let reader: MultipartReader<Body>
    let part: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let reader: MultipartReader<Body>
        let part: Int
        mutating func next() async throws -> ByteBufferView? {
            try await reader.nextChunk(ofPart: part)?.readableBytesView
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(reader: reader, part: part) }
}
