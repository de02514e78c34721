import Acervo
import AcervoDigitizedIntake
import AcervoCore
import AcervoDigitize
import CTIFF
import Crypto
import Foundation
import Logging
import Synchronization
import Testing

/// Scanned paper into a case: the page files as originals, the signed PDF/A beside the first page, its
/// Anexo II metadata in the record, `digitized` and `signed` in custody; or, when the quality gate refuses
/// the pages, every page file in the quarantine with its reasons and nothing in the case.
@Suite struct DigitizedIntakeTests {
    static let caseNumber = CaseNumber(rawValue: "MS-2026-000451")!
    let dir = TemporaryDirectory("acervo-digitized-intake")
    var storeURL: URL { dir.url.appending(path: "store") }

    func archive() throws -> EvidenceArchive {
        try EvidenceArchive.open(at: storeURL, configuration: .init(openVersion: nil),
                                 logger: Logger(label: "acervo.tests", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// What the operator gives for a contract: the station's settings and the document's own fields; the
    /// policy's `archive:` section gives the classification and retention.
    static func options(signer: SigningIdentity?, ocr: OCRLanguages = .standard) -> DigitizedIntakeOptions {
        DigitizedIntakeOptions(
            profile: .texto, ocr: ocr, signer: signer,
            settings: ArchivalMetadata(digitizedBy: "Procon-MS, setor de protocolo", digitizationPlace: "Campo Grande, MS"),
            fields: ArchivalMetadata(title: "Contrato de prestação de serviços", subject: "Cobrança indevida",
                                     author: "Maria José da Conceição", producedOn: "2025-11-03"),
            operatorName: "maria", channel: .scanStation)
    }

    static func sha256(_ url: URL) throws -> String {
        SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
    }

    @Test(.enabled(if: which("pdftotext") != nil, "needs pdftotext"))
    func aScannedContractBecomesEvidenceAndASignedDocument() async throws {
        defer { dir.cleanUp() }
        let ca = try SigningTestAuthority.shared.get()
        let identity = try SigningIdentity(pkcs12: ca.pkcs12("signer"), pinFile: ca.pinFile)
        let letter = try RecognitionFixtures.page("letter-bitonal")
        let contract = try RecognitionFixtures.page("contract-grey")
        let archive = try archive()
        let steps = Mutex<[DigitizedIntakeProgress]>([])
        let report = try await archive.intakeDigitized(
            pages: [letter.tiff, contract.tiff], case: Self.caseNumber, kind: .contract,
            options: Self.options(signer: identity)) { step in steps.withLock { $0.append(step) } }

        let document = try #require(report.document, "refused: \(report.findings)")
        #expect(report.intake.items.map(\.verdict) == [.accepted, .accepted])
        #expect(report.intake.version == 1)
        let ids = report.intake.items.map(\.evidenceID)
        let first = ids[0].uuidString.lowercased()
        #expect(document.path == "derivatives/\(first)/documento.pdf")
        #expect(document.sources == ids && document.pageCount == 2 && document.signed && document.format == "pdf-a-2b")
        #expect(document.ocrWords > 100)
        #expect(document.metadata.identifier == "\(Self.caseNumber.rawValue)/\(first)")
        #expect(document.metadata.documentType == "Contrato", "the kind's archive: section")
        #expect(document.metadata.digitizedBy == "Procon-MS, setor de protocolo", "the operator's settings")
        #expect(document.metadata.title == "Contrato de prestação de serviços", "the fields given")
        let pageSteps = steps.withLock { $0 }.compactMap { step -> Int? in
            if case .digitization(let progress) = step, progress.stage == .page { return progress.page }
            return nil
        }
        #expect(pageSteps.sorted() == [1, 2], "the digitizer's progress per page reaches the caller")

        // The page files are the originals, byte for byte; the document is the first page's derivative.
        let object = storeURL.appending(path: "objects/\(Self.caseNumber.rawValue)/v1/content")
        for (item, page) in zip(report.intake.items, [letter.tiff, contract.tiff]) {
            #expect(try Self.sha256(object.appending(path: try #require(item.storedPath))) == Self.sha256(page))
        }
        let stored = object.appending(path: document.path)
        #expect(try Self.sha256(stored) == document.sha256)
        let text = try await commandOffPool(which("pdftotext")!, [stored.path, "-"])
        #expect(try wordAccuracy(truth: letter.truth + "\n" + contract.truth, ocr: text.stdout) >= 0.9)

        // What `case show --json` prints: two evidence records, the first with the document and its metadata.
        let show = try await commandOffPool(acervoExecutable, ["case", "show", Self.caseNumber.rawValue, "--store", storeURL.path, "--json"])
        #expect(show.status == 0, "\(show.stderr)")
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let records = try #require(detail["evidence_records"] as? [[String: Any]])
        #expect(records.count == 2)
        let digitized = try #require(records.first { $0["evidence"] as? String == first }?["digitized"] as? [String: Any])
        #expect(digitized["sha256"] as? String == document.sha256 && digitized["pages"] as? Int == 2)
        #expect(digitized["pdfa"] as? String == "2b" && digitized["signed"] as? Bool == true)
        #expect((digitized["signer"] as? [String: Any])?["cpf"] as? String == "12345678909")
        let metadata = try #require(digitized["metadata"] as? [String: Any])
        #expect(metadata["titulo"] as? String == "Contrato de prestação de serviços")
        #expect(metadata["classe"] as? String == "Defesa do consumidor: reclamação (processo administrativo)")
        #expect((metadata["hash_imagens"] as? [String])?.count == 2)
        let decoded = try JSONDecoder().decode(CaseDetail.self, from: Data(show.stdout.utf8))
        // Reports print dates to the second.
        var readBack = try #require(decoded.evidence.compactMap(\.digitized).first)
        var expected = document
        #expect(abs((readBack.metadata.digitizedAt ?? .distantPast).timeIntervalSince(expected.metadata.digitizedAt ?? .now)) < 1)
        readBack.metadata.digitizedAt = nil
        expected.metadata.digitizedAt = nil
        #expect(readBack == expected, "case show's JSON reads back")

        // Custody: what was made and who signed it.
        let events = try await archive.custodyEvents(of: Self.caseNumber)
        let made = try #require(events.first { $0.type == .digitized })
        #expect(made.evidence == ids[0] && made.details["sha256"] == document.sha256)
        #expect(made.details["format"] == "pdf-a-2b" && made.details["profile"] == "texto" && made.details["pages"] == "2")
        let signed = try #require(events.first { $0.type == .signed })
        #expect(signed.details["signed"] == "true" && signed.details["signer"] == "FULANO DE TAL" && signed.actor == "maria")

        let verify = try await commandOffPool(acervoExecutable, ["store", "verify", "--store", storeURL.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        if let validator = which("ocfl-validate.py") {
            let ocfl = try await commandOffPool(validator, [storeURL.appending(path: "objects").path])
            #expect(ocfl.status == 0, "\(ocfl.stdout)\(ocfl.stderr)")
        }

        // The dossier carries the document; its index shows it with its metadata and signer.
        let tar = dir.url.appending(path: "dossie.tar")
        _ = try await archive.buildDossier(case: Self.caseNumber, to: tar)
        let out = dir.url.appending(path: "extraido")
        let extracted = try await archive.extractDossier(at: tar, to: out)
        #expect(extracted.isValid, "\(extracted.problems)")
        let bag = out.appending(path: try #require(extracted.bagName))
        if let bagit = try await validatorOffPool("bagit.py", ["--validate", bag.path]) {
            #expect(bagit.status == 0, "bagit.py: \(bagit.stderr)")
        }
        let index = try String(contentsOf: bag.appending(path: "index.html"), encoding: .utf8)
        #expect(index.contains("Documentos digitalizados") && index.contains("FULANO DE TAL"))
        #expect(index.contains("Contrato de prestação de serviços") && index.contains(document.sha256))
        let files = FileManager.default.enumerator(at: bag, includingPropertiesForKeys: nil)?.allObjects ?? []
        let bagged = try #require(files.compactMap { $0 as? URL }.first { $0.lastPathComponent == "documento.pdf" })
        #expect(try Self.sha256(bagged) == document.sha256)
    }

    @Test func aPageBelowThreeHundredDPISendsEveryPageFileToTheQuarantine() async throws {
        defer { dir.cleanUp() }
        let good = dir.url.appending(path: "pagina-1.tif")
        let low = dir.url.appending(path: "pagina-2.tif")
        try TestTIFF.write([TestPage(width: 400, height: 300)], to: good)
        try TestTIFF.write([TestPage(width: 400, height: 300, resolution: (150, 150))], to: low)
        let archive = try archive()
        let report = try await archive.intakeDigitized(pages: [good, low], case: Self.caseNumber, kind: .contract,
                                                       options: Self.options(signer: nil, ocr: .none))
        #expect(report.refused && report.document == nil)
        #expect(report.findings.map(\.code) == [.resolutionTooLow] && report.findings.first?.page == 2)
        #expect(report.intake.items.map(\.verdict) == [.rejected, .rejected])
        for item in report.intake.items {
            #expect(item.storedPath == nil)
            let record = try #require(try await archive.evidence(item.evidenceID))
            let reason = try #require(record.reasons.first { $0.code == .resolutionTooLow })
            #expect(ReasonCode.digitization.contains(reason.code))
            #expect(reason.verdict == .rejected && reason.detail.hasPrefix("page 2"), "\(reason.detail)")
            #expect(record.storedPath?.hasPrefix("quarantine/") == true && record.digitized == nil)
        }
        let detail = try await archive.caseDetail(Self.caseNumber)
        #expect(detail?.evidence.allSatisfy { $0.verdict != .accepted && $0.digitized == nil } ?? true, "nothing in the case")
        #expect(!FileManager.default.fileExists(atPath: storeURL.appending(path: "objects/\(Self.caseNumber.rawValue)/v1/content/originals").path))
        let events = try await archive.custodyEvents(of: Self.caseNumber)
        #expect(!events.contains { $0.type == .digitized || $0.type == .signed })
        let staging = try FileManager.default.contentsOfDirectory(atPath: storeURL.appending(path: "staging/incoming").path)
        #expect(staging.isEmpty, "nothing is left in staging: \(staging)")
    }

    @Test func anUnsignedDocumentSaysItLacksLegalEquivalence() async throws {
        defer { dir.cleanUp() }
        let page = dir.url.appending(path: "pagina.tif")
        try TestTIFF.write([TestPage(width: 640, height: 480, fill: 0x55)], to: page)
        let archive = try archive()
        let report = try await archive.intakeDigitized(pages: [page], case: Self.caseNumber, kind: .receipt,
                                                       options: Self.options(signer: nil, ocr: .none))
        let document = try #require(report.document)
        #expect(!document.signed && document.signer == nil && document.metadata.documentType == "Nota fiscal ou recibo")
        let signed = try #require(try await archive.custodyEvents(of: Self.caseNumber).first { $0.type == .signed })
        #expect(signed.details["signed"] == "false")
        #expect(signed.details["note"]?.contains("legal equivalence") == true && signed.details["note"]?.contains("equivalência legal") == true)
    }

    @Test func aPhotoBecomesASignedPNGWithItsSignatureBesideIt() async throws {
        defer { dir.cleanUp() }
        let ca = try SigningTestAuthority.shared.get()
        let identity = try SigningIdentity(pkcs12: ca.pkcs12("signer"), pinFile: ca.pinFile)
        let photo = dir.url.appending(path: "foto.tif")
        try TestTIFF.write([TestPage(width: 300, height: 200, pixels: .rgb, compression: COMPRESSION_LZW)], to: photo)
        var options = Self.options(signer: identity)
        options.profile = .foto
        let archive = try archive()
        let report = try await archive.intakeDigitized(pages: [photo], case: Self.caseNumber, kind: .other, options: options)
        let document = try #require(report.document, "refused: \(report.findings)")
        let first = try #require(report.intake.items.first).evidenceID.uuidString.lowercased()
        #expect(document.path == "derivatives/\(first)/documento.png" && document.format == "png" && document.signed)
        #expect(document.signaturePath == "derivatives/\(first)/documento.png.p7s")
        let content = storeURL.appending(path: "objects/\(Self.caseNumber.rawValue)/v1/content")
        #expect(try Self.sha256(content.appending(path: document.path)) == document.sha256)
        let item = try #require(report.intake.items.first)
        let record = try #require(try await archive.evidence(item.evidenceID))
        #expect(record.derivatives?.contains(document.path) == true && record.derivatives?.contains(document.signaturePath ?? "-") == true)
        if let openssl = which("openssl") {
            let verify = try await commandOffPool(openssl, ["cms", "-verify", "-binary", "-inform", "DER",
                                                  "-in", content.appending(path: document.signaturePath ?? "").path,
                                                  "-content", content.appending(path: document.path).path,
                                                  "-CAfile", ca.chainPEM, "-purpose", "any", "-out", "/dev/null"])
            #expect(verify.status == 0, "\(verify.stderr)")
        }
    }

    @Test func theSamePagesAgainMakeASecondDocumentBesideTheDuplicatePages() async throws {
        defer { dir.cleanUp() }
        let page = dir.url.appending(path: "pagina.tif")
        try TestTIFF.write([TestPage(width: 640, height: 480, fill: 0x55)], to: page)
        let archive = try archive()
        let options = Self.options(signer: nil, ocr: .none)
        let first = try #require(try await archive.intakeDigitized(pages: [page], case: Self.caseNumber, kind: .receipt,
                                                                   options: options).document)
        let again = try await archive.intakeDigitized(pages: [page], case: Self.caseNumber, kind: .receipt, options: options)
        let second = try #require(again.document)
        let item = try #require(again.intake.items.first)
        #expect(item.duplicateOf != nil && second.path != first.path)
        let object = storeURL.appending(path: "objects/\(Self.caseNumber.rawValue)")
        #expect(try Self.sha256(object.appending(path: "v2/content/\(second.path)")) == second.sha256)
        let verify = try await commandOffPool(acervoExecutable, ["store", "verify", "--store", storeURL.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func aKindWithoutAnArchiveSectionOrAMissingFieldIsAnErrorBeforeAnythingIsStaged() async throws {
        defer { dir.cleanUp() }
        let page = dir.url.appending(path: "pagina.tif")
        try TestTIFF.write([TestPage(width: 640, height: 480)], to: page)
        let archive = try archive()
        await #expect(throws: AcervoError.self) {
            _ = try await archive.intakeDigitized(pages: [page], case: Self.caseNumber, kind: .identity,
                                                  options: Self.options(signer: nil, ocr: .none))
        }
        var options = Self.options(signer: nil, ocr: .none)
        options.fields.author = nil
        do {
            _ = try await archive.intakeDigitized(pages: [page], case: Self.caseNumber, kind: .contract, options: options)
            Issue.record("no error")
        } catch {
            #expect(error.code == .invalidArgument && error.english.contains("autor"), "\(error.english)")
        }
        #expect(try await archive.caseDetail(Self.caseNumber) == nil)

        // A station asks for such a document to be kept and flagged for completion instead.
        options.incompleteMetadata = .flagged
        let flagged = try await archive.intakeDigitized(pages: [page], case: Self.caseNumber, kind: .contract, options: options)
        let document = try #require(flagged.document, "\(flagged.findings)")
        #expect(document.metadata.author == nil && document.findings == ["metadata-incomplete"])
        #expect(flagged.findings.first?.code == .metadataIncomplete && flagged.findings.first?.detail == "autor")
    }

    @Test func aDigitizerFailureIsAnErrorThatStoresAndQuarantinesNothing() async throws {
        defer { dir.cleanUp() }
        let page = dir.url.appending(path: "pagina.tif")
        try TestTIFF.write([TestPage(width: 640, height: 480, fill: 0x55)], to: page)
        let archive = try archive()
        // No such language model: the pages were staged and judged, then the digitizer cannot run.
        let options = Self.options(signer: nil, ocr: .languages(["zzz"]))
        await #expect(throws: AcervoError.self) {
            _ = try await archive.intakeDigitized(pages: [page], case: Self.caseNumber, kind: .contract, options: options)
        }
        #expect(try await archive.caseDetail(Self.caseNumber) == nil, "no verdict, no version")
        let quarantine = try FileManager.default.contentsOfDirectory(atPath: storeURL.appending(path: "quarantine").path)
        #expect(quarantine.isEmpty, "\(quarantine)")
        let staging = try FileManager.default.contentsOfDirectory(atPath: storeURL.appending(path: "staging/incoming").path)
        #expect(staging.isEmpty, "nothing is left in staging: \(staging)")
    }
}

/// Runs blocking work (a command, a validator) from an async test on a Dispatch thread, so that waiting
/// for it never holds one of the few threads of the cooperative pool the suite's other tests run on.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

/// ``runCommand(_:_:environment:timeout:)`` off the cooperative pool.
func commandOffPool(_ executable: URL, _ arguments: [String]) async throws -> CommandResult {
    try await offPool { try runCommand(executable, arguments) }
}

/// Waits for `process` to end without holding a thread of the cooperative pool.
func exited(_ process: Process) async {
    while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    process.waitUntilExit()
}

/// ``runValidator(_:_:)`` off the cooperative pool.
func validatorOffPool(_ program: String, _ arguments: [String]) async throws -> CommandResult? {
    try await offPool { try runValidator(program, arguments) }
}
