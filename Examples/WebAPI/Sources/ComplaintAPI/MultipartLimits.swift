/// How much of a multipart body a client may send before the server stops reading it. Every field is
/// checked as the body streams in, so a hostile body costs at most these bytes of memory.
public struct MultipartLimits: Sendable {
    /// Parts in one body.
    public var maxParts: Int
    /// Bytes of one part's header block.
    public var maxHeaderBytes: Int
    /// Header lines in one part.
    public var maxHeaderLines: Int
    /// Bytes before the first boundary, and after the closing one (ignored, as RFC 2046 says, up to this
    /// many).
    public var maxPreambleBytes: Int
    /// Bytes of the whole body, including parts Acervo stopped reading past their kind's limit.
    public var maxBodyBytes: Int64

    /// The defaults: 32 parts, 8 KB and 32 lines of headers a part, 4 KB of preamble and of epilogue,
    /// 5 GiB in all.
    public init(maxParts: Int = 32, maxHeaderBytes: Int = 8 * 1024, maxHeaderLines: Int = 32,
                maxPreambleBytes: Int = 4 * 1024, maxBodyBytes: Int64 = 5 << 30) {
        self.maxParts = maxParts
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderLines = maxHeaderLines
        self.maxPreambleBytes = maxPreambleBytes
        self.maxBodyBytes = maxBodyBytes
    }
}

/// Why a multipart body was refused. The server answers 400 (413 for the size limits).
public enum MultipartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request is not `multipart/form-data` with a valid boundary.
    case notMultipart
    /// The body breaks the multipart syntax.
    case malformed(String)
    /// More parts than ``MultipartLimits/maxParts``.
    case tooManyParts
    /// A part's headers exceed ``MultipartLimits/maxHeaderBytes`` or ``MultipartLimits/maxHeaderLines``.
    case headersTooLarge
    /// The body exceeds ``MultipartLimits/maxBodyBytes``.
    case bodyTooLarge
    /// The body ended before its closing boundary: the client stopped sending.
    case truncated
    /// A part's field name is not a document kind.
    case unknownKind(String)

    /// A stable name for the refusal, such as `body-too-large`.
    public var code: String {
        switch self {
        case .notMultipart: "not-multipart"
        case .malformed: "malformed-body"
        case .tooManyParts: "too-many-parts"
        case .headersTooLarge: "headers-too-large"
        case .bodyTooLarge: "body-too-large"
        case .truncated: "truncated-body"
        case .unknownKind: "unknown-kind"
        }
    }

    /// Why the body was refused, in English.
    public var english: String {
        switch self {
        case .notMultipart: "expected multipart/form-data with a boundary"
        case .malformed(let what): "malformed multipart body: \(what)"
        case .tooManyParts: "too many parts"
        case .headersTooLarge: "part headers too large"
        case .bodyTooLarge: "request body too large"
        case .truncated: "request body ended before its closing boundary"
        case .unknownKind(let name): "field \"\(name.prefix(64))\" is not a document kind"
        }
    }

    /// Why the body was refused, in Portuguese.
    public var portuguese: String {
        switch self {
        case .notMultipart: "esperado multipart/form-data com boundary"
        case .malformed(let what): "corpo multipart malformado: \(what)"
        case .tooManyParts: "partes demais"
        case .headersTooLarge: "cabeçalhos de parte grandes demais"
        case .bodyTooLarge: "corpo da requisição grande demais"
        case .truncated: "o corpo da requisição terminou antes do boundary final"
        case .unknownKind(let name): "o campo \"\(name.prefix(64))\" não é um tipo de documento"
        }
    }

    /// Both messages: ``english`` / ``portuguese``.
    public var description: String { "\(english) / \(portuguese)" }
}
