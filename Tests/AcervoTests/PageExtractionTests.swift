import AcervoCore
import AcervoDigitize
import Foundation
import Testing

/// Some pages of a multi-page scan copied into a file of their own, as a stack split at its cover sheets
/// needs: the same pixels, the same compression, nothing decoded and encoded again.
@Suite("Page extraction", needsCoverSheetTools)
struct PageExtractionTests {
    /// Writes a multi-page TIFF with Pillow: each entry `<mode>|<compression>|<label>` (modes `1`, `L`,
    /// `RGB`; Pillow's compression names) at 300 dpi.
    static func tiff(_ pages: [String], to url: URL) throws {
        let script = """
            import sys
            from PIL import Image, ImageDraw
            out = sys.argv[1]
            frames = []
            for spec in sys.argv[2:]:
                mode, compression, label = spec.split("|")
                im = Image.new("L", (600, 400), 255)
                d = ImageDraw.Draw(im)
                for i in range(8): d.text((20, 20 + 40 * i), label + " linha %d" % i, fill=0)
                d.rectangle((400, 200, 560, 360), fill=96)
                frames.append((im.convert(mode), compression))
            from PIL import TiffImagePlugin
            with TiffImagePlugin.AppendingTiffWriter(out, True) as tf:
                for im, compression in frames:
                    im.save(tf, compression=compression, dpi=(300, 300))
                    tf.newFrame()
            """
        try SheetScans.run("python3", ["-c", script, url.path] + pages)
    }

    /// Every page's pixels, decoded by the digitizer's own readers.
    static func rasters(_ path: String) throws -> [(page: ScannedPage, pixels: [UInt8])] {
        let document = try ScannedDocument.read(paths: [path])
        #expect(document.findings.filter { $0.code != .lossySource && $0.code != .colourTooPoor }.isEmpty,
                "\(document.findings)")
        return try document.pages.map { page in
            let decoded = try document.image(of: page)
            return (page.page, decoded.raster.pixels.withUnsafeBytes { Array($0) })
        }
    }

    @Test("pages 2 and 3 of a four-page TIFF keep their pixels, compression and resolution, G4 and JPEG alike")
    func tiffPages() throws {
        let dir = TemporaryDirectory("acervo-extract")
        defer { dir.cleanUp() }
        let source = dir.url.appending(path: "lote.tif")
        try Self.tiff(["1|group4|um", "1|group4|dois", "L|jpeg|tres", "RGB|tiff_lzw|quatro"], to: source)
        let target = dir.url.appending(path: "parte.tif")
        try PageExtraction.extract(pages: 1...2, of: source.path, to: target)

        let original = try Self.rasters(source.path)
        let copied = try Self.rasters(target.path)
        #expect(copied.count == 2)
        for (index, page) in copied.enumerated() {
            let from = original[index + 1]
            #expect(page.pixels == from.pixels, "page \(index + 1): same pixels")
            #expect(page.page.compression == from.page.compression && page.page.colour == from.page.colour)
            #expect(page.page.dpiX == 300 && page.page.dpiY == 300)
        }
        #expect(copied[0].page.compression.lowercased().contains("g4") || copied[0].page.compression.lowercased().contains("ccitt"),
                "\(copied[0].page.compression)")
        // The JPEG page is still what it was captured as: lossy, and the quality gate says so.
        #expect(copied[1].page.lossyCompression)
        let findings = QualityGate(profile: .textoIlustrado).inspect(copied[1].page)
        #expect(findings.contains { $0.code == .lossySource }, "\(findings)")
        // The same pages give the same bytes.
        let again = dir.url.appending(path: "de-novo.tif")
        try PageExtraction.extract(pages: 1...2, of: source.path, to: again)
        #expect(try Data(contentsOf: again) == Data(contentsOf: target))
    }

    @Test("pages of an image-only PDF are copied with their image streams as stored, deterministically")
    func pdfPages() throws {
        let dir = TemporaryDirectory("acervo-extract")
        defer { dir.cleanUp() }
        let tiff = dir.url.appending(path: "paginas.tif")
        try Self.tiff(["1|group4|um", "L|tiff_lzw|dois", "1|group4|tres"], to: tiff)
        let source = dir.url.appending(path: "lote.pdf")
        let script = """
            import sys, img2pdf
            from PIL import Image
            im = Image.open(sys.argv[1])
            pages = []
            for i in range(im.n_frames):
                im.seek(i); name = sys.argv[2] + ".%d.png" % i; im.save(name, dpi=(300, 300)); pages.append(name)
            open(sys.argv[2], "wb").write(img2pdf.convert(pages))
            """
        try SheetScans.run("python3", ["-c", script, tiff.path, source.path])
        let target = dir.url.appending(path: "parte.pdf")
        try PageExtraction.extract(pages: 2...2, of: source.path, to: target)
        let check = try runCommand(URL(fileURLWithPath: "/usr/bin/qpdf"), ["--check", target.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let original = try Self.rasters(source.path)
        let copied = try Self.rasters(target.path)
        #expect(copied.count == 1 && copied[0].pixels == original[2].pixels)
        let again = dir.url.appending(path: "de-novo.pdf")
        try PageExtraction.extract(pages: 2...2, of: source.path, to: again)
        #expect(try Data(contentsOf: again) == Data(contentsOf: target))
    }

    @Test("a page past the end, a PNG, and a file that is no scan are refused as the input's fault, leaving nothing")
    func refusals() throws {
        let dir = TemporaryDirectory("acervo-extract")
        defer { dir.cleanUp() }
        let source = dir.url.appending(path: "lote.tif")
        try Self.tiff(["1|group4|um", "1|group4|dois"], to: source)
        let png = dir.url.appending(path: "pagina.png")
        try SheetScans.run("python3", ["-c", "from PIL import Image; Image.new('L', (10, 10)).save('\(png.path)')"])
        let text = dir.url.appending(path: "nota.txt")
        try Data("não é uma digitalização".utf8).write(to: text)
        for (path, pages) in [(source.path, 1...2), (png.path, 0...0), (text.path, 0...0)] {
            let target = dir.url.appending(path: "parte")
            #expect {
                try PageExtraction.extract(pages: pages, of: path, to: target)
            } throws: { error in
                (error as? AcervoError)?.code == .invalidArgument
            }
            #expect(!FileManager.default.fileExists(atPath: target.path))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted() == ["lote.tif", "nota.txt", "pagina.png"])
    }
}
