import Foundation
import Testing

/// `acervo intake --digitize` as scripts use it: the real executable, its lines and its exit status.
@Suite struct DigitizedIntakeCommandTests {
    let dir = TemporaryDirectory("acervo-intake-digitize")
    var store: String { dir.url.appending(path: "store").path }

    func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// The document's own fields, as an operator writes them in the metadata file.
    func metadataFile() throws -> String {
        try dir.file("metadados.json", Data("""
            {"titulo": "Contrato de adesão", "assunto": "Cobrança indevida", "autor": "Banco Exemplo S.A.",
             "data_producao": "2025-11-03", "local_digitalizacao": "Campo Grande, MS"}
            """.utf8)).path
    }

    @Test func aSignedDocumentThroughTheCommand() async throws {
        defer { dir.cleanUp() }
        let ca = try SigningTestAuthority.shared.get()
        let page1 = dir.url.appending(path: "p1.tif"), page2 = dir.url.appending(path: "p2.tif")
        try TestTIFF.write([TestPage(width: 640, height: 480, fill: 0x55)], to: page1)
        try TestTIFF.write([TestPage(width: 640, height: 480, fill: 0xFF)], to: page2)
        let result = try await commandOffPool(acervoExecutable, [
            "intake", "--digitize", "--store", store, "--case", "MS-2026-000452", "--kind", "contract", "--operator", "maria",
            "--profile", "texto", "--pdfa", "1b", "--ocr", "none", "--sign", ca.pkcs12("signer"), "--pin-file", ca.pinFile,
            "--metadata", try metadataFile(), "--digitized-by", "Procon-MS, protocolo",
            "--field", "titulo=Contrato de adesão nº 7", "--json", page1.path, page2.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try jsonLines(result.stdout)
        #expect(lines.count == 3, "one line per page file, then the document")
        #expect(lines.prefix(2).allSatisfy { $0["verdict"] as? String == "accepted" && $0["stored_path"] != nil })
        let document = try #require(lines.last?["document"] as? [String: Any])
        #expect(document["written"] as? Bool == true && document["signed"] as? Bool == true)
        #expect(document["pages"] as? Int == 2 && document["profile"] as? String == "texto" && document["pdfa"] as? String == "1b")
        #expect(document["ocr_words"] as? Int == 0)
        let first = try #require(lines.first?["evidence"] as? String)
        #expect(document["path"] as? String == "derivatives/\(first)/documento.pdf")
        let metadata = try #require(document["metadata"] as? [String: Any])
        #expect(metadata["titulo"] as? String == "Contrato de adesão nº 7", "--field wins over the file")
        #expect(metadata["autor"] as? String == "Banco Exemplo S.A." && metadata["tipo_documental"] as? String == "Contrato")
        #expect(metadata["responsavel_digitalizacao"] as? String == "Procon-MS, protocolo")
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["code"] as? String == "blank-page" && findings.first?["page"] as? Int == 2)
        #expect(findings.first?["verdict"] as? String == "accepted")
        #expect(findings.first?["message"] is String && findings.first?["message_pt"] is String)

        let stored = dir.url.appending(path: "store/objects/MS-2026-000452/v1/content/derivatives/\(first)/documento.pdf")
        #expect(try DigitizedIntakeTests.sha256(stored) == document["sha256"] as? String)
        if PDFValidators.preflightAvailable {
            let preflight = try await offPool { try PDFValidators.preflight(stored) }
            #expect(preflight.stdout.contains("is a valid PDF/A-1b file"), "\(preflight.stdout)\(preflight.stderr)")
        }
        let text = try await commandOffPool(acervoExecutable, ["intake", "--digitize", "--store", store, "--case", "MS-2026-000452",
                                                     "--kind", "contract", "--ocr", "none", "--metadata", try metadataFile(),
                                                     "--field", "responsavel_digitalizacao=Procon-MS", page1.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("DOCUMENTO  document  derivatives/") && text.stdout.contains("SEM ASSINATURA / UNSIGNED"))
    }

    @Test func aLowResolutionPageIsRefusedThroughTheCommand() async throws {
        defer { dir.cleanUp() }
        let good = dir.url.appending(path: "p1.tif"), low = dir.url.appending(path: "p2.tif")
        try TestTIFF.write([TestPage(width: 400, height: 300)], to: good)
        try TestTIFF.write([TestPage(width: 400, height: 300, resolution: (150, 150))], to: low)
        let result = try await commandOffPool(acervoExecutable, [
            "intake", "--digitize", "--store", store, "--case", "MS-2026-000453", "--kind", "contract", "--ocr", "none",
            "--metadata", try metadataFile(), "--field", "responsavel_digitalizacao=Procon-MS", "--json", good.path, low.path])
        #expect(result.status == 0, "a refusal is a verdict: \(result.stderr)")
        let lines = try jsonLines(result.stdout)
        #expect(lines.count == 3)
        for line in lines.prefix(2) {
            #expect(line["verdict"] as? String == "rejected" && line["stored_path"] == nil)
            let reasons = try #require(line["reasons"] as? [[String: Any]])
            let reason = try #require(reasons.first { $0["code"] as? String == "resolution-too-low" })
            #expect((reason["detail"] as? String)?.hasPrefix("page 2") == true)
        }
        let document = try #require(lines.last?["document"] as? [String: Any])
        #expect(document["written"] as? Bool == false && document["path"] == nil && document["signed"] as? Bool == false)
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.map { $0["code"] as? String } == ["resolution-too-low"])
        #expect(findings.first?["page"] as? Int == 2 && findings.first?["verdict"] as? String == "rejected")

        let quarantine = try await commandOffPool(acervoExecutable, ["quarantine", "list", "--store", store, "--json"])
        #expect(try jsonLines(quarantine.stdout).count == 2, "\(quarantine.stdout)")
        let show = try await commandOffPool(acervoExecutable, ["case", "show", "MS-2026-000453", "--store", store, "--json"])
        let detail = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        let records = detail?["evidence_records"] as? [[String: Any]] ?? []
        #expect(records.allSatisfy { $0["verdict"] as? String != "accepted" && $0["digitized"] == nil }, "nothing in the case")
    }

    @Test func aWrongPINIsAnErrorBeforeAnyWork() async throws {
        defer { dir.cleanUp() }
        let ca = try SigningTestAuthority.shared.get()
        let page = dir.url.appending(path: "p1.tif")
        try TestTIFF.write([TestPage(width: 640, height: 480, fill: 0x55)], to: page)
        let wrong = try dir.file("pin-errado.txt", Data("0000\n".utf8))
        let result = try await commandOffPool(acervoExecutable, [
            "intake", "--digitize", "--store", store, "--case", "MS-2026-000454", "--kind", "contract",
            "--sign", ca.pkcs12("signer"), "--pin-file", wrong.path, page.path])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("PIN"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store), "no store was opened")

        let alone = try await commandOffPool(acervoExecutable, ["intake", "--store", store, "--case", "MS-2026-000454", "--kind", "contract",
                                                      "--profile", "texto", page.path])
        #expect(alone.status == 64 && alone.stderr.contains("--digitize"), "\(alone.stderr)")
    }
}
