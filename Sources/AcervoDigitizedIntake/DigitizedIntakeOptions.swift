public import AcervoCore
public import AcervoDigitize
public import AcervoPolicy
public import Foundation

/// How a scanned document is made into the legal digital document (Decreto 10.278/2020) on its way into a
/// case: the Anexo I profile, the PDF/A part, the OCR languages, the operator's signing identity, the
/// Anexo II metadata the operator gives, and who files it.
///
/// The document's Anexo II metadata combines, each later source taking the place of an earlier one field by
/// field (see `ArchivalMetadata.overlaid(with:)`):
/// 1. the kind's `archive:` section in the policy (classification plan and retention table);
/// 2. ``settings``: the operator's or the scanning station's (responsável, local da digitalização);
/// 3. ``metadataFile``: the fields of the document's metadata file (`--metadata FILE.json`);
/// 4. ``fields``: fields given explicitly (flags, a form).
///
/// The identifier, the date and time of digitization and the page hashes are Acervo's to fill.
public struct DigitizedIntakeOptions: Sendable {
    /// The Anexo I profile the pages are held to; `foto` and `planta` make a PNG instead of a PDF/A.
    public var profile: DigitizationProfile
    /// The PDF/A part written (ignored for PNG output).
    public var conformance: PDFAConformance
    /// The OCR languages; `none` writes no text layer.
    public var ocr: OCRLanguages
    /// The resolution the operator states for pages whose files declare none.
    public var statedDPI: Double?
    /// The operator's signing identity, loaded (and so checked) before the intake; `nil` stores an
    /// unsigned document, which lacks the decree's legal equivalence and says so in custody.
    public var signer: SigningIdentity?
    /// Anexo II fields from the operator's or station's settings.
    public var settings: ArchivalMetadata
    /// Anexo II fields from the document's metadata file.
    public var metadataFile: ArchivalMetadata
    /// Anexo II fields given explicitly: they win over every other source.
    public var fields: ArchivalMetadata
    /// Who files the document, recorded in the custody log.
    public var operatorName: String
    /// How the pages arrived.
    public var channel: Channel
    /// Where the OCR engine finds its language models.
    public var tessdata: TessdataDirectory
    /// The most pages decoded and read at once.
    public var concurrentPages: Int
    /// What a document missing mandatory Anexo II fields gets: an error naming them before any page file is
    /// received (the default), or, for a scanning station that cannot know a letter's author and must never
    /// lose a page, the document stored with the fields it has and a `metadata-incomplete` finding.
    public var incompleteMetadata: DigitizationRequest.IncompleteMetadata
    /// The scanned cover sheet that started the document in its stack, when a scanning station split one:
    /// a page file (one page) stored beside the document as `folha-de-rosto.<ext>` and named, with its
    /// SHA-256, in the `digitized` custody event. The sheet is no page of the document.
    public var coverSheet: URL?
    /// The names recorded for the page files (declared names, sanitized like an upload's), in the pages'
    /// order; `nil`, or a list of another length, records each file's own name. A scanning station gives the
    /// scanner's names here, not those of its copies in hand.
    public var pageNames: [String]?

    /// Options for a document of `profile`; by default PDF/A-2b, Portuguese and English OCR, unsigned, no
    /// metadata beyond the policy's, filed by `api` through the `api` channel.
    public init(profile: DigitizationProfile = .texto, conformance: PDFAConformance = .pdfA2b,
                ocr: OCRLanguages = .standard, statedDPI: Double? = nil, signer: SigningIdentity? = nil,
                settings: ArchivalMetadata = ArchivalMetadata(), metadataFile: ArchivalMetadata = ArchivalMetadata(),
                fields: ArchivalMetadata = ArchivalMetadata(), operatorName: String = "api", channel: Channel = .api,
                tessdata: TessdataDirectory = .located(),
                concurrentPages: Int = ProcessInfo.processInfo.activeProcessorCount,
                incompleteMetadata: DigitizationRequest.IncompleteMetadata = .refused, coverSheet: URL? = nil) {
        self.profile = profile
        self.conformance = conformance
        self.ocr = ocr
        self.statedDPI = statedDPI
        self.signer = signer
        self.settings = settings
        self.metadataFile = metadataFile
        self.fields = fields
        self.operatorName = operatorName
        self.channel = channel
        self.tessdata = tessdata
        self.concurrentPages = max(1, concurrentPages)
        self.incompleteMetadata = incompleteMetadata
        self.coverSheet = coverSheet
    }

    /// The document's Anexo II metadata for paper of `kind` under `policy`, combined in the documented
    /// order, with the fields Acervo fills still empty.
    ///
    /// - Throws: `invalidArgument` when the kind has no `archive:` section (paper of that kind is not
    ///   digitized as a legal document: the decree does not cover identity documents, for one), or when a
    ///   field the operator must give is still missing, naming each (unless ``incompleteMetadata`` is
    ///   `flagged`).
    public func metadata(for kind: DocumentKind, policy: Policy) throws(AcervoError) -> ArchivalMetadata {
        guard let archive = policy.rule(for: kind).archive else {
            throw AcervoError(.invalidArgument,
                              english: "kind '\(kind.rawValue)' has no archive: section in the policy, so it is not digitized as a legal document",
                              portuguese: "o tipo '\(kind.rawValue)' não tem seção archive: na política, então não é digitalizado como documento legal")
        }
        var combined = archive.overlaid(with: settings).overlaid(with: metadataFile).overlaid(with: fields)
        combined.identifier = nil
        combined.digitizedAt = nil
        combined.pageHashes = []
        let missing = combined.missingFields.filter { ![.identificador, .dataDigitalizacao, .hashImagens].contains($0) }
        guard missing.isEmpty || incompleteMetadata == .flagged else { throw ArchivalMetadata.missingFieldsError(missing) }
        return combined
    }
}
