import AcervoImaging
import Foundation
import Testing

/// Every colour model a photo or a screenshot arrives in comes out with the right colours.
@Suite("Imaging: colour")
struct ImagingColourTests {
    static func close(_ pixel: [Int], _ expected: [Int], within tolerance: Int) -> Bool {
        pixel.count == expected.count && zip(pixel, expected).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test("Adobe CMYK (stored inverted) with no profile anywhere becomes RGB by the plain formula, and says so")
    func cmyk() throws {
        let directory = TemporaryDirectory("imaging-colour")
        defer { directory.cleanUp() }
        let source = directory.url.appending(path: "cmyk.jpg")
        // Left: red (C0 M100 Y100 K0), right: blue (C100 M100 Y0 K0), both inverted as Photoshop writes them.
        try TestImages.jpeg(source, width: 64, height: 32, components: 4) { x, _ in
            x < 32 ? [255, 0, 0, 255] : [0, 0, 255, 255]
        }
        let outcome = normalizeForTest(source, in: directory, maxDimension: 32, cmykProfile: nil)
        #expect(outcome.succeeded)
        #expect(!outcome.iccProfileKept)
        #expect(outcome.colour == .cmykUncalibrated)
        #expect(outcome.colourProfile == nil)
        let image = try DecodedPixels(try #require(outcome.display))
        #expect(image.channels == 3)
        #expect(Self.close(image[4, 8], [255, 0, 0], within: 30), "\(image[4, 8])")
        #expect(Self.close(image[28, 8], [0, 0, 255], within: 30), "\(image[28, 8])")
    }

    @Test("A greyscale JPEG stays grey")
    func grey() throws {
        let directory = TemporaryDirectory("imaging-colour")
        defer { directory.cleanUp() }
        let source = directory.url.appending(path: "grey.jpg")
        try TestImages.jpeg(source, width: 100, height: 50, components: 1) { x, _ in [x < 50 ? 40 : 200] }
        let outcome = normalizeForTest(source, in: directory, maxDimension: 40)
        let image = try DecodedPixels(try #require(outcome.display))
        #expect(image.channels == 1)
        #expect((image.width, image.height) == (40, 20))
        #expect(Self.close(image[3, 10], [40], within: 4))
        #expect(Self.close(image[36, 10], [200], within: 4))
    }

    @Test("16-bit PNG samples are scaled to 8 bits")
    func sixteenBit() throws {
        let directory = TemporaryDirectory("imaging-colour")
        defer { directory.cleanUp() }
        let source = directory.url.appending(path: "deep.png")
        let pixel: [UInt8] = [0xFF, 0xFF, 0x80, 0x80, 0x00, 0x00]
        try TestImages.png(source, width: 8, height: 8, colorType: 2, bitDepth: 16, rows: Array((0..<64).map { _ in pixel }.joined()))
        let outcome = normalizeForTest(source, in: directory)
        #expect(outcome.display?.pathExtension == "png")
        let image = try DecodedPixels(try #require(outcome.display))
        #expect(image[3, 3] == [255, 128, 0])
    }

    @Test("A palette PNG is expanded to its colours")
    func palette() throws {
        let directory = TemporaryDirectory("imaging-colour")
        defer { directory.cleanUp() }
        let source = directory.url.appending(path: "palette.png")
        let rows = (0..<16).flatMap { _ in (0..<16).map { UInt8($0 < 8 ? 0 : 1) } }
        try TestImages.png(source, width: 16, height: 16, colorType: 3, palette: [10, 20, 200, 240, 120, 0], rows: rows)
        let image = try DecodedPixels(try #require(normalizeForTest(source, in: directory).display))
        #expect(image[2, 2] == [10, 20, 200])
        #expect(image[13, 2] == [240, 120, 0])
    }

    /// 64x16: the left half fully transparent green, the right half opaque red.
    static func alphaSource(in directory: TemporaryDirectory) throws -> URL {
        let source = directory.url.appending(path: "alpha.png")
        let rows = (0..<16).flatMap { _ in (0..<64).flatMap { x -> [UInt8] in x < 32 ? [0, 255, 0, 0] : [255, 0, 0, 255] } }
        try TestImages.png(source, width: 64, height: 16, colorType: 6, rows: rows)
        return source
    }

    @Test("Alpha is premultiplied before filtering: transparent colour never bleeds into its neighbours")
    func premultiplied() throws {
        let directory = TemporaryDirectory("imaging-colour")
        defer { directory.cleanUp() }
        let outcome = normalizeForTest(try Self.alphaSource(in: directory), in: directory, maxDimension: 16, thumbnail: true)
        let image = try DecodedPixels(try #require(outcome.display))
        #expect(image.channels == 4)
        #expect((image.width, image.height) == (16, 4))
        for y in 0..<image.height {
            for x in 0..<image.width where image[x, y][3] > 8 {
                #expect(image[x, y][1] < 24, "green bled into (\(x), \(y)): \(image[x, y])")
            }
        }
        #expect(image[1, 1][3] == 0)
        #expect(image[14, 1] == [255, 0, 0, 255])
    }

    @Test("A JPEG made from a transparent PNG is flattened on white")
    func flattened() throws {
        let directory = TemporaryDirectory("imaging-colour")
        defer { directory.cleanUp() }
        let outcome = normalizeForTest(try Self.alphaSource(in: directory), in: directory, maxDimension: 64, thumbnail: true)
        let thumb = try DecodedPixels(try #require(outcome.thumbnail))
        #expect(thumb.channels == 3)
        #expect(Self.close(thumb[4, 8], [255, 255, 255], within: 6), "\(thumb[4, 8])")
        #expect(Self.close(thumb[60, 8], [255, 0, 0], within: 30), "\(thumb[60, 8])")
    }

    @Test("Grey with alpha keeps both")
    func greyAlpha() throws {
        let directory = TemporaryDirectory("imaging-colour")
        defer { directory.cleanUp() }
        let source = directory.url.appending(path: "grey-alpha.png")
        let rows = (0..<8).flatMap { _ in (0..<8).flatMap { x -> [UInt8] in x < 4 ? [90, 255] : [90, 0] } }
        try TestImages.png(source, width: 8, height: 8, colorType: 4, rows: rows)
        let image = try DecodedPixels(try #require(normalizeForTest(source, in: directory).display))
        #expect(image.channels == 2)
        #expect(image[1, 1] == [90, 255])
        #expect(image[6, 1][1] == 0)
    }

    @Test("An interlaced PNG gives the same pixels as the same image not interlaced")
    func interlaced() throws {
        let directory = TemporaryDirectory("imaging-colour")
        defer { directory.cleanUp() }
        var rows = [UInt8]()
        for y in 0..<40 {
            for x in 0..<60 { rows += [UInt8(x * 4), UInt8(y * 6), UInt8((x * y) & 255)] }
        }
        let plain = directory.url.appending(path: "plain.png")
        let adam7 = directory.url.appending(path: "adam7.png")
        try TestImages.png(plain, width: 60, height: 40, colorType: 2, rows: rows)
        try TestImages.png(adam7, width: 60, height: 40, colorType: 2, interlaced: true, rows: rows)
        let a = try DecodedPixels(try #require(normalizeForTest(plain, in: directory, maxDimension: 30).display))
        let b = try DecodedPixels(try #require(normalizeForTest(adam7, in: directory, maxDimension: 30).display))
        #expect(a.bytes == b.bytes)
        #expect(a[10, 5] != [0, 0, 0])
    }

    @Test("Shrink on load picks the coarsest power-of-two scale that keeps the target size", arguments: [
        (6000, 4000, 2048, 2), (4096, 3072, 2048, 2), (4094, 3000, 2048, 1), (16400, 800, 2048, 8), (800, 600, 2048, 1),
    ])
    func shrinkOnLoad(width: Int, height: Int, target: Int, denominator: Int) throws {
        let directory = TemporaryDirectory("imaging-scale")
        defer { directory.cleanUp() }
        let source = directory.url.appending(path: "big.jpg")
        try TestImages.jpeg(source, width: width, height: height, components: 1, quality: 50) { _, _ in [128] }
        let outcome = normalizeForTest(source, in: directory, maxDimension: target)
        #expect(outcome.scaleDenominator == denominator)
        #expect(max(outcome.width, outcome.height) == min(target, max(width, height)))
    }
}
