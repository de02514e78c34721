import AcervoCore
import AcervoDigitize
import Foundation
import Testing

/// Real scans from `../shared/corpus/scans` (scanner software's PDFs, PNG, JPEG, TIFF), read in place.
@Suite(needsCorpus) struct DigitizeCorpusPageTests {
    let scans = corpusRoot.appending(path: "scans")
    let dir = TemporaryDirectory("acervo-digitize-corpus")

    func read(_ names: [String]) throws -> ScannedDocument {
        let paths = names.map { scans.appending(path: $0).path }
        try #require(paths.allSatisfy { FileManager.default.fileExists(atPath: $0) }, "corpus scans missing")
        return try ScannedDocument.read(paths: paths)
    }

    /// poppler's decoding of a PDF's first image, as a PBM: an independent decoder to hold ours to.
    func popplerBits(_ name: String, in file: URL? = nil) throws -> [UInt8] {
        let prefix = dir.url.appending(path: name + (file == nil ? "" : "-written")).path
        let source = file ?? scans.appending(path: name)
        let result = try runCommand(try #require(which("pdfimages")), ["-f", "1", "-l", "1", source.path, prefix])
        try #require(result.status == 0)
        let pbm = [UInt8](try Data(contentsOf: URL(fileURLWithPath: prefix + "-000.pbm")))
        // "P4\n<width> <height>\n" then the rows, 1 for black.
        var newlines = 0, at = 0
        while newlines < 2 { if pbm[at] == 10 { newlines += 1 }; at += 1 }
        return Array(pbm[at...])
    }

    @Test(arguments: ["epson.pdf", "jbig2.pdf", "cardinal.pdf"])
    func bitonalScansDecodeAsPopplerDecodesThem(_ name: String) throws {
        defer { dir.cleanUp() }
        let document = try read([name])
        let page = try #require(document.pages.first)
        #expect(page.page.colour == .bitonal)
        #expect(abs((page.page.dpiX ?? 0) - 300) < 0.5 && abs((page.page.dpiY ?? 0) - 300) < 0.5)
        let raster = try document.image(of: page).raster
        #expect([UInt8](raster.pixels) == (try popplerBits(name)))
    }

    /// Scanner software's JBIG2 pages go into the PDF/A as stored, shared symbols and all: poppler decodes
    /// the same pixels from both, and the document is a fraction of what G4 made it (cardinal.pdf's four
    /// pages: 466 KB in G4).
    @Test(arguments: ["jbig2.pdf", "cardinal.pdf"])
    func jbig2ScansKeepTheirStreams(_ name: String) async throws {
        defer { dir.cleanUp() }
        let output = dir.url.appending(path: "documento-\(name)")
        let request = DigitizationRequest(pages: [scans.appending(path: name).path], profile: .texto,
                                          conformance: .pdfA1b, ocr: .none, metadata: SyntheticPage.metadata)
        guard case .written = try await Digitizer().digitize(request, to: output) else { Issue.record("refused"); return }
        let listing = try runCommand(try #require(which("pdfimages")), ["-list", output.path]).stdout
        #expect(!listing.contains("ccitt") && listing.contains("jbig2"), "\(listing)")
        #expect(try popplerBits(name, in: output) == (try popplerBits(name)))
        let bytes = try Data(contentsOf: output)
        #expect((bytes.range(of: Data("/JBIG2Globals".utf8)) != nil) == (name == "jbig2.pdf"))
        if name == "cardinal.pdf" { #expect(bytes.count < 400_000, "\(bytes.count) bytes") }
        if PDFValidators.preflightAvailable {
            let preflight = try await offPool { try PDFValidators.preflight(output) }
            #expect(preflight.stdout.contains("is a valid PDF/A-1b file"), "\(preflight.stdout)")
        }
    }

    @Test func scannerPDFsGiveTheirPagesAndRefuseWhatIsNotAScan() throws {
        let cardinal = try read(["cardinal.pdf"])
        #expect(cardinal.findings.isEmpty)
        // The same page stored turned four ways, set upright by /Rotate.
        #expect(cardinal.pages.map(\.page.quarterTurns) == [0, 1, 2, 3])
        #expect(cardinal.pages.allSatisfy { $0.page.compression == "jbig2" && !$0.page.lossyCompression })

        // JBIG2 with shared symbol dictionaries may substitute glyphs: flagged as lossy.
        let symbols = try read(["jbig2.pdf"])
        #expect(symbols.pages.first?.page.lossyCompression == true)

        let french = try read(["francais.pdf"])
        let jpegPage = try #require(french.pages.first)
        #expect(jpegPage.page.compression == "jpeg" && jpegPage.page.colour == .greyscale)
        #expect(try french.image(of: jpegPage).capturedJPEG?.starts(with: [0xFF, 0xD8]) == true)

        let palette = try read(["palette.pdf"])
        #expect(palette.pages.first?.page.dpiX == 96)

        let mixed = try read(["multipage.pdf"])
        #expect(mixed.pages.map(\.page.number) == [1, 2, 3, 5])
        #expect(mixed.findings.map(\.page) == [4, 6])
        #expect(mixed.findings.allSatisfy { $0.code == .unsupportedPage })

        let blank = try read(["blank.pdf"])
        #expect(blank.findings.map(\.detail) == ["blank.pdf: not an image-only scan: the page draws no image"])
        #expect(blank.findings.map { $0.messagePortuguese.hasSuffix(
            "(blank.pdf: não é uma digitalização só de imagem: a página não desenha imagem alguma)") } == [true])
        // Scanning software straightened this page by drawing it turned by 92.8°: the operator is told so,
        // and what to do, in both languages.
        let skewed = try read(["rotated_skew.pdf"])
        #expect(skewed.findings.map(\.detail) == ["rotated_skew.pdf: the image is drawn turned by 92.8°, not by quarter "
            + "turns; export the pages as TIFF or scan again without straightening"])
        #expect(skewed.findings.first?.detailPortuguese?.contains("girada em 92,8°") == true)

        // 200 × 100 dpi behind a transparency mask: the page is described, so the gate names its resolution
        // too, and the mask refuses it.
        let aspect = try read(["aspect.pdf"])
        let page = try #require(aspect.pages.first)
        #expect(page.page.dpiX == 200 && page.page.dpiY == 100)
        #expect(aspect.findings.map(\.code) == [.unsupportedPage])
        #expect(aspect.findings.first?.detail == "aspect.pdf: the page image has a transparency mask")
        let gate = QualityGate(profile: .texto).inspect(page.page)
        #expect(gate.map(\.code).contains(.resolutionTooLow))
    }

    @Test func imageScansGiveTheirPages() throws {
        let document = try read(["8071_093.3B.tif", "baiona_gray.png", "baiona_color.jpg", "phototest-rotated-L.png"])
        #expect(document.findings.isEmpty)
        #expect(document.pages.map(\.page.number) == [1, 2, 3, 4])
        #expect(document.pages.map(\.format) == [.tiff, .png, .jpeg, .png])
        #expect(document.pages.map(\.page.colour) == [.bitonal, .greyscale, .rgb, .bitonal])
        #expect(abs((document.pages[3].page.dpiX ?? 0) - 200) < 0.01)
        for page in document.pages {
            let image = try document.image(of: page)
            #expect(image.raster.pixels.count == image.raster.bytesPerRow * image.raster.height)
            #expect((image.capturedJPEG != nil) == (page.format == .jpeg))
        }
    }
}
