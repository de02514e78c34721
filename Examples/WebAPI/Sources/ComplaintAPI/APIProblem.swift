public import Acervo
public import Hummingbird
import Foundation

/// Why a request failed, as the API answers it: an HTTP status and a JSON body with the message in
/// English and in Portuguese apart, as intake reasons carry them:
/// `{"error": {"code": "body-too-large", "message": "…", "message_pt": "…"}}`.
///
/// A bad file is never a problem: it gets a verdict in the intake report. A problem is a request the
/// server refused (4xx) or an operation that failed (5xx).
public struct APIProblem: HTTPResponseError, Sendable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// A stable name for what went wrong, such as `body-too-large` or `not-found`.
    public let code: String
    /// What went wrong, in English.
    public let english: String
    /// What went wrong, in Portuguese; `nil` when only an English text exists (a system error's).
    public let portuguese: String?

    /// A problem with its status, code and messages.
    public init(_ status: HTTPResponse.Status, code: String, english: String, portuguese: String?) {
        self.status = status
        self.code = code
        self.english = english
        self.portuguese = portuguese
    }

    /// The answer to a failed intake, query or dossier: the client's fault (400, 413) when its body was
    /// refused, 404 for what does not exist, the server's (500) when the store failed.
    public init(_ error: AcervoError) {
        if let refused = error.underlying as? MultipartError {
            self.init(refused)
            return
        }
        let status: HTTPResponse.Status = switch error.code {
        case .invalidArgument, .cancelled: .badRequest
        case .notFound: .notFound
        default: .internalServerError
        }
        self.init(status, code: error.code.description, english: error.english, portuguese: error.portuguese)
    }

    /// The answer to a refused multipart body: 415 when it is not multipart, 413 past a size limit, 400
    /// otherwise.
    public init(_ refused: MultipartError) {
        let status: HTTPResponse.Status = switch refused {
        case .notMultipart: .unsupportedMediaType
        case .bodyTooLarge, .tooManyParts, .headersTooLarge: .contentTooLarge
        default: .badRequest
        }
        self.init(status, code: refused.code, english: refused.english, portuguese: refused.portuguese)
    }

    /// The problem's JSON answer.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try APIJSON.encoder.encode(["error": Body(code: code, message: english, message_pt: portuguese)])
        return Response(status: status, headers: [.contentType: APIJSON.contentType],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The problem as it encodes.
    public struct Body: Codable, Sendable, Equatable {
        /// The problem's ``APIProblem/code``.
        public var code: String
        /// The English message.
        public var message: String
        /// The Portuguese message, when there is one.
        public var message_pt: String?
    }
}
