public import Foundation

/// The legal digital document made from scanned paper (Decreto 10.278/2020), as the evidence record of its
/// first page keeps it: where it is in the case, what it is, who signed it, and its Anexo II metadata.
///
/// The page files themselves are the originals, each its own evidence, byte for byte as the scanner wrote
/// them; the document is stored beside the first page as a derivative
/// (`derivatives/<first page's evidence id>/documento.pdf`, or `documento.png` with `documento.png.p7s`
/// for the `foto` and `planta` profiles).
public struct DigitizedDocument: Sendable, Hashable, Codable {
    /// The signer of a document, as the certificate names them.
    public struct Signer: Sendable, Hashable, Codable {
        /// The holder's name (the certificate's common name without the CPF).
        public var name: String
        /// The holder's CPF, when the certificate carries it (ICP-Brasil puts it in the common name or
        /// the subject alternative name).
        public var cpf: String?
        /// The issuing authority's name.
        public var issuer: String
        /// The certificate's serial number, hexadecimal.
        public var serialNumber: String
        /// The end of the certificate's validity.
        public var notAfter: Date

        /// Makes a signer.
        public init(name: String, cpf: String?, issuer: String, serialNumber: String, notAfter: Date) {
            self.name = name
            self.cpf = cpf
            self.issuer = issuer
            self.serialNumber = serialNumber
            self.notAfter = notAfter
        }
    }

    /// The document's logical path in the case object.
    public var path: String
    /// The detached CAdES signature's logical path (`foto` and `planta` documents, which are PNG).
    public var signaturePath: String?
    /// SHA-256 of the document's bytes (after signing), lowercase hex.
    public var sha256: String
    /// Its size in bytes.
    public var byteCount: Int64
    /// What it is: `pdf-a-2b`, `pdf-a-1b` or `png`.
    public var format: String
    /// The Anexo I profile it was checked against (`texto`, `colorido`, `foto`…).
    public var profile: String
    /// The evidence ids of the page files, in the order their pages appear (a multi-page file once).
    public var sources: [UUID]
    /// How many pages the document has.
    public var pageCount: Int
    /// Words of its OCR text layer; 0 when OCR was not run.
    public var ocrWords: Int
    /// Whether it carries a signature (Art. 5 of the decree asks for one for legal equivalence).
    public var signed: Bool
    /// Who signed it.
    public var signer: Signer?
    /// Its Anexo II metadata, as written into its XMP.
    public var metadata: ArchivalMetadata
    /// The quality gate's findings that did not refuse it, as `code` or `code (page N)`.
    public var findings: [String]

    /// Makes a description of a digitized document.
    public init(path: String, signaturePath: String? = nil, sha256: String, byteCount: Int64, format: String,
                profile: String, sources: [UUID], pageCount: Int, ocrWords: Int, signed: Bool, signer: Signer?,
                metadata: ArchivalMetadata, findings: [String]) {
        self.path = path
        self.signaturePath = signaturePath
        self.sha256 = sha256
        self.byteCount = byteCount
        self.format = format
        self.profile = profile
        self.sources = sources
        self.pageCount = pageCount
        self.ocrWords = ocrWords
        self.signed = signed
        self.signer = signer
        self.metadata = metadata
        self.findings = findings
    }
}
