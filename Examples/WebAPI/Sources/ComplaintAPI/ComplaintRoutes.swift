public import Acervo
import AcervoCore
import Foundation
public import Hummingbird
import NIOCore

/// The complaint web API's routes over one archive.
///
/// - `POST /cases/{protocol}/evidence`: a `multipart/form-data` body, one part per file, the field name
///   its document kind; every part streams straight into Acervo's staging. Answers `201` with the intake
///   report (``IntakeReportJSON``); `400` for a malformed body or protocol number, `413` past the
///   ``MultipartLimits``.
/// - `GET /cases/{protocol}`: the case's evidence, versions and custody events; `404` if there is none.
public func addComplaintRoutes<Context: RequestContext>(to router: Router<Context>, archive: EvidenceArchive,
                                                        limits: MultipartLimits = .init()) {
    router.post("/cases/:protocol/evidence") { request, context -> Response in
        let caseNumber = try caseNumber(context)
        guard let boundary = MultipartReader<RequestBody>.boundary(contentType: request.headers[.contentType]) else {
            throw HTTPError(.unsupportedMediaType, message: MultipartError.notMultipart.description)
        }
        let parts = MultipartAttachments(body: request.body, boundary: boundary, limits: limits)
        let report: IntakeReport
        do {
            report = try await archive.intake(case: caseNumber, receiving: parts, operatorName: "web-api")
        } catch let error as AcervoError {
            throw httpError(error)
        }
        return try json(IntakeReportJSON(report), status: .created)
    }

    router.get("/cases/:protocol") { _, context -> Response in
        let caseNumber = try caseNumber(context)
        guard let detail = archive.store.caseDetail(caseNumber) else {
            throw HTTPError(.notFound, message: "no such case / processo não encontrado: \(caseNumber)")
        }
        return try json(CaseJSON(detail), status: .ok)
    }
}

private func caseNumber(_ context: some RequestContext) throws -> CaseNumber {
    let text = try context.parameters.require("protocol")
    do {
        return try CaseNumber(validating: text)
    } catch {
        throw HTTPError(.badRequest, message: "invalid protocol number / número de protocolo inválido")
    }
}

/// The HTTP answer to a failed intake: the client's fault (400, 413) when its body was refused, the
/// server's (500) when the store failed.
private func httpError(_ error: AcervoError) -> HTTPError {
    if let refused = error.underlying as? MultipartError {
        let status: HTTPResponse.Status = switch refused {
        case .bodyTooLarge, .tooManyParts, .headersTooLarge: .contentTooLarge
        default: .badRequest
        }
        return HTTPError(status, message: refused.description)
    }
    switch error.code {
    case .invalidArgument: return HTTPError(.badRequest, message: error.message)
    case .cancelled: return HTTPError(.badRequest, message: error.message)
    case .notFound: return HTTPError(.notFound, message: error.message)
    default: return HTTPError(.internalServerError, message: error.message)
    }
}

private func json(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    let data = try encoder.encode(value)
    return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}
