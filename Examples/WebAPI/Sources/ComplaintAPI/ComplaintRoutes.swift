public import Acervo
public import Foundation
public import Hummingbird

/// The complaint web API's routes over one archive:
///
/// - `POST /cases/{protocol}/evidence`: a `multipart/form-data` body, one part per file, the field name
///   its document kind; every part streams straight into Acervo's staging. Answers `201` with the
///   intake report (`IntakeReport`, as `acervo intake --json` prints it); an ``APIProblem`` otherwise.
/// - `GET /cases/{protocol}`: the case's evidence, versions and custody events (`CaseDetail`, as
///   `acervo case show --json` prints it); `404` if there is none.
/// - `GET /cases/{protocol}/dossier?format=tar|zip|tar.zst&version=N`: the case's dossier, a BagIt bag,
///   built by Acervo and streamed back.
///
/// - Parameters:
///   - router: the router to add the routes to.
///   - archive: the archive every request uses; one per process.
///   - limits: what a multipart body may hold.
///   - dossierScratch: where dossiers are built before they are streamed; each is unlinked as soon as
///     its stream has it open, so nothing stays there.
public func addComplaintRoutes<Context: RequestContext>(
    to router: Router<Context>, archive: EvidenceArchive, limits: MultipartLimits = .init(),
    dossierScratch: URL = FileManager.default.temporaryDirectory
) {
    addEvidenceUploadRoute(to: router, archive: archive, limits: limits)
    addDossierDownloadRoute(to: router, archive: archive, scratch: dossierScratch)
    router.get("/cases/:protocol") { _, context -> Response in
        let caseNumber = try context.caseNumber()
        let detail: CaseDetail?
        do throws(AcervoError) {
            detail = try await archive.caseDetail(caseNumber)
        } catch {
            throw APIProblem(error)
        }
        guard let detail else {
            throw APIProblem(.notFound, code: "not-found", english: "no case \(caseNumber)",
                             portuguese: "processo \(caseNumber) não encontrado")
        }
        return try APIJSON.response(detail)
    }
}

extension RequestContext {
    /// The route's `protocol` parameter as a case number; a `400` problem when it is not one.
    func caseNumber() throws -> CaseNumber {
        guard let text = parameters.get("protocol"), let number = try? CaseNumber(validating: text) else {
            throw APIProblem(.badRequest, code: "invalid-protocol", english: "invalid protocol number",
                             portuguese: "número de protocolo inválido")
        }
        return number
    }
}
