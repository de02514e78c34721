import AcervoCore
import AcervoDigitize
import Foundation
import Testing

/// Whether Python with Pillow is there to read PNGs back (PyPI `pillow`, a dependency of pikepdf).
let pillowAvailable: Bool = {
    guard let python = which("python3"), let result = try? runCommand(python, ["-c", "import PIL"]) else { return false }
    return result.status == 0
}()

@Suite("Digitize: archival PNG", .enabled(if: pillowAvailable, "python3 with Pillow (pip install pillow) is not installed"))
struct DigitizePNGTests {
    func raster(_ colour: PageColour, width: Int = 123, height: Int = 45, dpi: Double = 600) -> PageRaster {
        let page = ScannedPage(number: 1, indexInFile: 0, width: width, height: height, dpiX: dpi, dpiY: dpi / 2,
                               colour: colour, bitsPerSample: colour == .bitonal ? 1 : 8,
                               samplesPerPixel: colour == .rgb ? 3 : 1, compression: "lzw", lossyCompression: false)
        let bytesPerRow = PageRaster.tightBytesPerRow(width: width, colour: colour) + 5 // padded rows, as decoders give
        var state: UInt32 = 12345
        let pixels = Data((0..<(bytesPerRow * height)).map { _ in
            state = state &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: state >> 16)
        })
        return PageRaster(page: page, width: width, height: height, colour: colour, bytesPerRow: bytesPerRow, pixels: pixels)
    }

    /// The pixels as Pillow reads them, one line per row in hex, with mode, dpi and the XMP chunk.
    func readBack(_ url: URL) throws -> [String: Any] {
        let script = """
            import json, sys
            from PIL import Image
            im = Image.open(sys.argv[1])
            im.load()
            rows = []
            w, h = im.size
            if im.mode == "1":
                data = im.tobytes()  # packed, 1 = white in Pillow's mode 1
                rows = [data[y * ((w + 7) // 8):(y + 1) * ((w + 7) // 8)].hex() for y in range(h)]
            else:
                data = im.tobytes()
                n = len(im.getbands())
                rows = [data[y * w * n:(y + 1) * w * n].hex() for y in range(h)]
            print(json.dumps({"mode": im.mode, "size": [w, h], "dpi": [round(d) for d in im.info.get("dpi", (0, 0))],
                              "xmp": im.info.get("XML:com.adobe.xmp", ""), "rows": rows}))
            """
        let result = try runCommand(which("python3")!, ["-c", script, url.path])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
    }

    @Test("every colour keeps its pixels, bit depth and resolution, with the XMP in iTXt", arguments: PageColour.allCases)
    func roundTrip(colour: PageColour) throws {
        let dir = TemporaryDirectory("acervo-png")
        defer { dir.cleanUp() }
        let page = raster(colour)
        let out = dir.url.appending(path: "foto.png")
        let xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><!-- título: Planta baixa --></x:xmpmeta>"
        try ArchivalPNG.write(page, xmp: xmp, to: out)
        let back = try readBack(out)
        #expect(back["mode"] as? String == ["bitonal": "1", "greyscale": "L", "rgb": "RGB"][colour.rawValue])
        #expect(back["size"] as? [Int] == [page.width, page.height])
        #expect(back["dpi"] as? [Int] == [600, 300])
        #expect(back["xmp"] as? String == xmp)
        let rows = try #require(back["rows"] as? [String])
        let tight = PageRaster.tightBytesPerRow(width: page.width, colour: colour)
        for y in 0..<page.height {
            var expected = [UInt8](page.pixels[(y * page.bytesPerRow)..<(y * page.bytesPerRow + tight)])
            if colour == .bitonal {
                // Acervo's 1 is black; Pillow's mode 1 holds 1 for white. Padding bits past the width are not compared.
                expected = expected.map { ~$0 }
                let spare = tight * 8 - page.width
                expected[tight - 1] &= UInt8(truncatingIfNeeded: 0xFF << spare)
                var got = [UInt8](hex: rows[y])
                got[tight - 1] &= UInt8(truncatingIfNeeded: 0xFF << spare)
                #expect(got == expected, "row \(y)")
            } else {
                #expect([UInt8](hex: rows[y]) == expected, "row \(y)")
            }
        }
        // Nothing but the document is left in the directory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["foto.png"])
    }

    @Test("a raster that does not match its size is an error, and nothing is written")
    func mismatchedRaster() throws {
        let dir = TemporaryDirectory("acervo-png")
        defer { dir.cleanUp() }
        var page = raster(.rgb)
        page.pixels = page.pixels.prefix(100)
        let out = dir.url.appending(path: "foto.png")
        #expect(throws: AcervoError.self) { try ArchivalPNG.write(page, xmp: "", to: out) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).isEmpty)
    }
}

extension Array where Element == UInt8 {
    /// Bytes from lowercase hex.
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        self = bytes
    }
}
