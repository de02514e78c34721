/// The PDF/A part and level a digitized document claims (ISO 19005), as `--pdfa` names it.
///
/// Both are level B (the page looks the same forever); they differ where the parts do: PDF/A-1b is PDF
/// 1.4, so no object streams and no transparency; PDF/A-2b is PDF 1.7 and may pack objects into
/// compressed object streams.
public enum PDFAConformance: String, Sendable, Hashable, CaseIterable, Codable {
    /// PDF/A-2b (ISO 19005-2, PDF 1.7): the default.
    case pdfA2b = "2b"
    /// PDF/A-1b (ISO 19005-1, PDF 1.4): for archives that take only part 1.
    case pdfA1b = "1b"

    /// The part, for `pdfaid:part`.
    var part: Int { self == .pdfA1b ? 1 : 2 }
    /// The PDF version the file declares.
    var pdfVersion: String { self == .pdfA1b ? "1.4" : "1.7" }
}
