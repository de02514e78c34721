import AcervoCore
import AcervoIdentify
import Foundation
import Testing

@Suite("Identify: PDF and ZIP-based documents")
struct IdentifyDocumentTests {
    @Test func plainPDFIsClean() throws {
        let id = try identify(Fixture.pdf())
        #expect(id.format == .pdf)
        #expect(id.mime == "application/pdf")
        #expect(id.findings.isEmpty)
    }

    @Test(arguments: [
        "/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        "/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>",
        "/AA << /O << /S /Launch /F (cmd.exe) >> >>",
        "/Names << /EmbeddedFiles 3 0 R >>",
        "/AcroForm << /XFA 4 0 R >>",
    ])
    func activeContentIsFound(catalogExtra: String) throws {
        let id = try identify(Fixture.pdf(catalogExtra: catalogExtra))
        #expect(id.format == .pdf)
        #expect(codes(id) == [.activeContent])
    }

    @Test func javaScriptInsideACompressedObjectStreamIsFound() throws {
        let packed = Fixture.ascii("3 0 << /S /JavaScript /JS (app.launchURL('http://x')) >>")
        let objectStream = Fixture.pdfStream(number: 3, dictionary: "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
                                             data: Fixture.zlibStored(packed))
        let id = try identify(Fixture.pdf(objects: [objectStream]))
        #expect(codes(id) == [.activeContent])
    }

    @Test func namesInsideOrdinaryStreamsAreNotActions() throws {
        // Page content can say anything; only objects can act.
        let content = Fixture.pdfStream(number: 3, dictionary: "", data: Fixture.ascii("BT (/JavaScript) Tj ET"))
        let id = try identify(Fixture.pdf(objects: [content]))
        #expect(id.findings.isEmpty)
    }

    @Test func encryptInTheTrailerIsEncrypted() throws {
        let id = try identify(Fixture.pdf(trailerExtra: "/Encrypt 5 0 R /ID [<00> <00>]"))
        #expect(codes(id) == [.encrypted])
    }

    @Test func missingEOFIsTruncated() throws {
        let bytes = Fixture.pdf()
        let id = try identify(Array(bytes.prefix(bytes.count - 40)))
        #expect(id.format == .pdf)
        #expect(codes(id).contains(.truncated))
    }

    @Test func zipAfterEOFIsAppendedData() throws {
        let id = try identify(Fixture.pdf() + Fixture.zip([("a.txt", Fixture.ascii("hi"))]))
        #expect(id.format == .pdf)
        #expect(codes(id) == [.appendedData])
    }

    @Test func junkBeforeTheHeaderIsAppendedData() throws {
        let id = try identify(Fixture.ascii("MZ junk before the header\n") + Fixture.pdf())
        #expect(id.format == .pdf)
        #expect(codes(id) == [.appendedData])
    }

    @Test func docxIsDocx() throws {
        let id = try identify(Fixture.docx())
        #expect(id.format == .docx)
        #expect(id.mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(id.findings.isEmpty)
    }

    @Test func vbaProjectMakesAMacroDocument() throws {
        let id = try identify(Fixture.docx(extra: [("word/vbaProject.bin", [0xD0, 0xCF, 0x11, 0xE0])]))
        #expect(id.format == .officeMacro)
        #expect(codes(id) == [.macros])
    }

    @Test func macroEnabledContentTypeMakesAMacroDocument() throws {
        let types = Fixture.ascii(#"<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>"#)
        let id = try identify(Fixture.docx(contentTypes: types))
        #expect(id.format == .officeMacro)
        #expect(codes(id) == [.macros])
    }

    @Test func odtIsOdtAndBasicMakesItAMacroDocument() throws {
        let plain = try identify(Fixture.odt())
        #expect(plain.format == .odt)
        #expect(plain.findings.isEmpty)
        let macro = try identify(Fixture.odt(extra: [("Basic/Standard/Module1.xml", Fixture.ascii("<script:module/>"))]))
        #expect(macro.format == .officeMacro)
        #expect(codes(macro) == [.macros])
    }

    @Test func plainZipIsAnArchiveAndJarIsAnExecutable() throws {
        #expect(try identify(Fixture.zip([("notes.txt", Fixture.ascii("hello"))])).format == .archive)
        let jar = try identify(Fixture.zip([("META-INF/MANIFEST.MF", Fixture.ascii("Main-Class: A\n")), ("A.class", [0xCA, 0xFE, 0xBA, 0xBE])]))
        #expect(jar.format == .executable)
    }

    @Test func prefixAndSuffixOfAZipAreAppendedData() throws {
        let prefixed = try identify(Fixture.zip([("[Content_Types].xml", Fixture.contentTypes), ("word/document.xml", [])],
                                                prefix: [0x00, 0x01, 0x02, 0x03] + Fixture.ascii("stub")))
        #expect(prefixed.format == .docx)
        #expect(codes(prefixed) == [.appendedData])
        // A GIF that is also a ZIP (a "GIFAR") stays a GIF, with the archive reported.
        let gif = Fixture.ascii("GIF89a") + [1, 0, 1, 0, 0, 0, 0] + [0x3B]
        let gifar = try identify(Fixture.zip([("a.class", [0xCA, 0xFE])], prefix: gif))
        #expect(gifar.format == .gif)
        #expect(codes(gifar) == [.appendedData])
        let suffixed = try identify(Fixture.docx() + Fixture.ascii("trailing bytes"))
        #expect(codes(suffixed) == [.appendedData])
    }

    @Test func zipWithoutItsEndRecordIsTruncated() throws {
        let bytes = Fixture.docx()
        let id = try identify(Array(bytes.prefix(bytes.count - 30)))
        #expect(codes(id).contains(.truncated))
    }

    @Test func oleWithAVBAStorageIsAMacroDocument() throws {
        // A compound-document header and a directory entry named _VBA_PROJECT (UTF-16LE), as Word writes.
        var bytes: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        bytes += "_VBA_PROJECT".utf8.flatMap { [$0, 0] } + [UInt8](repeating: 0, count: 1000)
        let id = try identify(bytes)
        #expect(id.format == .officeMacro)
        #expect(codes(id) == [.macros])
    }
}
