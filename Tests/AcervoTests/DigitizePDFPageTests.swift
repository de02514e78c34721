import AcervoCore
import AcervoDigitize
import Crypto
import Foundation
import Testing

/// Image-only PDFs as scanner software writes them, read through qpdf: each page's one image, its
/// resolution from the size it is drawn at, its pixels through the codec its filter names.
@Suite(needsPDFTools) struct DigitizePDFPageTests {
    let dir = TemporaryDirectory("acervo-digitize-pdf")

    func url(_ name: String) -> URL { dir.url.appending(path: name) }

    /// Writes `bytes` and returns the path, for a page's data.
    func data(_ name: String, _ bytes: [UInt8]) throws -> String { try dir.file(name, bytes).path }

    /// A bitonal test page and its Group 4 data from libtiff's encoder.
    func g4(width: Int, height: Int) throws -> (bits: [UInt8], data: [UInt8]) {
        let bits = TestPageFiles.bitonalPattern(width: width, height: height)
        try TestPageFiles.g4TIFF(url("g4-\(width)x\(height).tif"), bits: bits, width: width, height: height)
        return (bits, try TestPageFiles.g4Data(of: url("g4-\(width)x\(height).tif")))
    }

    /// A one-page PDF at `name` of a 200 × 120 bitonal JBIG2 image (generic region, MMR) drawn at 300 dpi,
    /// `indexed` through that table over RGB when given; returns the page's bits and its JBIG2 stream.
    @discardableResult
    func jbig2PDF(_ name: String, indexed: [UInt8]? = nil) throws -> (bits: [UInt8], stream: [UInt8]) {
        // JBIG2's generic region coded with MMR is CCITT Group 4: the region's data comes from libtiff's
        // encoder, the segments around it are JBIG2's (T.88 7.4).
        let (bits, g4) = try g4(width: 200, height: 120)
        let stream = TestPageFiles.jbig2MMR(g4: g4, width: 200, height: 120)
        try TestPDF.build([TestPDFPage(data: try data("jb2", stream), width: 200, height: 120,
                                       colorspace: indexed == nil ? "/DeviceGray" : "/DeviceRGB", bpc: 1,
                                       filter: "/JBIG2Decode", indexed: indexed,
                                       content: TestPDF.drawn(width: 48, height: 28.8), mediaBox: [0, 0, 48, 28.8])],
                          to: url(name))
        return (bits, stream)
    }

    func read(_ paths: [URL], limits: PageLimits = .standard) throws -> ScannedDocument {
        try ScannedDocument.read(paths: paths.map(\.path), limits: limits)
    }

    @Test func ccittGroup4PageAtItsDrawnResolution() throws {
        defer { dir.cleanUp() }
        let (bits, data) = try g4(width: 300, height: 150)
        // 300 × 150 px over 72 × 36 pt (1 × 0.5 in): 300 dpi both ways.
        try TestPDF.build([
            TestPDFPage(data: try self.data("g4", data), width: 300, height: 150, bpc: 1, filter: "/CCITTFaxDecode",
                        parms: ["K": -1, "Columns": 300, "Rows": 150], content: TestPDF.drawn(width: 72, height: 36),
                        mediaBox: [0, 0, 72, 36]),
            // The same as a mask painted where the filter gives 1, with BlackIs1: two inversions that cancel.
            TestPDFPage(data: try self.data("g4", data), width: 300, height: 150, colorspace: nil, bpc: nil,
                        filter: "/CCITTFaxDecode", parms: ["K": -1, "Columns": 300], flags: ["BlackIs1": true],
                        decode: [1, 0], mask: true, content: TestPDF.drawn(width: 72, height: 36), mediaBox: [0, 0, 72, 36]),
        ], to: url("g4.pdf"))
        let document = try read([url("g4.pdf")])
        #expect(document.findings.isEmpty, "\(document.findings.map(\.message))")
        #expect(document.pages.map(\.page.number) == [1, 2])
        #expect(document.pages.map(\.page.indexInFile) == [0, 1])
        for page in document.pages {
            #expect(page.format == .pdf)
            #expect(page.page.colour == .bitonal && page.page.compression == "ccitt-g4" && !page.page.lossyCompression)
            #expect(page.page.dpiX == 300 && page.page.dpiY == 300)
            #expect(page.page.width == 300 && page.page.height == 150)
            let raster = try document.image(of: page).raster
            #expect(raster.colour == .bitonal)
            #expect([UInt8](raster.pixels) == bits)
        }
    }

    @Test func pageDrawnAtTwoHundredByOneHundredDPIIsReportedSo() throws {
        defer { dir.cleanUp() }
        let grey = TestPageFiles.greyPattern(width: 400, height: 200)
        try TestPDF.build([TestPDFPage(data: try data("grey", grey), width: 400, height: 200, deflate: true,
                                       content: TestPDF.drawn(width: 144, height: 144), mediaBox: [0, 0, 144, 144])],
                          to: url("fax.pdf"))
        let document = try read([url("fax.pdf")])
        let page = try #require(document.pages.first).page
        #expect(page.dpiX == 200 && page.dpiY == 100)
        let findings = QualityGate(profile: .textoIlustrado).inspect(page)
        #expect(findings.map(\.code) == [.resolutionTooLow])
        #expect(findings.first?.detail.hasPrefix("200 × 100 dpi") == true)
    }

    @Test func flateImagesOfEveryColourGiveTheirSamples() throws {
        defer { dir.cleanUp() }
        let grey = TestPageFiles.greyPattern(width: 30, height: 20)
        let rgb = TestPageFiles.rgbPattern(width: 30, height: 20)
        // 4-bit grey, two pixels a byte: 0x0F is black then white.
        let nibbles = [UInt8](repeating: 0x0F, count: 15 * 20)
        let indices = (0..<600).map { UInt8($0 % 3) }
        let table: [UInt8] = [200, 10, 10, 10, 200, 10, 10, 10, 200]
        let drawn = TestPDF.drawn(width: 7.2, height: 4.8)  // 30 × 20 px at 300 dpi
        let box: [Double] = [0, 0, 7.2, 4.8]
        try TestPDF.build([
            TestPDFPage(data: try data("grey", grey), width: 30, height: 20, deflate: true, content: drawn, mediaBox: box),
            TestPDFPage(data: try data("rgb", rgb), width: 30, height: 20, colorspace: "/DeviceRGB", deflate: true,
                        content: drawn, mediaBox: box),
            TestPDFPage(data: try data("nibbles", nibbles), width: 30, height: 20, bpc: 4, deflate: true, content: drawn,
                        mediaBox: box),
            TestPDFPage(data: try data("indices", indices), width: 30, height: 20, colorspace: "/DeviceRGB", deflate: true,
                        indexed: table, content: drawn, mediaBox: box),
            TestPDFPage(data: try data("grey", grey), width: 30, height: 20, decode: [1, 0], deflate: true, content: drawn,
                        mediaBox: box),
            // Not compressed at all.
            TestPDFPage(data: try data("grey", grey), width: 30, height: 20, content: drawn, mediaBox: box),
        ], to: url("flate.pdf"))
        let document = try read([url("flate.pdf")])
        #expect(document.findings.isEmpty, "\(document.findings.map(\.message))")
        #expect(document.pages.map(\.page.colour) == [.greyscale, .rgb, .greyscale, .rgb, .greyscale, .greyscale])
        #expect(document.pages.map(\.page.compression) == ["flate", "flate", "flate", "flate", "flate", "none"])
        #expect(document.pages.allSatisfy { abs(($0.page.dpiX ?? 0) - 300) < 0.01 && abs(($0.page.dpiY ?? 0) - 300) < 0.01 })
        let rasters = try document.pages.map { try document.image(of: $0).raster }
        #expect([UInt8](rasters[0].pixels) == grey)
        #expect([UInt8](rasters[1].pixels) == rgb)
        #expect([UInt8](rasters[2].pixels) == (0..<600).map { $0 % 2 == 0 ? 0 : 255 })
        #expect([UInt8](rasters[3].pixels) == indices.flatMap { Array(table[(Int($0) * 3)..<(Int($0) * 3 + 3)]) })
        #expect([UInt8](rasters[4].pixels) == grey.map { 255 - $0 })
        #expect([UInt8](rasters[5].pixels) == grey)
    }

    @Test func jbig2PageDecodesThroughJbig2dec() throws {
        defer { dir.cleanUp() }
        let (bits, _) = try jbig2PDF("jbig2.pdf")
        let document = try read([url("jbig2.pdf")])
        #expect(document.findings.isEmpty, "\(document.findings.map(\.message))")
        let page = try #require(document.pages.first)
        #expect(page.page.compression == "jbig2" && page.page.colour == .bitonal && !page.page.lossyCompression)
        #expect(page.page.dpiX == 300 && page.page.dpiY == 300)
        #expect([UInt8](try document.image(of: page).raster.pixels) == bits)
    }

    /// A scanned PDF's JBIG2 page goes into the PDF/A as the scanner software stored it: the same stream
    /// bytes (a quarter of G4's size on text), which is also what its Anexo II hash is of.
    @Test func jbig2PageKeepsItsStreamUntouched() async throws {
        defer { dir.cleanUp() }
        let (_, stream) = try jbig2PDF("jbig2.pdf")
        let output = url("documento.pdf")
        let request = DigitizationRequest(pages: [url("jbig2.pdf").path], profile: .texto, conformance: .pdfA1b,
                                          ocr: .none, metadata: SyntheticPage.metadata)
        guard case .written(let result) = try await Digitizer().digitize(request, to: output) else {
            Issue.record("refused"); return
        }
        let listing = try runCommand(try #require(which("pdfimages")), ["-list", output.path]).stdout
        #expect(listing.contains(" jbig2 "), "\(listing)")
        let written = [UInt8](try Data(contentsOf: output))
        #expect(written.indices.contains { written[$0...].starts(with: stream) }, "the stream as stored")
        let hash = SHA256.hash(data: Data(stream)).map { String(format: "%02x", $0) }.joined()
        #expect(result.metadata.pageHashes == [hash])
        if PDFValidators.preflightAvailable {
            let preflight = try await offPool { try PDFValidators.preflight(output) }
            #expect(preflight.stdout.contains("is a valid PDF/A-1b file"), "\(preflight.stdout)")
        }
    }

    /// A JBIG2 page drawn through an indexed table (here index 0, the filter's black, is white) is not
    /// kept as stored: under the archived page's grey it would show the negative. It goes in as G4, and
    /// poppler renders both documents alike.
    @Test func jbig2PageThroughAnIndexedTableIsWrittenAsItShows() async throws {
        defer { dir.cleanUp() }
        try jbig2PDF("indexed.pdf", indexed: [255, 255, 255, 0, 0, 0])
        let output = url("documento.pdf")
        let request = DigitizationRequest(pages: [url("indexed.pdf").path], profile: .texto, conformance: .pdfA2b,
                                          ocr: .none, metadata: SyntheticPage.metadata)
        guard case .written = try await Digitizer().digitize(request, to: output) else { Issue.record("refused"); return }
        let listing = try runCommand(try #require(which("pdfimages")), ["-list", output.path]).stdout
        #expect(listing.contains(" ccitt ") && !listing.contains(" jbig2 "), "\(listing)")
        let pdftoppm = try #require(which("pdftoppm"))
        func render(_ pdf: URL, _ name: String) throws -> Data {
            _ = try runCommand(pdftoppm, ["-gray", "-r", "300", "-singlefile", pdf.path, url(name).path])
            return try Data(contentsOf: url(name + ".pgm"))
        }
        #expect(try render(output, "written") == (try render(url("indexed.pdf"), "source")))
    }

    @Test func jpegPageKeepsItsJPEGUntouched() throws {
        defer { dir.cleanUp() }
        try TestPageFiles.jpeg(url("photo.jpg"), pixels: TestPageFiles.rgbPattern(width: 60, height: 40), width: 60,
                               height: 40, components: 3, jfif: (1, 300, 300))
        let jpeg = try Data(contentsOf: url("photo.jpg"))
        try TestPDF.build([TestPDFPage(data: url("photo.jpg").path, width: 60, height: 40, colorspace: "/DeviceRGB",
                                       filter: "/DCTDecode", content: TestPDF.drawn(width: 14.4, height: 9.6),
                                       mediaBox: [0, 0, 14.4, 9.6])], to: url("photo.pdf"))
        let document = try read([url("photo.pdf"), url("photo.jpg")])
        #expect(document.findings.isEmpty, "\(document.findings.map(\.message))")
        let (pdfPage, jpegPage) = (document.pages[0], document.pages[1])
        #expect(pdfPage.page.compression == "jpeg" && pdfPage.page.lossyCompression && pdfPage.page.colour == .rgb)
        #expect(pdfPage.page.dpiX == 300)
        let fromPDF = try document.image(of: pdfPage)
        #expect(fromPDF.capturedJPEG == jpeg)
        #expect(fromPDF.raster.pixels == (try document.image(of: jpegPage)).raster.pixels)
        #expect(QualityGate(profile: .colorido).inspect(pdfPage.page).map(\.code) == [.lossySource])
    }

    @Test func turnedPagesGiveTheirQuarterTurns() throws {
        defer { dir.cleanUp() }
        let grey = TestPageFiles.greyPattern(width: 30, height: 20)
        try TestPDF.build([
            TestPDFPage(data: try data("grey", grey), width: 30, height: 20, deflate: true,
                        content: TestPDF.drawn(width: 7.2, height: 4.8), mediaBox: [0, 0, 7.2, 4.8], rotate: 90),
            // Drawn turned a quarter counter-clockwise on a page as tall as the image is wide.
            TestPDFPage(data: try data("grey", grey), width: 30, height: 20, deflate: true,
                        content: "q 0 7.2 -4.8 0 4.8 0 cm /Im0 Do Q", mediaBox: [0, 0, 4.8, 7.2]),
            TestPDFPage(data: try data("grey", grey), width: 30, height: 20, deflate: true,
                        content: "q -7.2 0 0 -4.8 7.2 4.8 cm /Im0 Do Q", mediaBox: [0, 0, 7.2, 4.8], rotate: 180),
        ], to: url("turned.pdf"))
        let document = try read([url("turned.pdf")])
        #expect(document.findings.isEmpty, "\(document.findings.map(\.message))")
        #expect(document.pages.map(\.page.quarterTurns) == [1, 3, 0])
        #expect(document.pages.allSatisfy { abs(($0.page.dpiX ?? 0) - 300) < 0.01 && abs(($0.page.dpiY ?? 0) - 300) < 0.01 })
    }

    @Test func pagesThatAreNotOneImageAreRefused() throws {
        defer { dir.cleanUp() }
        let grey = try data("grey", TestPageFiles.greyPattern(width: 30, height: 20))
        let box: [Double] = [0, 0, 7.2, 4.8]
        try TestPDF.build([
            TestPDFPage(data: grey, width: 30, height: 20, content: TestPDF.drawn(width: 7.2, height: 4.8) + " BT /F1 12 Tf (texto) Tj ET",
                        mediaBox: box),
            TestPDFPage(data: grey, width: 30, height: 20, content: TestPDF.drawn(width: 7.2, height: 4.8) + " " + TestPDF.drawn(width: 7.2, height: 4.8),
                        mediaBox: box),
            TestPDFPage(data: grey, width: 30, height: 20, content: TestPDF.drawn(width: 3.6, height: 2.4), mediaBox: box),
            TestPDFPage(data: grey, width: 30, height: 20, content: "0 0 7.2 4.8 re f", mediaBox: box),
            TestPDFPage(data: grey, width: 30, height: 20, content: "q 0 0 7.2 4.8 re W n " + TestPDF.drawn(width: 7.2, height: 4.8) + " Q",
                        mediaBox: box),
        ], to: url("mixed.pdf"))
        let document = try read([url("mixed.pdf")])
        #expect(document.pages.map(\.page.number) == [5])
        #expect(document.findings.map(\.code) == [.unsupportedPage, .unsupportedPage, .unsupportedPage, .unsupportedPage])
        #expect(document.findings.map(\.page) == [1, 2, 3, 4])
        #expect(document.findings.allSatisfy { $0.detail.hasPrefix("mixed.pdf: not an image-only scan") })
        #expect(document.findings[1].detail.contains("more than one image"))
        #expect(document.findings[2].detail.contains("does not cover the page"))
    }

    @Test func encryptedPDFIsAFinding() throws {
        defer { dir.cleanUp() }
        let grey = try data("grey", TestPageFiles.greyPattern(width: 30, height: 20))
        let page = TestPDFPage(data: grey, width: 30, height: 20, content: TestPDF.drawn(width: 7.2, height: 4.8),
                               mediaBox: [0, 0, 7.2, 4.8])
        try TestPDF.build([page], to: url("locked.pdf"), userPassword: "segredo")
        try TestPDF.build([page], to: url("owner.pdf"), userPassword: "")
        let document = try read([url("locked.pdf"), url("owner.pdf")])
        #expect(document.pages.isEmpty)
        #expect(document.findings.map(\.code) == [.unsupportedPage, .unsupportedPage])
        #expect(document.findings.map(\.page) == [1, 2])
        #expect(document.findings.map(\.detail) == ["locked.pdf: encrypted PDF", "owner.pdf: encrypted PDF"])
    }

    @Test func brokenPDFsGetFindingsWithPageNumbersNeverACrash() throws {
        defer { dir.cleanUp() }
        let (_, g4) = try g4(width: 300, height: 150)
        let grey = TestPageFiles.greyPattern(width: 120, height: 80)
        try TestPDF.build([
            TestPDFPage(data: try data("g4", g4), width: 300, height: 150, bpc: 1, filter: "/CCITTFaxDecode",
                        parms: ["K": -1, "Columns": 300], content: TestPDF.drawn(width: 72, height: 36), mediaBox: [0, 0, 72, 36]),
            TestPDFPage(data: try data("grey", grey), width: 120, height: 80, deflate: true,
                        content: TestPDF.drawn(width: 28.8, height: 19.2), mediaBox: [0, 0, 28.8, 19.2]),
        ], to: url("good.pdf"))
        let good = [UInt8](try Data(contentsOf: url("good.pdf")))
        var cases: [(String, [UInt8])] = [
            ("header-only.pdf", Array("%PDF-1.7\n".utf8)),
            ("garbage.pdf", Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 0xA5, count: 4000)),
        ]
        for fraction in [0.2, 0.5, 0.8, 0.95] {
            cases.append(("cut-\(fraction).pdf", Array(good.prefix(Int(Double(good.count) * fraction)))))
        }
        // Damaged image data: bytes overwritten inside each image stream.
        var damaged = good
        let marker = Array("stream".utf8)
        var at = 0, hits = 0
        while let found = (at..<(damaged.count - marker.count)).first(where: { Array(damaged[$0..<($0 + marker.count)]) == marker && damaged[$0 - 1] != UInt8(ascii: "d") }) {
            for i in (found + 12)..<min(found + 40, damaged.count) { damaged[i] ^= 0x5A }
            at = found + marker.count
            hits += 1
        }
        #expect(hits >= 2)
        cases.append(("damaged.pdf", damaged))
        for (name, bytes) in cases {
            let file = try dir.file(name, bytes)
            let document = try ScannedDocument.read(paths: [file.path])
            var findings = document.findings
            for page in document.pages {
                do { _ = try document.image(of: page) } catch let finding as DigitizationFinding { findings.append(finding) }
            }
            #expect(!findings.isEmpty, "\(name) gave no finding")
            #expect(findings.allSatisfy { $0.page != nil && $0.detail.hasPrefix(name) }, "\(name): \(findings.map(\.detail))")
            #expect(findings.allSatisfy { [.unreadablePage, .unsupportedPage].contains($0.code) }, "\(name): \(findings.map(\.code))")
        }
    }

    @Test func aFlateBombIsRefusedBeforeQpdfDecodesIt() throws {
        defer { dir.cleanUp() }
        // 300 × 300 grey (90,000 bytes) whose Flate data inflates to 400 MB of zeros (about 400 KB stored).
        let bomb = url("bomb.bin")
        let made = try runCommand(which("python3")!, ["-c", """
            import sys, zlib
            c = zlib.compressobj(9)
            with open(sys.argv[1], "wb") as out:
                block = bytes(1 << 20)
                for _ in range(400):
                    out.write(c.compress(block))
                out.write(c.flush())
            """, bomb.path])
        #expect(made.status == 0, "\(made.stderr)")
        let drawn = TestPDF.drawn(width: 72, height: 72)
        try TestPDF.build([
            TestPDFPage(data: bomb.path, width: 300, height: 300, filter: "/FlateDecode", content: drawn, mediaBox: [0, 0, 72, 72]),
            TestPDFPage(data: bomb.path, width: 300, height: 300, filter: "/LZWDecode", content: drawn, mediaBox: [0, 0, 72, 72]),
        ], to: url("bomb.pdf"))
        let document = try read([url("bomb.pdf")])
        #expect(document.pages.count == 2, "the headers are sound: \(document.findings.map(\.message))")
        let clock = ContinuousClock()
        let started = clock.now
        #expect(throws: DigitizationFinding.self) { _ = try document.image(of: document.pages[0]) }
        do {
            _ = try document.image(of: document.pages[0])
        } catch let error as DigitizationFinding {
            #expect(error.code == .pageTooLarge && error.page == 1, "\(error.message)")
        }
        #expect(clock.now - started < .seconds(5))
        do {
            _ = try document.image(of: document.pages[1])
            Issue.record("an LZW image was decoded")
        } catch let error as DigitizationFinding {
            #expect(error.code == .unsupportedPage && error.message.contains("LZW"), "\(error.message)")
        }
    }

    @Test func limitsAreCheckedFromTheImageDictionary() throws {
        defer { dir.cleanUp() }
        let tiny = try data("tiny", [0, 0, 0, 0])
        try TestPDF.build([TestPDFPage(data: tiny, width: 60_000, height: 60_000, deflate: true,
                                       content: TestPDF.drawn(width: 14_400, height: 14_400), mediaBox: [0, 0, 14_400, 14_400])],
                          to: url("huge.pdf"))
        let clock = ContinuousClock()
        var document: ScannedDocument?
        let elapsed = try clock.measure { document = try read([url("huge.pdf")]) }
        #expect(elapsed < .seconds(1))
        #expect(document?.pages.isEmpty == true)
        #expect(document?.findings.map(\.code) == [.pageTooLarge])

        let grey = try data("grey", TestPageFiles.greyPattern(width: 30, height: 20))
        let page = TestPDFPage(data: grey, width: 30, height: 20, content: TestPDF.drawn(width: 7.2, height: 4.8),
                               mediaBox: [0, 0, 7.2, 4.8])
        try TestPDF.build([page, page, page], to: url("three.pdf"))
        let capped = try read([url("three.pdf")], limits: PageLimits(pagesPerFile: 2))
        #expect(capped.pages.map(\.page.number) == [1, 2])
        #expect(capped.findings.map(\.code) == [.pageTooLarge])
        #expect(capped.findings.first?.page == 3)
    }

    @Test func img2pdfOutputReadsAtItsImagesResolution() throws {
        defer { dir.cleanUp() }
        let (bits, _) = try g4(width: 240, height: 100)
        let grey = TestPageFiles.greyPattern(width: 50, height: 40)
        try TestPageFiles.png(url("grey.png"), rows: grey, width: 50, height: 40, colourType: 0, bitDepth: 8, dpi: (300, 300))
        let rgb = TestPageFiles.rgbPattern(width: 50, height: 40)
        try TestPageFiles.png(url("rgb.png"), rows: rgb, width: 50, height: 40, colourType: 2, bitDepth: 8, dpi: (200, 100))
        try TestPageFiles.jpeg(url("photo.jpg"), pixels: rgb, width: 50, height: 40, components: 3, jfif: (1, 300, 300))
        try TestPageFiles.img2pdf([url("g4-240x100.tif"), url("grey.png"), url("rgb.png"), url("photo.jpg")], to: url("scan.pdf"))
        // Page files in order: a PNG, the four-page PDF, a JPEG.
        let document = try read([url("grey.png"), url("scan.pdf"), url("photo.jpg")])
        #expect(document.findings.isEmpty, "\(document.findings.map(\.message))")
        #expect(document.pages.map(\.page.number) == [1, 2, 3, 4, 5, 6])
        #expect(document.pages.map(\.page.indexInFile) == [0, 0, 1, 2, 3, 0])
        #expect(document.pages.map(\.format) == [.png, .pdf, .pdf, .pdf, .pdf, .jpeg])
        let pdf = Array(document.pages[1...4])
        #expect(pdf.map(\.page.compression) == ["ccitt-g4", "flate", "flate", "jpeg"])
        #expect(pdf.map(\.page.colour) == [.bitonal, .greyscale, .rgb, .rgb])
        #expect(pdf.map { ($0.page.dpiX ?? 0).rounded() } == [300, 300, 200, 300])
        #expect(pdf.map { ($0.page.dpiY ?? 0).rounded() } == [300, 300, 100, 300])
        #expect([UInt8](try document.image(of: pdf[0]).raster.pixels) == bits)
        #expect([UInt8](try document.image(of: pdf[1]).raster.pixels) == grey)
        #expect([UInt8](try document.image(of: pdf[2]).raster.pixels) == rgb)
        #expect(try document.image(of: pdf[3]).capturedJPEG == (try Data(contentsOf: url("photo.jpg"))))
    }
}
