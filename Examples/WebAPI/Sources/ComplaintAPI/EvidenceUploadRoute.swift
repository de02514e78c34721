import Acervo
import Hummingbird

/// `POST /cases/{protocol}/evidence`: the parts of a `multipart/form-data` body, read one after another
/// straight into Acervo's staging and committed as one version of the case. No part is held in memory
/// or spooled to a file of the server's own.
///
/// Answers `201` with the intake report, whatever the verdicts (a bad file is a verdict, not an error);
/// `400` for a body that is malformed or stops early, `413` past the ``MultipartLimits``, `415` for a
/// body that is not multipart, `500` when the store fails. On any error nothing is stored and nothing
/// is left in staging.
func addEvidenceUploadRoute<Context: RequestContext>(to router: Router<Context>, archive: EvidenceArchive,
                                                     limits: MultipartLimits) {
    router.post("/cases/:protocol/evidence") { request, context -> Response in
        let caseNumber = try context.caseNumber()
        guard let boundary = MultipartReader<RequestBody>.boundary(contentType: request.headers[.contentType]) else {
            throw APIProblem(MultipartError.notMultipart)
        }
        // Each part's body is the stream of one attachment; Acervo reads it to its end, or to one byte
        // past its kind's limit, before the next part's headers are read.
        let parts = MultipartAttachments(body: request.body, boundary: boundary, limits: limits)
        let report: IntakeReport
        do throws(AcervoError) {
            report = try await archive.intake(case: caseNumber, receiving: parts, operatorName: "web-api")
        } catch {
            throw APIProblem(error)
        }
        return try APIJSON.response(report, status: .created)
    }
}
