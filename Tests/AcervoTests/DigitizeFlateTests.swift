import AcervoCore
import AcervoDigitize
import CDeflate
import CZlib
import Foundation
import Testing

/// Grey and colour page images in Flate: each page's rows behind the PNG predictor that deflates them
/// smaller, and every pixel decoding to what was scanned.
@Suite("Digitize: Flate page images")
struct DigitizeFlateTests {
    /// A page of `colour`, 1200 × 900 at 300 dpi, from `sample(x, y)` (grey) repeated on every channel.
    func raster(_ colour: PageColour, _ sample: (Int, Int) -> UInt8) -> PageRaster {
        let width = 1200, height = 900
        let page = ScannedPage(number: 1, indexInFile: 0, width: width, height: height, dpiX: 300, dpiY: 300,
                               colour: colour, bitsPerSample: 8, samplesPerPixel: colour == .rgb ? 3 : 1,
                               compression: "none", lossyCompression: false)
        let channels = colour == .rgb ? 3 : 1
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        for y in 0..<height {
            for x in 0..<width {
                let value = sample(x, y)
                for c in 0..<channels { pixels[(y * width + x) * channels + c] = value }
            }
        }
        return PageRaster(page: page, width: width, height: height, colour: colour, pixels: Data(pixels))
    }

    /// White paper with scanner grain: N(0, 9) on every sample, clipped at 255, as `scanned_pages.py` makes.
    func grainy(_ colour: PageColour) -> PageRaster {
        var state: UInt64 = 42
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        return raster(colour) { _, _ in
            let gaussian = (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())
            return UInt8(max(0, min(255, (250 + 9 * gaussian).rounded())))
        }
    }

    /// A smooth shading across the page, the same on every row but for a slow drift: what Up is for.
    func smooth(_ colour: PageColour) -> PageRaster {
        raster(colour) { x, y in UInt8(truncatingIfNeeded: 40 + x / 6 + y / 60) }
    }

    /// The image stream inflated and its rows un-predicted: the pixels, and each row's predictor tag.
    func decode(_ image: PageImage) throws -> (pixels: [UInt8], tags: Set<UInt8>) {
        let rowBytes = image.width * (image.colour == .rgb ? 3 : 1)
        var inflated = [UInt8](repeating: 0, count: (rowBytes + 1) * image.height)
        var length = uLongf(inflated.count)
        let status = image.data.withUnsafeBytes { source in
            uncompress(&inflated, &length, source.bindMemory(to: UInt8.self).baseAddress, uLong(source.count))
        }
        try #require(status == Z_OK && Int(length) == inflated.count)
        var pixels = [UInt8](repeating: 0, count: rowBytes * image.height)
        var tags = Set<UInt8>()
        for y in 0..<image.height {
            let tag = inflated[y * (rowBytes + 1)]
            tags.insert(tag)
            for x in 0..<rowBytes {
                let value = inflated[y * (rowBytes + 1) + 1 + x]
                switch tag {
                case 0: pixels[y * rowBytes + x] = value
                case 2: pixels[y * rowBytes + x] = value &+ (y == 0 ? 0 : pixels[(y - 1) * rowBytes + x])
                default: Issue.record("row \(y): predictor \(tag)")
                }
            }
        }
        return (pixels, tags)
    }

    @Test(arguments: [PageColour.greyscale, .rgb])
    func grainyPaperGoesInWithoutPredictionAndLossless(_ colour: PageColour) throws {
        let page = grainy(colour)
        let image = try PageImage.encode(page)
        #expect(image.encoding == .flate)
        let decoded = try decode(image)
        #expect(decoded.pixels == [UInt8](page.pixels))
        // The difference of two grainy rows is grainier than either: the rows go in as they are.
        #expect(decoded.tags == [0])
    }

    @Test(arguments: [PageColour.greyscale, .rgb])
    func smoothShadingGoesInBehindUpAndLossless(_ colour: PageColour) throws {
        let page = smooth(colour)
        let image = try PageImage.encode(page)
        let decoded = try decode(image)
        #expect(decoded.pixels == [UInt8](page.pixels))
        #expect(decoded.tags == [2])
        // Up makes the shading almost nothing but zeros.
        #expect(image.data.count < page.pixels.count / 50)
    }

    /// White paper with lines of black "words" (runs of a few pixels, placed by a hash), as a clean scan of
    /// printed text is: most of it repeats.
    func printed(_ colour: PageColour) -> PageRaster {
        raster(colour) { x, y in
            let line = y / 40, inLine = y % 40
            guard inLine >= 8, inLine < 30, x >= 100, x < 1100 else { return 255 }
            var h = UInt64(line * 7919 + x / 9) &* 0x9E3779B97F4A7C15
            h ^= h >> 29
            return h % 5 == 0 ? 255 : (x + inLine) % 3 == 0 ? 20 : 255
        }
    }

    /// The page's rows behind the one predictor tag the image chose, deflated by libdeflate at `level`.
    func deflated(_ page: PageRaster, tags: Set<UInt8>, level: Int32) throws -> [UInt8] {
        let rowBytes = page.width * (page.colour == .rgb ? 3 : 1)
        let pixels = [UInt8](page.pixels)
        var rows = [UInt8]()
        for y in 0..<page.height {
            let tag: UInt8 = tags == [2] ? 2 : 0
            rows.append(tag)
            for x in 0..<rowBytes {
                let value = pixels[y * rowBytes + x]
                rows.append(tag == 2 && y > 0 ? value &- pixels[(y - 1) * rowBytes + x] : value)
            }
        }
        let compressor = try #require(libdeflate_alloc_compressor(level))
        defer { libdeflate_free_compressor(compressor) }
        var out = [UInt8](repeating: 0, count: libdeflate_zlib_compress_bound(compressor, rows.count))
        let count = libdeflate_zlib_compress(compressor, rows, rows.count, &out, out.count)
        return Array(out.prefix(count))
    }

    /// Grain costs the bytes on a noisy page and no level removes it: it goes in at the fast level.
    @Test(arguments: [PageColour.greyscale, .rgb])
    func grainyPaperIsDeflatedFast(_ colour: PageColour) throws {
        let page = grainy(colour)
        let image = try PageImage.encode(page)
        let tags = try decode(image).tags
        #expect([UInt8](image.data) == (try deflated(page, tags: tags, level: 1)))
    }

    /// A clean page is deflated harder: there it costs little and saves much (a real 2400 dpi grey scan:
    /// 197 KB at the fast level, 163 KB now).
    @Test(arguments: [PageColour.greyscale, .rgb])
    func cleanPaperIsDeflatedHarderAndLossless(_ colour: PageColour) throws {
        let page = printed(colour)
        let image = try PageImage.encode(page)
        let decoded = try decode(image)
        #expect(decoded.pixels == [UInt8](page.pixels))
        let hard = try deflated(page, tags: decoded.tags, level: 6), fast = try deflated(page, tags: decoded.tags, level: 1)
        #expect([UInt8](image.data) == hard)
        #expect(hard.count < fast.count * 9 / 10, "\(hard.count) bytes at level 6, \(fast.count) at level 1")
    }

    /// Pages too short for three bands of rows: a band is what there is, and the rows still decode.
    @Test(arguments: [1, 2, 31, 32, 63, 64, 65, 100])
    func shortPagesAreDeflatedLossless(_ height: Int) throws {
        let width = 50
        let page = ScannedPage(number: 1, indexInFile: 0, width: width, height: height, dpiX: 300, dpiY: 300,
                               colour: .greyscale, bitsPerSample: 8, samplesPerPixel: 1, compression: "none",
                               lossyCompression: false)
        let pixels = (0..<(width * height)).map { UInt8(truncatingIfNeeded: $0 * 7 + ($0 / width) * 3) }
        let raster = PageRaster(page: page, width: width, height: height, colour: .greyscale, pixels: Data(pixels))
        #expect(try decode(try PageImage.encode(raster)).pixels == pixels)
    }
}
