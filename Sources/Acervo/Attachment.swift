public import AcervoCore
public import Foundation

/// One file a complaint brings: its bytes (in memory, in a file or arriving as a stream) and what the sender says it is.
///
/// Nothing declared here is trusted: the name is sanitized before storage, and the kind's policy judges
/// the content, never the name or MIME type.
public struct Attachment: Sendable {
    /// Where the bytes are.
    public enum Source: Sendable {
        /// Bytes already in memory (a small upload the web API buffered).
        case bytes(Data)
        /// A file on disk, streamed: it never sits in memory whole.
        case file(URL)
        /// Bytes arriving as they are sent (a request body), read once straight into staging; see
        /// ``UploadStream``.
        case stream(UploadStream)
    }

    /// The bytes.
    public var source: Source
    /// The document kind the sender declared.
    public var kind: DocumentKind
    /// The file name the sender gave.
    public var declaredName: String
    /// The MIME type the sender gave, if any.
    public var declaredMIME: String?

    /// An attachment whose bytes are in memory.
    public static func bytes(_ data: Data, kind: DocumentKind, name: String, mime: String? = nil) -> Attachment {
        Attachment(source: .bytes(data), kind: kind, declaredName: name, declaredMIME: mime)
    }

    /// An attachment read from a file; its declared name defaults to the file's name.
    public static func file(_ url: URL, kind: DocumentKind, name: String? = nil, mime: String? = nil) -> Attachment {
        Attachment(source: .file(url), kind: kind, declaredName: name ?? url.lastPathComponent, declaredMIME: mime)
    }

    /// An attachment whose bytes arrive as a sequence of chunks: a request body, or one part of a
    /// multipart body. The sequence is read once, as the intake receives the attachment.
    public static func stream<Chunks: AsyncSequence & Sendable>(
        _ chunks: Chunks, kind: DocumentKind, name: String, mime: String? = nil
    ) -> Attachment where Chunks.Element: RandomAccessCollection<UInt8> {
        Attachment(source: .stream(UploadStream(chunks)), kind: kind, declaredName: name, declaredMIME: mime)
    }

    /// Makes an attachment.
    public init(source: Source, kind: DocumentKind, declaredName: String, declaredMIME: String? = nil) {
        self.source = source
        self.kind = kind
        self.declaredName = declaredName
        self.declaredMIME = declaredMIME
    }
}
