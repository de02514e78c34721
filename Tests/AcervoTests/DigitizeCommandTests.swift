import AcervoCore
import CTIFF
import Foundation
import Testing

/// `acervo digitize` as an operator or a station script runs it: its JSON line and exit statuses.
@Suite struct DigitizeCommandTests {
    let dir = TemporaryDirectory("acervo-digitize-command")

    /// Every Anexo II field a person gives, as flags and `--field`.
    static let metadataFlags = [
        "--title", "Contrato de adesão", "--author", "Operadora X S.A.", "--subject", "Cobrança indevida",
        "--produced-on", "2025-11-03", "--digitized-by", "Maria Souza", "--place", "Cuiabá/MT",
        "--field", "tipo_documental=contrato", "--field", "classe=061.1", "--field", "destinacao_prevista=guarda_permanente",
        "--field", "genero=textual", "--field", "prazo_guarda=5 anos",
    ]

    func digitize(_ arguments: [String]) throws -> CommandResult {
        try runCommand(acervoExecutable, ["digitize"] + arguments, timeout: 300)
    }

    func json(_ result: CommandResult) throws -> [String: Any] {
        let line = try #require(result.stdout.split(separator: "\n").first.map(String.init), "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    func pages(_ name: String, _ pages: [TestPage]) throws -> String {
        let url = dir.url.appending(path: name)
        try TestTIFF.write(pages, to: url)
        return url.path
    }

    @Test func writesTheDocumentAndPrintsTheContractLine() throws {
        defer { dir.cleanUp() }
        let tiff = try pages("paginas.tif", [TestPage(width: 640, height: 480), TestPage(width: 640, height: 480, fill: 0xFF)])
        let output = dir.url.appending(path: "documento.pdf").path
        let result = try digitize(["--output", output, "--ocr", "none", "--json"] + Self.metadataFlags + [tiff])
        #expect(result.status == 0, "\(result.stderr)")
        let line = try json(result)
        #expect(line["output"] as? String == output)
        #expect(line["pages"] as? Int == 2 && line["profile"] as? String == "texto" && line["pdfa"] as? String == "2b")
        #expect(line["signed"] as? Bool == false && line["ocr_words"] as? Int == 0 && line["written"] as? Bool == true)
        let sha = try #require(line["sha256"] as? String)
        #expect(sha.count == 64)
        let findings = try #require(line["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["code"] as? String == "blank-page" && findings.first?["page"] as? Int == 2)
        #expect(findings.first?["verdict"] as? String == "accepted")
        #expect((findings.first?["message"] as? String)?.isEmpty == false && (findings.first?["message_pt"] as? String)?.isEmpty == false)
        // Unsigned, and it says so.
        #expect(result.stderr.contains("unsigned") && result.stderr.contains("sem assinatura"))
        let check = try runCommand(which("qpdf")!, ["--check", output])
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test func aRefusedDocumentExits65AndWritesNothing() throws {
        defer { dir.cleanUp() }
        let tiff = try pages("baixa.tif", [TestPage(width: 400, height: 300, resolution: (200, 100))])
        let output = dir.url.appending(path: "documento.pdf").path
        let result = try digitize(["--output", output, "--ocr", "none", "--json"] + Self.metadataFlags + [tiff])
        #expect(result.status == 65, "\(result.stderr)")
        let line = try json(result)
        #expect(line["written"] as? Bool == false && line["sha256"] == nil)
        let findings = try #require(line["findings"] as? [[String: Any]])
        #expect(findings.map { $0["code"] as? String } == ["resolution-too-low"])
        #expect(findings.first?["verdict"] as? String == "rejected" && findings.first?["page"] as? Int == 1)
        #expect(!FileManager.default.fileExists(atPath: output))
        let text = try digitize(["--output", output, "--ocr", "none"] + Self.metadataFlags + [tiff])
        #expect(text.status == 65 && text.stdout.contains("RECUSADO") && text.stdout.contains("resolution-too-low"))
    }

    /// The machine failing while a page is read is an operational error (exit 70), never a verdict on the
    /// page: here the scratch file a PDF's JPEG page is decoded through cannot be made.
    @Test func aScratchFileThatCannotBeMadeIsAnOperationalError() throws {
        defer { dir.cleanUp() }
        let jpeg = dir.url.appending(path: "foto.jpg"), pdf = dir.url.appending(path: "foto.pdf")
        try TestPageFiles.jpeg(jpeg, pixels: TestPageFiles.rgbPattern(width: 60, height: 40), width: 60, height: 40,
                               components: 3, jfif: (1, 300, 300))
        try TestPDF.build([TestPDFPage(data: jpeg.path, width: 60, height: 40, colorspace: "/DeviceRGB",
                                       filter: "/DCTDecode", content: TestPDF.drawn(width: 14.4, height: 9.6),
                                       mediaBox: [0, 0, 14.4, 9.6])], to: pdf)
        let output = dir.url.appending(path: "documento.pdf").path
        let missing = dir.url.appending(path: "no-such-directory").path
        // Both ways pages are worked on: with the OCR engine's threads, and without OCR.
        for ocr in [["--ocr", "none"], []] {
            let arguments = ["--output", output, "--profile", "colorido", "--json"] + ocr + Self.metadataFlags + [pdf.path]
            let result = try runCommand(acervoExecutable, ["digitize"] + arguments, environment: ["TMPDIR": missing],
                                        timeout: 300)
            #expect(result.status == 70, "\(ocr): \(result.stdout) \(result.stderr)")
            #expect(result.stderr.contains("cannot create \(missing)") && result.stderr.contains("não foi possível criar"),
                    "\(ocr): \(result.stderr)")
            #expect(!result.stdout.contains("unreadable-page"), "\(ocr): \(result.stdout)")
            #expect(!FileManager.default.fileExists(atPath: output))
            // With its scratch directory back, the same page is written.
            let written = try digitize(arguments)
            #expect(written.status == 0, "\(ocr): \(written.stdout) \(written.stderr)")
            try? FileManager.default.removeItem(atPath: output)
        }
    }

    @Test func aRefusedDocumentCountsEveryPageRead() throws {
        defer { dir.cleanUp() }
        // Three pages, one of them refused: the line counts the three read, not the one with a finding.
        let tiff = try pages("tres.tif", [TestPage(width: 400, height: 300), TestPage(width: 400, height: 300, resolution: (200, 100)),
                                          TestPage(width: 400, height: 300)])
        let output = dir.url.appending(path: "documento.pdf").path
        let result = try digitize(["--output", output, "--ocr", "none", "--json"] + Self.metadataFlags + [tiff])
        #expect(result.status == 65, "\(result.stderr)")
        let line = try json(result)
        #expect(line["written"] as? Bool == false)
        #expect(line["pages"] as? Int == 3, "\(result.stdout)")
        #expect((line["findings"] as? [[String: Any]])?.map { $0["page"] as? Int } == [2])
    }

    @Test func aMissingFieldIsABadArgumentNamingIt() throws {
        defer { dir.cleanUp() }
        let tiff = try pages("pagina.tif", [TestPage(width: 640, height: 480)])
        let output = dir.url.appending(path: "documento.pdf").path
        let result = try digitize(["--output", output, "--ocr", "none", "--title", "Só o título", tiff])
        #expect(result.status == 64)
        #expect(result.stderr.contains("autor (author (name))") && result.stderr.contains("Autor (nome)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func theKindsArchiveSectionFillsTheClassification() throws {
        defer { dir.cleanUp() }
        let tiff = try pages("pagina.tif", [TestPage(width: 640, height: 480)])
        let output = dir.url.appending(path: "documento.pdf").path
        let result = try digitize(["--output", output, "--ocr", "none", "--kind", "contract", "--title", "T", "--author", "A",
                                   "--subject", "S", "--produced-on", "2025-11-03", "--digitized-by", "M", "--place", "P", tiff])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test(.enabled(if: which("openssl") != nil, "needs openssl for the test CA"))
    func aWrongPINIsABadArgumentBeforeAnyWork() throws {
        defer { dir.cleanUp() }
        let ca = try SigningTestAuthority.shared.get()
        let wrong = dir.url.appending(path: "pin-errado.txt")
        try Data("0000\n".utf8).write(to: wrong)
        // A page the gate would refuse (exit 65): 64 shows the PIN was checked before any page was read.
        let tiff = try pages("pagina.tif", [TestPage(width: 640, height: 480, resolution: (150, 150))])
        let output = dir.url.appending(path: "documento.pdf").path
        let result = try digitize(["--output", output, "--ocr", "none", "--sign", ca.pkcs12("signer"), "--pin-file", wrong.path]
                                  + Self.metadataFlags + [tiff])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("PIN") && !result.stderr.contains("0000"))
        #expect(!FileManager.default.fileExists(atPath: output))
        let alone = try digitize(["--output", output, "--sign", ca.pkcs12("signer"), tiff])
        #expect(alone.status == 64 && alone.stderr.contains("--pin-file"))
    }

    @Test(.enabled(if: which("openssl") != nil && which("pdfsig") != nil, "needs openssl and pdfsig"))
    func aSignedDocumentSaysWhoSignedIt() throws {
        defer { dir.cleanUp() }
        let ca = try SigningTestAuthority.shared.get()
        let tiff = try pages("pagina.tif", [TestPage(width: 640, height: 480)])
        let output = dir.url.appending(path: "documento.pdf").path
        let result = try digitize(["--output", output, "--ocr", "none", "--pdfa", "1b", "--sign", ca.pkcs12("signer"),
                                   "--pin-file", ca.pinFile, "--json"] + Self.metadataFlags + [tiff])
        #expect(result.status == 0, "\(result.stderr)")
        let line = try json(result)
        #expect(line["signed"] as? Bool == true && line["pdfa"] as? String == "1b")
        #expect((line["signer"] as? String)?.contains("FULANO DE TAL") == true)
        let pdfsig = try runCommand(which("pdfsig")!, [output])
        #expect(pdfsig.stdout.contains("Signature is Valid"), "\(pdfsig.stdout)")
        #expect(!result.stderr.contains("unsigned"))
    }

    @Test func badArgumentsExit64() throws {
        defer { dir.cleanUp() }
        let tiff = try pages("pagina.tif", [TestPage(width: 640, height: 480)])
        for arguments in [
            ["--output", dir.url.appending(path: "x.pdf").path],                               // no page
            ["--output", dir.url.appending(path: "x.pdf").path, dir.url.appending(path: "nao-existe.tif").path],
            ["--output", dir.url.appending(path: "nao/existe/x.pdf").path, tiff],           // no such directory
            ["--output", tiff, tiff],                                                        // would overwrite a page
            ["--output", dir.url.appending(path: "x.pdf").path, "--profile", "aquarela", tiff],
            ["--output", dir.url.appending(path: "x.pdf").path, "--ocr", "por+../../etc", tiff],
            ["--output", dir.url.appending(path: "x.pdf").path, "--field", "identificador=1", tiff],
        ] {
            let result = try digitize(arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: tiff))
    }
}
