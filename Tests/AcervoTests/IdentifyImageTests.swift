import AcervoCore
import AcervoIdentify
import Foundation
import Testing

/// Formats an identification's findings' codes, for assertions.
func codes(_ identification: Identification) -> Set<ReasonCode> {
    Set(identification.findings.map(\.code))
}

func identify(_ bytes: [UInt8]) throws -> Identification {
    try Identifier().identify(data: Data(bytes))
}

@Suite("Identify: JPEG and PNG")
struct IdentifyImageTests {
    @Test func wholeJPEGIsCleanAndLibjpegReadsItsHeader() throws {
        let id = try identify(Fixture.jpeg())
        #expect(id.format == .jpeg)
        #expect(id.mime == "image/jpeg")
        #expect(id.findings.isEmpty)
        // The description comes from libjpeg's reading of the header.
        #expect(id.description.contains("8x8"))
    }

    @Test(arguments: [20, 100, 180])
    func truncatedJPEGIsTruncated(keep: Int) throws {
        let bytes = Fixture.jpeg()
        let id = try identify(Array(bytes.prefix(min(keep, bytes.count - 2))))
        #expect(id.format == .jpeg)
        #expect(codes(id).contains(.truncated))
    }

    @Test func zipAfterEOIIsAppendedData() throws {
        let polyglot = Fixture.jpeg() + Fixture.zip([("payload.exe", [0x4D, 0x5A, 0x90, 0])])
        let id = try identify(polyglot)
        #expect(id.format == .jpeg)
        #expect(codes(id) == [.appendedData])
    }

    @Test func libjpegRefusalIsCorrupt() throws {
        // Precision 7 passes the marker walk but libjpeg refuses it: its own message is kept.
        let id = try identify(Fixture.jpeg(precision: 7))
        #expect(id.format == .jpeg)
        let corrupt = try #require(id.findings.first { $0.code == .corrupt })
        #expect(corrupt.detail.hasPrefix("libjpeg:"))
    }

    @Test func segmentLengthPastTheEndIsTruncated() throws {
        var bytes = Fixture.jpeg()
        bytes.replaceSubrange(4..<6, with: [0xFF, 0xF0]) // APP0 claims 65,520 bytes
        let id = try identify(bytes)
        #expect(codes(id).contains(.truncated))
    }

    @Test func wholePNGIsClean() throws {
        let id = try identify(Fixture.png())
        #expect(id.format == .png)
        #expect(id.mime == "image/png")
        #expect(id.findings.isEmpty)
        #expect(id.description.contains("1 x 1"))
    }

    @Test func flippedCRCIsCorrupt() throws {
        var bytes = Fixture.png()
        bytes[29] ^= 0x01 // last byte of IHDR's CRC
        let id = try identify(bytes)
        #expect(id.format == .png)
        #expect(codes(id) == [.corrupt])
        #expect(id.findings[0].detail.contains("IHDR"))
    }

    @Test func truncatedPNGIsTruncated() throws {
        let bytes = Fixture.png()
        let id = try identify(Array(bytes.dropLast(12))) // IEND removed
        #expect(codes(id).contains(.truncated))
    }

    @Test func bytesAfterIENDAreAppendedData() throws {
        let id = try identify(Fixture.png() + Fixture.ascii("<?php system($_GET['c']); ?>"))
        #expect(id.format == .png)
        #expect(codes(id) == [.appendedData])
    }

    @Test func libpngRefusesAnImpossibleBitDepth() throws {
        // The CRCs are right; only libpng's reading of IHDR can tell bit depth 3 is not PNG.
        let id = try identify(Fixture.png(bitDepth: 3))
        let corrupt = try #require(id.findings.first { $0.code == .corrupt })
        #expect(corrupt.detail.hasPrefix("libpng:"))
    }

    @Test func hugeChunkLengthIsBoundedByTheFile() throws {
        var bytes = Fixture.png()
        bytes.replaceSubrange(33..<37, with: [0x7F, 0xFF, 0xFF, 0xF0]) // IDAT claims 2 GB
        let id = try identify(bytes)
        #expect(codes(id).contains(.truncated))
    }

    @Test func damageBeyondTheHeadIsFoundThroughTheFile() throws {
        // A 200 KB ancillary chunk pushes IDAT past the 64 KiB head: the walk must read the file itself.
        let big = Fixture.pngChunk("tEXt", Fixture.ascii("Comment\0") + [UInt8](repeating: 0x41, count: 200_000))
        var bytes = Fixture.png(extraChunks: [big])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("acervo-identify-\(UUID()).png")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(bytes).write(to: url)
        let identifier = try Identifier()
        #expect(identifier.identify(fileAt: url).findings.isEmpty)
        bytes[bytes.count - 20] ^= 0xFF // inside IDAT, far beyond the head
        try Data(bytes).write(to: url)
        let damaged = identifier.identify(fileAt: url)
        #expect(damaged.format == .png)
        #expect(codes(damaged) == [.corrupt])
    }
}
