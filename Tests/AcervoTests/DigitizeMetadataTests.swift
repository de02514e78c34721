import AcervoCore
import AcervoDigitize
import AcervoPolicy

import Foundation
import Testing

@Suite("Digitize: Anexo II metadata")
struct DigitizeMetadataTests {
    /// A policy whose `contract` kind has the given `archive:` section text (indented under the kind).
    func policy(contractArchive: String) throws -> Policy {
        let builtIn = try String(contentsOf: packageRoot.appending(path: "Pipelines/complaint-intake.yml"), encoding: .utf8)
        let text = builtIn.replacingOccurrences(of: """
                max_bytes: 50 MB
                archive:
                  classe: "Defesa do consumidor: reclamação (processo administrativo)"
                  tipo_documental: Contrato
                  genero: textual
                  prazo_guarda: "5 anos após o encerramento da reclamação"
                  destinacao_prevista: eliminacao
            """, with: """
                max_bytes: 50 MB
                archive:
            \(contractArchive)
            """)
        #expect(text != builtIn, "the built-in contract section changed: update this test")
        return try Policy(yaml: text, source: "test.yml")
    }

    @Test("the built-in policy gives the paper kinds a classification and none to identity documents")
    func builtInArchive() throws {
        let contract = try #require(Policy.builtIn.rule(for: .contract).archive)
        #expect(contract.documentType == "Contrato")
        #expect(contract.intendedDisposition == .elimination)
        #expect(contract.genre == "textual")
        #expect(contract.documentClass?.isEmpty == false)
        #expect(contract.retentionPeriod?.isEmpty == false)
        for kind in [DocumentKind.proofOfAddress, .receipt, .correspondence, .other] {
            #expect(Policy.builtIn.rule(for: kind).archive?.documentClass != nil, "\(kind)")
        }
        for kind in [DocumentKind.identity, .photo, .screenshot, .audio, .video] {
            #expect(Policy.builtIn.rule(for: kind).archive == nil, "\(kind) is not covered by the decree")
        }
    }

    @Test("an unknown key or a bad disposition in an archive section is an error naming it")
    func archiveSectionChecked() throws {
        #expect(throws: AcervoError.self) { try policy(contractArchive: "      clase: 061.1") }
        do {
            _ = try policy(contractArchive: "      clase: 061.1")
        } catch {
            #expect(messageOf(error).contains("unknown key 'clase'"))
        }
        do {
            _ = try policy(contractArchive: "      destinacao_prevista: queimar")
            Issue.record("a bad disposition was accepted")
        } catch {
            #expect(messageOf(error).contains("eliminacao ou guarda_permanente"))
        }
        do {
            _ = try policy(contractArchive: "      identificador: X-1")
            Issue.record("the identifier was accepted from a policy")
        } catch {
            #expect(messageOf(error).contains("identificador"))
        }
        let custom = try policy(contractArchive: "      classe: 061.1\n      destinacao_prevista: guarda_permanente")
        #expect(custom.rule(for: .contract).archive?.documentClass == "061.1")
        #expect(custom.rule(for: .contract).archive?.intendedDisposition == .permanent)
    }

    @Test("the metadata file takes the contract's keys and nothing else")
    func metadataFile() throws {
        let good = try MetadataFile.parse(Data("""
            {"titulo": "Contrato de adesão — TV por assinatura", "assunto": "Cobrança indevida",
             "autor": "Operadora X S.A.", "tipo_documental": "Contrato", "responsavel_digitalizacao": "Maria Souza",
             "local_digitalizacao": "Procon Cuiabá/MT", "data_producao": "2024-03-01", "classe": "061.1",
             "destinacao_prevista": "eliminacao", "genero": "textual", "prazo_guarda": "5 anos"}
            """.utf8), source: "m.json")
        #expect(good.title == "Contrato de adesão — TV por assinatura")
        #expect(good.digitizationPlace == "Procon Cuiabá/MT")
        #expect(good.producedOn == "2024-03-01")
        #expect(good.intendedDisposition == .elimination)
        for field in ArchivalMetadata.Field.given { #expect(good[field] != nil, "\(field)") }

        let failures: [(String, String)] = [
            (#"{"tittulo": "x"}"#, "tittulo"),
            (#"{"titulo": 3}"#, "must be a string"),
            (#"{"identificador": "abc"}"#, "filled by Acervo"),
            (#"{"hash_imagens": "abc"}"#, "filled by Acervo"),
            (#"["titulo"]"#, "one JSON object"),
            (#"{"titulo": "#, "not valid JSON"),
            (#"{"destinacao_prevista": "guarda"}"#, "eliminacao or guarda_permanente"),
        ]
        for (text, expected) in failures {
            do {
                _ = try MetadataFile.parse(Data(text.utf8), source: "m.json")
                Issue.record("\(text) was accepted")
            } catch {
                #expect(error.english.contains(expected), "\(text): \(error.english)")
                #expect(!(error.portuguese ?? "").isEmpty)
            }
        }
    }

    @Test("a metadata file past its limit is refused without reading it whole")
    func oversizedFile() throws {
        let dir = TemporaryDirectory("acervo-metadata")
        defer { dir.cleanUp() }
        let big = dir.url.appending(path: "big.json")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 4 << 30) // sparse: 4 GiB that cost nothing to make
        try handle.close()
        let start = Date()
        #expect(throws: AcervoError.self) { try MetadataFile.load(path: big.path) }
        #expect(Date().timeIntervalSince(start) < 2)
        let link = dir.url.appending(path: "link.json")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: big)
        #expect(throws: AcervoError.self) { try MetadataFile.load(path: link.path) }
    }

    @Test("sources combine policy, settings, file, flags: the more particular wins; missing fields are named")
    func combining() throws {
        let policy = try #require(Policy.builtIn.rule(for: .contract).archive)
        let settings = ArchivalMetadata(digitizedBy: "Estação 2", digitizationPlace: "Procon Cuiabá/MT")
        var file = ArchivalMetadata(title: "Contrato", author: "Operadora X S.A.", digitizedBy: "Maria Souza")
        try file.set(.tipoDocumental, to: "Termo de adesão", source: "m.json")
        let flags = ArchivalMetadata(title: "Contrato de adesão", producedOn: "2024-03-01")
        let combined = policy.overlaid(with: settings).overlaid(with: file).overlaid(with: flags)
        #expect(combined.title == "Contrato de adesão")
        #expect(combined.digitizedBy == "Maria Souza")
        #expect(combined.digitizationPlace == "Procon Cuiabá/MT")
        #expect(combined.documentType == "Termo de adesão")
        #expect(combined.documentClass == policy.documentClass)
        #expect(combined.missingFields == [.assunto, .dataDigitalizacao, .identificador, .hashImagens])
        let error = ArchivalMetadata.missingFieldsError([.assunto])
        #expect(error.english.contains("assunto (subject)"))
        #expect((error.portuguese ?? "").contains("assunto (Assunto)"))
    }

    @Test("the metadata round-trips through JSON under its contract keys")
    func codable() throws {
        let metadata = ArchivalMetadata(title: "T", digitizedAt: Date(timeIntervalSince1970: 1_700_000_000),
                                        identifier: "id-1", pageHashes: ["ab", "cd"], intendedDisposition: .permanent)
        let data = try JSONEncoder().encode(metadata)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"titulo\"") && text.contains("\"hash_imagens\"") && text.contains("guarda_permanente"))
        #expect(try JSONDecoder().decode(ArchivalMetadata.self, from: data) == metadata)
    }
}

/// An error's text in both languages, for checking what a person would read.
private func messageOf(_ error: any Error) -> String {
    if let error = error as? AcervoError { return error.message }
    return "\(error)"
}

@Suite("Digitize: the policy grades the gate")
struct DigitizeGradingTests {
    @Test("the built-in policy grades every finding as the gate always has; a policy file can regrade them")
    func policyGrades() throws {
        for code in DigitizationFindingCode.allCases {
            #expect(Policy.builtIn.digitizationGrades.verdict(for: code) == code.builtInVerdict, "\(code)")
            #expect(ReasonCode.all.contains(code.reasonCode), "\(code) is not a reason code the policy knows")
        }
        let builtIn = try String(contentsOf: packageRoot.appending(path: "Pipelines/complaint-intake.yml"), encoding: .utf8)
        let strict = try Policy(yaml: builtIn.replacingOccurrences(of: "  lossy-source: accepted", with: "  lossy-source: review"))
        #expect(strict.digitizationGrades.verdict(for: .lossySource) == .review)
        do {
            _ = try Policy(yaml: builtIn.replacingOccurrences(of: "  blank-page: accepted", with: "  page-too-large: accepted"))
            Issue.record("page-too-large was regraded")
        } catch {
            #expect(error.message.contains("always rejected"))
        }
    }
}
