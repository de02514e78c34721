import AcervoCore
import AcervoDigitize
import CQPDF
import Foundation
import Testing

/// The PDF/A writer, checked by the validators archives use: PDFBox Preflight, pikepdf, qpdf, poppler.
@Suite struct DigitizePDFATests {
    let dir = TemporaryDirectory("acervo-pdfa")

    /// A bitonal page with text, a grey page, a colour page at 400 dpi: one of each kind a scan gives.
    func document(_ conformance: PDFAConformance, name: String,
                  beforeWriting: ((qpdf_data) throws -> Void)? = nil) throws -> URL {
        let writer = try PDFAWriter(conformance: conformance, metadata: SyntheticPage.metadata)
        try writer.addPage(SyntheticPage.bitonal(1), words: SyntheticPage.words())
        try writer.addPage(SyntheticPage.grey(2), words: SyntheticPage.words())
        try writer.addPage(SyntheticPage.rgb(3, dpi: 400))
        let url = dir.url.appending(path: name)
        try writer.write(to: url, beforeWriting: beforeWriting)
        return url
    }

    @Test(.enabled(if: PDFValidators.preflightAvailable, "skipped: PDFBox Preflight (libpdfbox2-java) or java is missing"))
    func pdfA1bPassesPreflight() throws {
        defer { dir.cleanUp() }
        let url = try document(.pdfA1b, name: "a1b.pdf")
        let result = try PDFValidators.preflight(url)
        #expect(result.stdout.contains("is a valid PDF/A-1b file"), "\(result.stdout)\(result.stderr)")
        let head = try Data(contentsOf: url).prefix(8)
        #expect(String(decoding: head, as: UTF8.self) == "%PDF-1.4")
    }
}
