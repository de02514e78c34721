import Acervo
import AcervoCore
import AcervoIdentify
import CZlib
import Foundation
import Testing

/// DOCX-shaped archives whose document inflates to 96 MiB from about 100 KB: a decompression bomb.
enum ExpansionFixture {
    /// 96 MiB of zeros as raw deflate (the zlib stream without its 2-byte header and Adler-32 trailer).
    static let bomb: (raw: [UInt8], inflated: Int) = {
        let inflated = 96 << 20
        let zeros = [UInt8](repeating: 0x20, count: inflated)
        var out = [UInt8](repeating: 0, count: Int(compressBound(UInt(inflated))))
        var length = UInt(out.count)
        _ = compress2(&out, &length, zeros, UInt(inflated), 9)
        return (Array(out[2..<Int(length) - 4]), inflated)
    }()

    /// A ZIP whose entries are (name, raw bytes in the archive, method, uncompressed size the directory declares).
    static func zip(_ entries: [(String, [UInt8], UInt16, Int)]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for (name, data, method, declared) in entries {
            let offset = UInt32(out.count)
            let fixed = Fixture.le16(20) + Fixture.le16(0) + Fixture.le16(method) + Fixture.le16(0) + Fixture.le16(0)
                + Fixture.le32(0) + Fixture.le32(UInt32(data.count)) + Fixture.le32(UInt32(declared))
                + Fixture.le16(UInt16(name.utf8.count)) + Fixture.le16(0)
            out += [0x50, 0x4B, 0x03, 0x04] + fixed + Fixture.ascii(name) + data
            central += [0x50, 0x4B, 0x01, 0x02] + Fixture.le16(20) + fixed + Fixture.le16(0) + Fixture.le16(0)
                + Fixture.le16(0) + Fixture.le32(0) + Fixture.le32(offset) + Fixture.ascii(name)
        }
        let directoryOffset = UInt32(out.count)
        out += central
        out += [0x50, 0x4B, 0x05, 0x06] + Fixture.le16(0) + Fixture.le16(0) + Fixture.le16(UInt16(entries.count))
            + Fixture.le16(UInt16(entries.count)) + Fixture.le32(UInt32(central.count)) + Fixture.le32(directoryOffset)
            + Fixture.le16(0)
        return out
    }

    /// A DOCX whose `word/document.xml` is the bomb, declaring `declared` bytes inflated.
    static func docx(declaring declared: Int) -> [UInt8] {
        zip([("[Content_Types].xml", Fixture.contentTypes, 0, Fixture.contentTypes.count),
             ("_rels/.rels", Fixture.ascii("<Relationships/>"), 0, 16),
             ("word/document.xml", bomb.raw, 8, declared)])
    }
}

@Suite("Identify: documents that inflate past any real one")
struct IdentifyExpansionTests {
    @Test("A DOCX that says it inflates to 96 MiB from 100 KB is found from its directory")
    func honestBomb() throws {
        let bytes = ExpansionFixture.docx(declaring: ExpansionFixture.bomb.inflated)
        #expect(bytes.count < 200_000)
        let id = try identify(bytes)
        #expect(id.format == .docx)
        #expect(codes(id).contains(.excessiveExpansion))
    }

    @Test("A DOCX whose directory understates its inflated size is found by inflating it, without keeping it")
    func lyingBomb() throws {
        let id = try identify(ExpansionFixture.docx(declaring: 13))
        #expect(id.format == .docx)
        #expect(codes(id).contains(.excessiveExpansion))
    }

    @Test("A real document, deflated, is not flagged")
    func realDocument() throws {
        let xml = Fixture.ascii("<w:document>" + String(repeating: "<w:p>Contrato de prestação de serviços</w:p>", count: 2000) + "</w:document>")
        let deflated = TinyImages.deflate(xml)
        let bytes = ExpansionFixture.zip([("[Content_Types].xml", Fixture.contentTypes, 0, Fixture.contentTypes.count),
                                          ("word/document.xml", Array(deflated[2..<(deflated.count - 4)]), 8, xml.count)])
        let id = try identify(bytes)
        #expect(id.format == .docx)
        #expect(id.findings.isEmpty, "\(id.findings)")
    }

    @Test("Sent as a contract, the bomb is rejected with its own reason, in Portuguese and English")
    func intakeRejects() async throws {
        let directory = TemporaryDirectory("acervo-expansion")
        defer { directory.cleanUp() }
        let archive = try EvidenceArchive.open(at: directory.url.appending(path: "store"), logger: testLogger)
        let report = try await archive.intake(case: try CaseNumber(validating: "MS-2024-000777"), attachments: [
            .bytes(Data(ExpansionFixture.docx(declaring: 13)), kind: .contract, name: "contrato.docx"),
        ], operatorName: "tests")
        let item = try #require(report.items.first)
        #expect(item.verdict == .rejected)
        let reason = try #require(item.reasons.first { $0.code == .excessiveExpansion })
        #expect(reason.portuguese.contains("descompactado"))
        #expect(reason.english.contains("decompressed"))
    }
}
