public import AcervoCore
public import Foundation

/// What to digitize and how: the page files in order, the Anexo I profile, the PDF/A part, the OCR
/// languages, the Anexo II metadata, and the operator's signing identity.
///
/// The metadata is the operator's, already combined from its sources (the policy's `archive:` section,
/// the station's or operator's settings, a metadata file, flags: see
/// `ArchivalMetadata.overlaid(with:)`); the ``Digitizer`` fills what is Acervo's (the identifier, the
/// date of digitization, the page hashes) and refuses a document whose mandatory fields are still empty.
public struct DigitizationRequest: Sendable {
    /// The page files, in order: a multi-page TIFF or PDF gives all its pages.
    public var pages: [String]
    /// The Anexo I profile the pages are held to; `foto` and `planta` make a PNG instead of a PDF/A.
    public var profile: DigitizationProfile
    /// The PDF/A part written (ignored for PNG output).
    public var conformance: PDFAConformance
    /// The OCR languages; `none` writes no text layer (a PNG never has one).
    public var ocr: OCRLanguages
    /// The resolution the operator states, for pages whose files declare none.
    public var statedDPI: Double?
    /// The Anexo II metadata given for the document.
    public var metadata: ArchivalMetadata
    /// The operator's signing identity, loaded (and so checked) before any page is read; `nil` writes an
    /// unsigned document, which lacks the decree's legal equivalence and says so.
    public var signer: SigningIdentity?
    /// The pages' limits (pixels, bytes), checked from their headers.
    public var limits: PageLimits
    /// How the policy grades the quality gate's findings.
    public var grades: DigitizationGrades
    /// Where the OCR engine finds its language models.
    public var tessdata: TessdataDirectory
    /// The most pages decoded and read at once.
    public var concurrentPages: Int
    /// What a document missing mandatory Anexo II fields gets: an error naming them before any page is
    /// read (`acervo digitize`), or written with what it has and a `metadata-incomplete` finding (the
    /// scanning station, which cannot know a letter's author and must never lose a page).
    public var incompleteMetadata: IncompleteMetadata

    /// What to do with a document whose mandatory Anexo II fields are not all given.
    public enum IncompleteMetadata: Sendable, Hashable {
        /// Throw the error that names the missing fields, before any page is read.
        case refused
        /// Write the document with the fields it has, and flag it for completion.
        case flagged
    }

    /// Makes a request; by default PDF/A-2b, Portuguese and English OCR, unsigned, the standard limits,
    /// the built-in grades, and as many pages at once as there are active processors.
    public init(pages: [String], profile: DigitizationProfile, conformance: PDFAConformance = .pdfA2b,
                ocr: OCRLanguages = .standard, statedDPI: Double? = nil, metadata: ArchivalMetadata,
                signer: SigningIdentity? = nil, limits: PageLimits = .standard, grades: DigitizationGrades = .builtIn,
                tessdata: TessdataDirectory = .located(),
                concurrentPages: Int = ProcessInfo.processInfo.activeProcessorCount,
                incompleteMetadata: IncompleteMetadata = .refused) {
        self.pages = pages
        self.profile = profile
        self.conformance = conformance
        self.ocr = ocr
        self.statedDPI = statedDPI
        self.metadata = metadata
        self.signer = signer
        self.limits = limits
        self.grades = grades
        self.tessdata = tessdata
        self.concurrentPages = max(1, concurrentPages)
        self.incompleteMetadata = incompleteMetadata
    }

    /// The format of the document this request makes: `pdf-a-2b`, `pdf-a-1b` or `png`.
    public var format: String {
        profile.outputIsPNG ? "png" : conformance == .pdfA1b ? "pdf-a-1b" : "pdf-a-2b"
    }
}
