public import Acervo
import AcervoDigitizedIntake
public import AcervoCore
public import AcervoDigitize
import Foundation
import Synchronization

/// Files a document as the legal digital document (Decreto 10.278/2020): its page files, byte for byte,
/// as the originals, and the signed, searchable PDF/A (or PNG and `.p7s`) made from them, as one case
/// version, through the library's ``Acervo/EvidenceArchive/intakeDigitized(pages:case:kind:options:progress:)``.
///
/// The document's Anexo II metadata combines the kind's `archive:` section in the policy, the station's
/// settings (`responsavel_digitalizacao`, `local_digitalizacao`) and what the route knows of the document
/// (its título); a field still missing — a station cannot know a letter's author — never refuses the
/// document: it is filed with a `metadata-incomplete` finding, for completion. The Anexo I quality gate
/// holds the pages to the route's profile; a document it refuses has every page file in the store's
/// quarantine with the reason codes, and the filer returns it as ``FiledDocument/refused``.
///
/// A kind the decree does not cover (no `archive:` section in the policy: identity documents, photos of
/// the consumer's own, audio and video) is filed as evidence copies, as ``IntakeFiler`` files it.
public struct DigitizingFiler: DocumentFiler {
    /// The archive the documents go to.
    public let archive: EvidenceArchive
    /// Who files, recorded in the custody log.
    public let operatorName: String
    /// The operator's signing identity, loaded once; `nil` files unsigned documents (which say they lack
    /// the decree's legal equivalence).
    public let signer: SigningIdentity?
    /// The OCR languages; `none` writes no text layer.
    public let ocr: OCRLanguages
    /// Anexo II: responsável and local da digitalização.
    public let settingsMetadata: ArchivalMetadata
    /// Where the OCR engine finds its language models.
    public let tessdata: TessdataDirectory
    private let copies: IntakeFiler

    /// A filer into `archive` signing with `signer`, reading text in `ocr`, with the station's Anexo II
    /// fields `responsavel` and `local`.
    public init(archive: EvidenceArchive, operatorName: String, signer: SigningIdentity?, ocr: OCRLanguages = .standard,
                responsavel: String? = nil, local: String? = nil, tessdata: TessdataDirectory = .located()) {
        self.archive = archive
        self.operatorName = operatorName
        self.signer = signer
        self.ocr = ocr
        self.settingsMetadata = ArchivalMetadata(digitizedBy: responsavel, digitizationPlace: local)
        self.tessdata = tessdata
        copies = IntakeFiler(archive: archive, operatorName: operatorName)
    }

    /// A filer as a station's `settings` describe it: its signing identity loaded (and so checked) now,
    /// before the station watches anything, its OCR languages and its Anexo II fields.
    ///
    /// - Throws: `invalidArgument` when the certificate cannot sign — an unreadable PKCS#12 or PIN file, a
    ///   wrong PIN, an expired or not yet valid certificate, one not for signing (the PIN is never in the
    ///   message); `library` when an OCR language's model is not installed.
    public init(archive: EvidenceArchive, operatorName: String, settings: StationSettings,
                tessdata: TessdataDirectory = .located()) throws(AcervoError) {
        try tessdata.check(settings.ocr)
        var signer: SigningIdentity?
        if let pkcs12 = settings.signPKCS12, let pinFile = settings.signPINFile {
            do {
                signer = try SigningIdentity(pkcs12: pkcs12, pinFile: pinFile)
            } catch let error as SigningError {
                throw error.acervoError
            } catch {
                throw AcervoError(.invalidArgument, english: "cannot load the signing certificate \(pkcs12): \(error)",
                                  portuguese: "não foi possível carregar o certificado de assinatura \(pkcs12): \(error)",
                                  path: pkcs12)
            }
        }
        self.init(archive: archive, operatorName: operatorName, signer: signer, ocr: settings.ocr,
                  responsavel: settings.responsavelDigitalizacao, local: settings.localDigitalizacao, tessdata: tessdata)
    }

    /// The records of the document's case, of its kind, whose content is one of its pages': the page files
    /// are kept as originals, as ``IntakeFiler`` keeps them.
    public func holdings(of document: RoutedDocument) async throws(AcervoError) -> StoreHoldings {
        try await copies.holdings(of: document)
    }

    /// Digitizes the document and takes it into its case with its page files, as one new case version;
    /// `progress` hears of each page the digitizer finishes. The findings returned are those recorded with
    /// the document, or, when it was refused, those that refused it.
    public func file(_ document: RoutedDocument, progress: @escaping @Sendable (FilingProgress) -> Void)
    async throws(AcervoError) -> FiledDocument {
        guard archive.policy.rule(for: document.kind).archive != nil else {
            return try await copies.file(document, progress: progress)
        }
        var options = DigitizedIntakeOptions(
            profile: document.profile, ocr: ocr, signer: signer, settings: settingsMetadata,
            fields: ArchivalMetadata(title: document.metadata.title), operatorName: operatorName, channel: .scanStation,
            tessdata: tessdata, incompleteMetadata: .flagged, coverSheet: document.coverSheet?.url)
        // The scanner's names (`lote-p2-3.tif` for some pages of a stack's file), not those of the copies in hand.
        options.pageNames = document.pages.map(\.recordedName)
        let report = try await archive.intakeDigitized(pages: document.pages.map(\.url), case: document.caseNumber,
                                                       kind: document.kind, options: options) { step in
            if case .digitization(let done) = step, done.stage == .page {
                progress(FilingProgress(pagesDone: done.pagesDone, pageCount: done.pageCount))
            }
        }
        return FiledDocument(version: report.intake.version, pages: report.intake.items.map { item in
            FiledPage(sha256: item.sha256, evidenceID: item.evidenceID, verdict: item.verdict,
                      reasons: item.reasons.filter { $0.verdict != .accepted }.map(\.code.rawValue), duplicateOf: item.duplicateOf)
        }, findings: (report.refused ? report.findings.filter { $0.verdict != .accepted } : report.findings).map(\.code.rawValue))
    }
}
