public import AcervoCore
public import AcervoDigitize
import AcervoStore
import Foundation

/// What the intake of a scanned document did: each page file's outcome, and the document made from them
/// or the findings that refused it.
public struct DigitizedIntakeReport: Sendable {
    /// One item per page file, in the order given, as an intake reports them: accepted pages are evidence
    /// in the case; when the document was refused, every page file is in the quarantine with its reasons.
    public var intake: IntakeReport
    /// The document as the first page's evidence record keeps it; `nil` when it was refused.
    public var document: DigitizedDocument?
    /// Every finding of the Anexo I quality gate, in page order, whether it refused the document or was
    /// only recorded; empty when the pages were refused before the gate read them.
    public var findings: [DigitizationFinding]

    /// Makes a report.
    public init(intake: IntakeReport, document: DigitizedDocument?, findings: [DigitizationFinding]) {
        self.intake = intake
        self.document = document
        self.findings = findings
    }

    /// Whether the document was refused (by the quality gate or by a page's verdict): nothing is in the case.
    public var refused: Bool { document == nil }
}

/// How far the intake of a scanned document is: the page files' intake steps, then the digitizer's,
/// page by page.
public enum DigitizedIntakeProgress: Sendable, Hashable {
    /// A page file moved through receive, identify and judge, or the version was stored.
    case intake(IntakeProgress)
    /// A page was decoded, checked and read, or the document is being written or was written.
    case digitization(DigitizationProgress)
}

/// A report encodes as the intake's `{"case", "version", "items"}`, with `document` (the stored document,
/// absent when refused) and `findings` (`{code, page, verdict, detail, message, message_pt}` each).
extension DigitizedIntakeReport: Encodable {
    /// Writes the report.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try c.encode(intake.caseNumber.rawValue, forKey: "case")
        try c.encodeIfPresent(intake.version, forKey: "version")
        try c.encode(intake.items, forKey: "items")
        if let document {
            var d = c.nestedContainer(keyedBy: ReportJSON.Key.self, forKey: "document")
            try document.encodeReport(to: &d)
        }
        try c.encode(findings, forKey: "findings")
    }
}
