import Hummingbird
import Foundation

/// The API's JSON: what `acervo … --json` prints (keys sorted, slashes unescaped, one line), because
/// Acervo's reports encode to the command's JSON.
enum APIJSON {
    /// The media type of every JSON answer.
    static let contentType = "application/json; charset=utf-8"

    /// An encoder writing as the command does.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` as a JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: contentType],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
