import AcervoCore
import AcervoImaging
import CZlib
import Foundation
import Testing

/// Bombs are refused from their headers; damaged images get a reason, never a crash or a half picture.
@Suite("Imaging: limits and damaged files")
struct ImagingLimitsTests {
    /// A small real JPEG whose SOF is rewritten to claim another size.
    static func jpegClaiming(width: Int, height: Int, progressive: Bool, in directory: TemporaryDirectory) throws -> URL {
        let small = directory.url.appending(path: "small.jpg")
        try TestImages.jpeg(small, width: 16, height: 16, components: 3, progressive: progressive) { x, y in
            [UInt8(x * 16), UInt8(y * 16), 128]
        }
        var bytes = [UInt8](try Data(contentsOf: small))
        let sof: UInt8 = progressive ? 0xC2 : 0xC0
        let at = try #require((0..<bytes.count - 9).first { bytes[$0] == 0xFF && bytes[$0 + 1] == sof })
        bytes[at + 5] = UInt8(height >> 8); bytes[at + 6] = UInt8(height & 0xFF)
        bytes[at + 7] = UInt8(width >> 8); bytes[at + 8] = UInt8(width & 0xFF)
        return try directory.file("bomb-\(width)x\(height).jpg", bytes)
    }

    /// A small real PNG whose IHDR (with its CRC) is rewritten to claim another size.
    static func pngClaiming(width: UInt32, height: UInt32, in directory: TemporaryDirectory) throws -> URL {
        let small = directory.url.appending(path: "small.png")
        try TestImages.png(small, width: 4, height: 4, colorType: 2, rows: [UInt8](repeating: 200, count: 48))
        var bytes = [UInt8](try Data(contentsOf: small))
        for (offset, value) in [(16, width), (20, height)] {
            for i in 0..<4 { bytes[offset + i] = UInt8((value >> (24 - 8 * UInt32(i))) & 0xFF) }
        }
        let crc = bytes[12..<29].withContiguousStorageIfAvailable { UInt32(crc32(0, $0.baseAddress, 17)) } ?? 0
        for i in 0..<4 { bytes[29 + i] = UInt8((crc >> (24 - 8 * UInt32(i))) & 0xFF) }
        return try directory.file("bomb-\(width)x\(height).png", bytes)
    }

    static func timed(_ body: () throws -> NormalizeOutcome) rethrows -> (NormalizeOutcome, Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = try body()
        return (outcome, clock.now - start)
    }

    @Test("A JPEG whose SOF claims 60000x60000 is refused from its header in under a second", arguments: [false, true])
    func jpegBomb(progressive: Bool) throws {
        let directory = TemporaryDirectory("imaging-limits")
        defer { directory.cleanUp() }
        let bomb = try Self.jpegClaiming(width: 60000, height: 60000, progressive: progressive, in: directory)
        let (outcome, elapsed) = Self.timed { normalizeForTest(bomb, in: directory) }
        #expect(outcome.failure?.code == .tooLarge)
        #expect(outcome.sourceWidth == 60000 && outcome.sourceHeight == 60000)
        #expect(elapsed < .seconds(1))
        #expect(outcome.failure?.detail.contains("60000x60000") == true)
    }

    @Test("A 30000x30000 PNG is refused from its IHDR in under a second")
    func pngBomb() throws {
        let directory = TemporaryDirectory("imaging-limits")
        defer { directory.cleanUp() }
        let bomb = try Self.pngClaiming(width: 30000, height: 30000, in: directory)
        let (outcome, elapsed) = Self.timed { normalizeForTest(bomb, in: directory) }
        #expect(outcome.failure?.code == .tooLarge)
        #expect(elapsed < .seconds(1))
    }

    @Test("A PNG wider than the side limit is refused by libpng's user limits")
    func pngSide() throws {
        let directory = TemporaryDirectory("imaging-limits")
        defer { directory.cleanUp() }
        let wide = try Self.pngClaiming(width: 40000, height: 2, in: directory)
        let outcome = normalizeForTest(wide, in: directory)
        #expect(outcome.failure != nil)
        #expect(outcome.display == nil)
    }

    @Test("The sample 400-megapixel PNG is refused quickly")
    func sampleBomb() throws {
        let directory = TemporaryDirectory("imaging-limits")
        defer { directory.cleanUp() }
        let (outcome, elapsed) = Self.timed {
            normalizeForTest(packageRoot.appending(path: "SampleDocs/bad/png-400-megapixels.png"), in: directory)
        }
        #expect(outcome.failure?.code == .tooLarge)
        #expect(elapsed < .seconds(1))
    }

    @Test("Progressive scans past the limit are refused")
    func scans() throws {
        let directory = TemporaryDirectory("imaging-limits")
        defer { directory.cleanUp() }
        let source = directory.url.appending(path: "progressive.jpg")
        try TestImages.jpeg(source, width: 64, height: 64, components: 3, progressive: true) { x, y in [UInt8(x * 4), UInt8(y * 4), 0] }
        let refused = normalizeForTest(source, in: directory, limits: ImageLimits(progressiveScans: 3))
        #expect(refused.failure?.code == .tooLarge)
        #expect(refused.failure?.detail.contains("scans") == true)
        #expect(normalizeForTest(source, in: directory).succeeded)
    }

    @Test("A progressive JPEG whose coefficients exceed the decoder memory is refused before decoding")
    func coefficientMemory() throws {
        let directory = TemporaryDirectory("imaging-limits")
        defer { directory.cleanUp() }
        let bomb = try Self.jpegClaiming(width: 8000, height: 8000, progressive: true, in: directory)
        let outcome = normalizeForTest(bomb, in: directory, limits: ImageLimits(decoderMemory: 64 << 20))
        #expect(outcome.failure?.code == .tooLarge)
        #expect(outcome.failure?.detail.contains("coefficients") == true)
    }

    @Test("A truncated JPEG is refused as truncated, and nothing is left behind")
    func truncatedJPEG() throws {
        let directory = TemporaryDirectory("imaging-damaged")
        defer { directory.cleanUp() }
        let whole = directory.url.appending(path: "whole.jpg")
        try TestImages.jpeg(whole, width: 256, height: 256, components: 3) { x, y in [UInt8((x * 7) & 255), UInt8((y * 13) & 255), UInt8((x ^ y) & 255)] }
        let bytes = [UInt8](try Data(contentsOf: whole))
        let cut = try directory.file("cut.jpg", bytes.prefix(bytes.count * 6 / 10))
        let outcome = normalizeForTest(cut, in: directory, thumbnail: true)
        #expect(outcome.failure?.code == .truncated)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.hasPrefix("cut.") }
        #expect(leftovers == ["cut.jpg"])
    }

    @Test("A JPEG with garbage where markers belong is refused as corrupt")
    func corruptJPEG() throws {
        let directory = TemporaryDirectory("imaging-damaged")
        defer { directory.cleanUp() }
        var generator = SystemRandomNumberGenerator()
        let garbage = [0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x03] + (0..<4000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let source = try directory.file("garbage.jpg", garbage)
        let outcome = normalizeForTest(source, in: directory)
        let code = try #require(outcome.failure?.code)
        #expect(code == .corrupt || code == .truncated)
        #expect(outcome.failure?.detail.isEmpty == false)
    }

    @Test("A truncated PNG is refused as truncated")
    func truncatedPNG() throws {
        let directory = TemporaryDirectory("imaging-damaged")
        defer { directory.cleanUp() }
        let whole = directory.url.appending(path: "whole.png")
        let rows = (0..<(128 * 128 * 3)).map { UInt8(($0 * 31) & 255) }
        try TestImages.png(whole, width: 128, height: 128, colorType: 2, rows: rows)
        let bytes = [UInt8](try Data(contentsOf: whole))
        let cut = try directory.file("cut.png", bytes.prefix(bytes.count / 2))
        #expect(normalizeForTest(cut, in: directory).failure?.code == .truncated)
    }

    @Test("A PNG with a bad CRC is refused as corrupt")
    func crcPNG() {
        let directory = TemporaryDirectory("imaging-damaged")
        defer { directory.cleanUp() }
        let outcome = normalizeForTest(packageRoot.appending(path: "SampleDocs/bad/print-crc-invalido.png"), in: directory)
        #expect(outcome.failure?.code == .corrupt)
        #expect(outcome.failure?.detail.contains("CRC") == true)
    }

    @Test("A file that is neither JPEG nor PNG is refused by its content")
    func notAnImage() throws {
        let directory = TemporaryDirectory("imaging-damaged")
        defer { directory.cleanUp() }
        let source = try directory.file("text.jpg", Array("not an image".utf8))
        #expect(normalizeForTest(source, in: directory).failure?.code == .typeNotAllowed)
    }
}
