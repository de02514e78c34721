import AcervoCore
import AcervoDigitize
import CTIFF
import Foundation
import Testing

/// PNG and JPEG page files: what their headers say, and their pixels as the writer will get them.
@Suite struct DigitizeImagePageTests {
    let dir = TemporaryDirectory("acervo-digitize-images")

    func url(_ name: String) -> URL { dir.url.appending(path: name) }

    func only(_ path: URL) throws -> (ScannedDocument, DocumentPage) {
        let document = try ScannedDocument.read(paths: [path.path])
        #expect(document.findings.isEmpty, "\(document.findings.map(\.message))")
        return (document, try #require(document.pages.first))
    }

    @Test func greyPNGWithPHYsGivesItsResolutionAndItsPixels() throws {
        defer { dir.cleanUp() }
        let pixels = TestPageFiles.greyPattern(width: 37, height: 21)
        try TestPageFiles.png(url("grey.png"), rows: pixels, width: 37, height: 21, colourType: 0, bitDepth: 8, dpi: (300, 300))
        let (document, page) = try only(url("grey.png"))
        #expect(page.format == .png)
        #expect(page.page.colour == .greyscale)
        #expect(page.page.compression == "deflate" && !page.page.lossyCompression)
        let dpiX = try #require(page.page.dpiX), dpiY = try #require(page.page.dpiY)
        #expect(abs(dpiX - 300) < 0.01 && abs(dpiY - 300) < 0.01)
        #expect(QualityGate(profile: .textoIlustrado).inspect(page.page).isEmpty)
        let image = try document.image(of: page)
        #expect(image.capturedJPEG == nil)
        #expect(image.raster.colour == .greyscale && image.raster.width == 37 && image.raster.height == 21)
        #expect([UInt8](image.raster.pixels) == pixels)
    }

    @Test func pngWithoutPHYsHasNoResolution() throws {
        defer { dir.cleanUp() }
        try TestPageFiles.png(url("nodpi.png"), rows: TestPageFiles.greyPattern(width: 8, height: 8), width: 8, height: 8,
                              colourType: 0, bitDepth: 8)
        let (_, page) = try only(url("nodpi.png"))
        #expect(page.page.dpiX == nil && page.page.dpiY == nil)
        #expect(QualityGate(profile: .manuscrito).inspect(page.page).map(\.code) == [.resolutionMissing])
        #expect(QualityGate(profile: .manuscrito, statedDPI: 300).inspect(page.page).isEmpty)
    }

    @Test func oneBitPNGIsBitonal() throws {
        defer { dir.cleanUp() }
        // In a PNG 1 is white; in the raster 1 is black.
        let black = TestPageFiles.bitonalPattern(width: 21, height: 9)
        let png = black.map { ~$0 }
        try TestPageFiles.png(url("one.png"), rows: png, width: 21, height: 9, colourType: 0, bitDepth: 1, dpi: (600, 600))
        let (document, page) = try only(url("one.png"))
        #expect(page.page.colour == .bitonal && page.page.bitsPerSample == 1)
        let raster = try document.image(of: page).raster
        #expect(raster.colour == .bitonal && raster.bytesPerRow == 3)
        let tail: UInt8 = 0xF8  // 21 = 2 × 8 + 5 pixels
        let expected = black.enumerated().map { $0.offset % 3 == 2 ? $0.element & tail : $0.element }
        #expect([UInt8](raster.pixels) == expected)
    }

    @Test func rgbPNGKeepsItsSamples() throws {
        defer { dir.cleanUp() }
        let pixels = TestPageFiles.rgbPattern(width: 13, height: 11)
        try TestPageFiles.png(url("rgb.png"), rows: pixels, width: 13, height: 11, colourType: 2, bitDepth: 8, dpi: (300, 300))
        let (document, page) = try only(url("rgb.png"))
        #expect(page.page.colour == .rgb && page.page.samplesPerPixel == 3)
        #expect([UInt8](try document.image(of: page).raster.pixels) == pixels)
    }

    @Test func palettePNGIsColourOrGreyByItsPalette() throws {
        defer { dir.cleanUp() }
        let indices: [UInt8] = (0..<(10 * 4)).map { UInt8($0 % 3) }
        let colours: [UInt8] = [255, 0, 0, 0, 128, 0, 10, 20, 30]
        try TestPageFiles.png(url("pal.png"), rows: indices, width: 10, height: 4, colourType: 3, bitDepth: 8,
                              palette: colours, dpi: (300, 300))
        let (document, page) = try only(url("pal.png"))
        #expect(page.page.colour == .rgb)
        let raster = try document.image(of: page).raster
        #expect([UInt8](raster.pixels) == indices.flatMap { Array(colours[(Int($0) * 3)..<(Int($0) * 3 + 3)]) })

        let greys: [UInt8] = [0, 0, 0, 90, 90, 90, 255, 255, 255]
        try TestPageFiles.png(url("greypal.png"), rows: indices, width: 10, height: 4, colourType: 3, bitDepth: 8,
                              palette: greys, dpi: (300, 300))
        let (greyDocument, greyPage) = try only(url("greypal.png"))
        #expect(greyPage.page.colour == .greyscale)
        #expect([UInt8](try greyDocument.image(of: greyPage).raster.pixels) == indices.map { greys[Int($0) * 3] })

        try TestPageFiles.png(url("bwpal.png"), rows: indices.map { $0 % 2 }, width: 10, height: 4, colourType: 3,
                              bitDepth: 8, palette: [0, 0, 0, 255, 255, 255], dpi: (300, 300))
        let (bwDocument, bwPage) = try only(url("bwpal.png"))
        #expect(bwPage.page.colour == .bitonal)
        let bits = [UInt8](try bwDocument.image(of: bwPage).raster.pixels)
        // Index 0 is black.
        var expected = [UInt8](repeating: 0, count: 8)
        for i in 0..<40 where indices[i] % 2 == 0 { expected[(i / 10) * 2 + (i % 10) / 8] |= 0x80 >> UInt8(i % 10 % 8) }
        #expect(bits == expected)
    }

    @Test func sixteenBitPNGIsRefusedFromItsHeader() throws {
        defer { dir.cleanUp() }
        try TestPageFiles.png(url("deep.png"), rows: [UInt8](repeating: 0x40, count: 4 * 4 * 2), width: 4, height: 4,
                              colourType: 0, bitDepth: 16, dpi: (300, 300))
        let document = try ScannedDocument.read(paths: [url("deep.png").path])
        #expect(document.pages.isEmpty)
        #expect(document.findings.map(\.code) == [.unsupportedPage])
        #expect(document.findings.first?.page == 1)
        #expect(document.findings.first?.detail == "deep.png: 16 bits per sample; scan at 8 bits per sample")
    }

    @Test func alphaIsLaidOverWhitePaper() throws {
        defer { dir.cleanUp() }
        // Three pixels: opaque red, transparent black, half-transparent black.
        try TestPageFiles.png(url("alpha.png"), rows: [255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 128], width: 3, height: 1,
                              colourType: 6, bitDepth: 8, dpi: (300, 300))
        let (document, page) = try only(url("alpha.png"))
        #expect(page.page.colour == .rgb && page.page.samplesPerPixel == 4)
        #expect([UInt8](try document.image(of: page).raster.pixels) == [255, 0, 0, 255, 255, 255, 127, 127, 127])

        try TestPageFiles.png(url("greyalpha.png"), rows: [200, 255, 0, 0], width: 2, height: 1, colourType: 4, bitDepth: 8,
                              dpi: (300, 300))
        let (greyDocument, greyPage) = try only(url("greyalpha.png"))
        #expect(greyPage.page.colour == .greyscale)
        #expect([UInt8](try greyDocument.image(of: greyPage).raster.pixels) == [200, 255])
    }

    @Test func pngClaimingSixtyThousandSquareIsRefusedFromItsHeader() throws {
        defer { dir.cleanUp() }
        let file = try dir.file("huge.png", TestPageFiles.pngClaiming(width: 60_000, height: 60_000))
        let clock = ContinuousClock()
        var document: ScannedDocument?
        let elapsed = try clock.measure { document = try ScannedDocument.read(paths: [file.path]) }
        #expect(elapsed < .seconds(1))
        #expect(document?.pages.isEmpty == true)
        #expect(document?.findings.map(\.code) == [.pageTooLarge])
        #expect(document?.findings.first?.page == 1)
    }

    @Test func jpegResolutionComesFromJFIFThenEXIF() throws {
        defer { dir.cleanUp() }
        let grey = TestPageFiles.greyPattern(width: 16, height: 16)
        try TestPageFiles.jpeg(url("jfif.jpg"), pixels: grey, width: 16, height: 16, components: 1, jfif: (1, 300, 300))
        try TestPageFiles.jpeg(url("jfifcm.jpg"), pixels: grey, width: 16, height: 16, components: 1, jfif: (2, 118, 59))
        try TestPageFiles.jpeg(url("exif.jpg"), pixels: grey, width: 16, height: 16, components: 1, jfif: (0, 1, 1),
                               exif: TestPageFiles.exifResolution(x: 400, y: 200, unit: 2))
        try TestPageFiles.jpeg(url("none.jpg"), pixels: grey, width: 16, height: 16, components: 1, jfif: (0, 1, 1))
        let document = try ScannedDocument.read(paths: ["jfif.jpg", "jfifcm.jpg", "exif.jpg", "none.jpg"].map { url($0).path })
        #expect(document.findings.isEmpty)
        let pages = document.pages.map(\.page)
        #expect(pages.map(\.number) == [1, 2, 3, 4])
        #expect(pages[0].dpiX == 300 && pages[0].dpiY == 300)
        #expect(abs(pages[1].dpiX! - 299.72) < 0.01 && abs(pages[1].dpiY! - 149.86) < 0.01)
        #expect(pages[2].dpiX == 400 && pages[2].dpiY == 200)
        #expect(pages[3].dpiX == nil && pages[3].dpiY == nil)
        #expect(document.pages.allSatisfy { $0.format == .jpeg && $0.page.compression == "jpeg" })
        #expect(pages.allSatisfy { $0.lossyCompression && $0.colour == .greyscale })
        #expect(QualityGate(profile: .manuscrito).inspect(pages[0]).map(\.code) == [.lossySource])
    }

    @Test func jpegKeepsItsBytesForTheWriterAndDecodesItsPixels() throws {
        defer { dir.cleanUp() }
        let rgb = TestPageFiles.rgbPattern(width: 24, height: 16)
        try TestPageFiles.jpeg(url("photo.jpg"), pixels: rgb, width: 24, height: 16, components: 3, quality: 98,
                               jfif: (1, 300, 300))
        let (document, page) = try only(url("photo.jpg"))
        #expect(page.page.colour == .rgb && page.page.samplesPerPixel == 3)
        let image = try document.image(of: page)
        let original = try Data(contentsOf: url("photo.jpg"))
        #expect(image.capturedJPEG == original)
        #expect(image.raster.colour == .rgb && image.raster.pixels.count == 24 * 16 * 3)
        // Lossy, so close to the source rather than equal to it.
        let error = zip(image.raster.pixels, rgb).map { abs(Int($0) - Int($1)) }.reduce(0, +)
        #expect(Double(error) / Double(rgb.count) < 6)
    }

    @Test func cmykJPEGIsRefused() throws {
        defer { dir.cleanUp() }
        try TestPageFiles.jpeg(url("cmyk.jpg"), pixels: [UInt8](repeating: 30, count: 8 * 8 * 4), width: 8, height: 8,
                               components: 4)
        let document = try ScannedDocument.read(paths: [url("cmyk.jpg").path])
        #expect(document.pages.isEmpty)
        #expect(document.findings.map(\.code) == [.unsupportedPage])
        #expect(document.findings.first?.detail == "cmyk.jpg: CMYK")
    }

    @Test func truncatedImagesGetAFindingWithTheirPageNumber() throws {
        defer { dir.cleanUp() }
        try TestPageFiles.png(url("full.png"), rows: TestPageFiles.rgbPattern(width: 64, height: 64), width: 64, height: 64,
                              colourType: 2, bitDepth: 8, dpi: (300, 300))
        try TestPageFiles.jpeg(url("full.jpg"), pixels: TestPageFiles.rgbPattern(width: 64, height: 64), width: 64, height: 64,
                               components: 3, jfif: (1, 300, 300))
        let png = try Data(contentsOf: url("full.png")), jpeg = try Data(contentsOf: url("full.jpg"))
        // Cut in the pixels: the headers read, the pixels do not.
        let cutPNG = try dir.file("cut.png", png.prefix(png.count - 200))
        let cutJPEG = try dir.file("cut.jpg", jpeg.prefix(jpeg.count * 2 / 3))
        // Cut in the header: nothing reads.
        let stub = try dir.file("stub.png", png.prefix(20))
        let document = try ScannedDocument.read(paths: [url("full.png").path, cutPNG.path, cutJPEG.path, stub.path])
        #expect(document.pages.map(\.page.number) == [1, 2, 3])
        #expect(document.findings.map(\.code) == [.unreadablePage])
        #expect(document.findings.first?.page == 4)
        #expect(document.findings.first?.detail.hasPrefix("stub.png: ") == true)
        for page in document.pages.dropFirst() {
            #expect(throws: DigitizationFinding.self) { try document.image(of: page) }
            do {
                _ = try document.image(of: page)
            } catch let error as DigitizationFinding {
                #expect(error.code == .unreadablePage && error.page == page.page.number)
                #expect(error.detail.hasPrefix((page.path as NSString).lastPathComponent + ": "))
            }
        }
    }

    @Test func filesAreToldApartByContentNotName() throws {
        defer { dir.cleanUp() }
        // A PNG named .jpg, a JPEG named .tif, and text named .png.
        try TestPageFiles.png(url("page.jpg"), rows: TestPageFiles.greyPattern(width: 4, height: 4), width: 4, height: 4,
                              colourType: 0, bitDepth: 8, dpi: (300, 300))
        try TestPageFiles.jpeg(url("page.tif"), pixels: TestPageFiles.greyPattern(width: 8, height: 8), width: 8, height: 8,
                               components: 1, jfif: (1, 300, 300))
        let text = try dir.file("notes.png", Array("not an image at all\n".utf8))
        let document = try ScannedDocument.read(paths: [url("page.jpg").path, url("page.tif").path, text.path])
        #expect(document.pages.map(\.format) == [.png, .jpeg])
        #expect(document.findings.map(\.code) == [.unreadablePage])
        #expect(document.findings.first?.page == 3)
        #expect(document.findings.first?.detail == "notes.png: not a TIFF, PNG, JPEG or PDF")
        #expect(document.findings.first?.messagePortuguese.contains("Não foi possível ler a página") == true)
    }

    @Test func multiPageTIFFPagesAreNumberedAcrossTheDocument() throws {
        defer { dir.cleanUp() }
        try TestPageFiles.png(url("cover.png"), rows: TestPageFiles.greyPattern(width: 8, height: 8), width: 8, height: 8,
                              colourType: 0, bitDepth: 8, dpi: (300, 300))
        try TestTIFF.write([TestPage(pixels: .bitonal, fill: 0x00), TestPage(width: 80, pixels: .grey, compression: COMPRESSION_LZW, fill: 0x55),
                            TestPage(width: 16, height: 4, pixels: .rgb, compression: COMPRESSION_ADOBE_DEFLATE, fill: 0x20)], to: url("three.tif"))
        let document = try ScannedDocument.read(paths: [url("cover.png").path, url("three.tif").path])
        #expect(document.findings.isEmpty)
        #expect(document.pages.map(\.page.number) == [1, 2, 3, 4])
        #expect(document.pages.map(\.page.indexInFile) == [0, 0, 1, 2])
        #expect(document.pages.map(\.format) == [.png, .tiff, .tiff, .tiff])
        // A min-is-black TIFF of zeros is black: every raster bit set.
        let bitonal = try document.image(of: document.pages[1]).raster
        #expect(bitonal.colour == .bitonal && bitonal.pixels.allSatisfy { $0 == 0xFF })
        let grey = try document.image(of: document.pages[2]).raster
        #expect(grey.colour == .greyscale && grey.pixels.count == 80 * 48 && grey.pixels.allSatisfy { $0 == 0x55 })
        let rgb = try document.image(of: document.pages[3]).raster
        #expect(rgb.colour == .rgb && rgb.pixels.count == 16 * 4 * 3 && rgb.pixels.allSatisfy { $0 == 0x20 })
    }
}
