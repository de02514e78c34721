public import AcervoCore
public import Foundation

/// What a ``Digitizer`` did with a document: written under its name, or refused by the quality gate with
/// nothing written.
public enum DigitizationOutcome: Sendable {
    /// The document is written (and signed, when a signer was given).
    case written(DigitizationResult)
    /// The quality gate refused the document: at least one finding is `rejected`. Nothing was written;
    /// the findings (all of them, in page order) say why, and `pageCount` is how many pages the files gave
    /// (each one's header read, whether or not its pixels were).
    case refused([DigitizationFinding], pageCount: Int)

    /// Every finding, whether the document was written or refused.
    public var findings: [DigitizationFinding] {
        switch self {
        case .written(let result): result.findings
        case .refused(let findings, _): findings
        }
    }

    /// The pages read: those of the written document, or those the files of a refused one gave.
    public var pageCount: Int {
        switch self {
        case .written(let result): result.pageCount
        case .refused(_, let pageCount): pageCount
        }
    }
}

/// A written document: where it is, what it holds, its hash, its signature and the gate's findings.
public struct DigitizationResult: Sendable {
    /// The document's file.
    public var output: URL
    /// The detached CAdES signature beside a signed PNG (`<output>.p7s`); `nil` for a PDF/A.
    public var signatureFile: URL?
    /// `pdf-a-2b`, `pdf-a-1b` or `png`.
    public var format: String
    /// The Anexo I profile the pages were held to.
    public var profile: DigitizationProfile
    /// The document's pages.
    public var pageCount: Int
    /// Words in the text layer; 0 without OCR.
    public var ocrWords: Int
    /// SHA-256 of the file as written (signed), lowercase hex: what the store and dossier manifests hold.
    public var sha256: String
    /// Its size in bytes.
    public var byteCount: Int64
    /// The Anexo II metadata as written into the document, with what Acervo filled.
    public var metadata: ArchivalMetadata
    /// The signer's certificate; `nil` for an unsigned document.
    public var signer: SignerCertificate?
    /// The findings that did not refuse the document (flagged pages, lossy sources), in page order.
    public var findings: [DigitizationFinding]

    /// Whether the document carries a signature.
    public var signed: Bool { signer != nil }

    /// The description the store keeps of this document (see `DigitizedDocument`), once it is at `path`
    /// in the case and its pages are the evidence `sources`.
    public func description(path: String, signaturePath: String?, sources: [UUID]) -> DigitizedDocument {
        DigitizedDocument(
            path: path, signaturePath: signaturePath, sha256: sha256, byteCount: byteCount, format: format,
            profile: profile.rawValue, sources: sources, pageCount: pageCount, ocrWords: ocrWords, signed: signed,
            signer: signer.map {
                DigitizedDocument.Signer(name: $0.holderName, cpf: $0.cpf, issuer: $0.issuer,
                                         serialNumber: $0.serialNumber, notAfter: $0.notAfter)
            },
            metadata: metadata,
            findings: findings.map { finding in finding.page.map { "\(finding.code.rawValue) (page \($0))" } ?? finding.code.rawValue })
    }
}
