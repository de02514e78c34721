import Acervo
import AcervoCore
import AcervoStation
import Foundation
import Testing

/// The station's default filer on a real inbox and a real store: scanned paper becomes the legal digital
/// document in its case; what the Anexo I quality gate refuses is reported refused, never filed.
@Suite("Scanning station, digitizing", .serialized)
struct StationDigitizingTests {
    /// Short timings, no OCR (not the point here), and the station's Anexo II fields.
    static let settings = """
        settle_seconds: 0.2
        incomplete_seconds: 5
        ocr: none
        responsavel_digitalizacao: Procon-MS, setor de digitalização
        local_digitalizacao: Campo Grande, MS

        """
    /// How long a document may take to be filed: seconds alone, but the whole suite keeps both cores busy
    /// with OCR at the same time (the wait ends as soon as the document is in).
    static let patience: TimeInterval = 300

    @Test func aTwoPageContractBecomesASignedDigitizedDocumentFlaggedForItsMissingAuthor() async throws {
        let ca = try SigningTestAuthority.shared.get()
        let station = try StationHarness(Self.settings + "sign_pkcs12: \(ca.pkcs12("signer"))\nsign_pin_file: \(ca.pinFile)\n",
                                         label: "acervo-station-digitizing", digitizing: true)
        defer { station.cleanUp() }
        let scan = station.dir.url.appending(path: "contrato.tif")
        try TestTIFF.write([TestPage(width: 320, height: 240), TestPage(width: 320, height: 200)], to: scan)
        let bytes = try Data(contentsOf: scan)
        station.start()
        try station.drop("MS-2026-000701/contract/contrato.tif", bytes)
        try await station.wait("the contract filed", timeout: Self.patience) { !station.events(.filed).isEmpty }
        try await station.stop()

        let filed = try #require(station.events(.filed).first)
        #expect(station.events(.refused).isEmpty && station.events(.failed).isEmpty, "\(station.events(.failed).map(\.message))")
        // No autor anywhere (neither the route nor the policy's kind defaults): filed, and flagged for completion.
        #expect(filed.findings?.contains("metadata-incomplete") == true, "\(String(describing: filed.findings))")
        #expect(filed.message?.contains("metadata-incomplete") == true)
        // The pages the digitizer finished reach the batch's progress, one by one.
        #expect(station.events(.progress).compactMap(\.progress?.pagesDigitized).contains(1))
        #expect(station.events(.batch).last?.progress?.pagesDigitized == 2)
        #expect(station.events(.batch).last?.progress?.documentsFiled == 1)

        let caseNumber = try CaseNumber(validating: "MS-2026-000701")
        let firstID = try #require(filed.evidenceIDs?.first)
        let record = try #require(try await station.archive.evidence(firstID))
        #expect(record.sha256 == StationFiles.sha256(bytes), "the scanner's file is kept byte for byte")
        #expect(record.declaredName == "contrato.tif", "under the scanner's name")
        let document = try #require(record.digitized)
        #expect(document.path == "derivatives/\(firstID.uuidString.lowercased())/documento.pdf")
        #expect(document.pageCount == 2 && document.signed && document.findings.contains("metadata-incomplete"))
        #expect(document.metadata.digitizedBy == "Procon-MS, setor de digitalização")
        #expect(document.metadata.digitizationPlace == "Campo Grande, MS")
        #expect(document.metadata.documentType == "Contrato", "the kind's archive: section")
        #expect(document.metadata.author == nil)

        let show = try await commandOffPool(acervoExecutable, ["case", "show", caseNumber.rawValue, "--store", station.storeURL.path, "--json"])
        #expect(show.status == 0, "\(show.stderr)")
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let records = try #require(detail["evidence_records"] as? [[String: Any]])
        let shown = try #require(records.first { $0["evidence"] as? String == firstID.uuidString.lowercased() }?["digitized"] as? [String: Any])
        #expect(shown["signed"] as? Bool == true && shown["pages"] as? Int == 2)
        let custody = try await station.archive.custodyEvents(of: caseNumber)
        #expect(custody.contains { $0.type == .digitized && $0.evidence == firstID })
        #expect(custody.contains { $0.type == .signed && $0.details["signed"] == "true" })

        let verify = try await commandOffPool(acervoExecutable, ["store", "verify", "--store", station.storeURL.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(StationHarness.files(under: station.layout.done) == ["MS-2026-000701/contract/contrato.tif"])
        #expect(StationHarness.files(under: station.layout.quarantine).isEmpty)
    }

    @Test func aPageBelowThreeHundredDPIIsRefusedNotFiledAndItsOriginalQuarantined() async throws {
        let station = try StationHarness(Self.settings, label: "acervo-station-refused", digitizing: true)
        defer { station.cleanUp() }
        let scan = station.dir.url.appending(path: "recibo.tif")
        try TestTIFF.write([TestPage(width: 200, height: 150, resolution: (150, 150))], to: scan)
        station.start()
        try station.drop("MS-2026-000702/receipt/recibo.tif", try Data(contentsOf: scan))
        try await station.wait("the receipt refused", timeout: Self.patience) { !station.events(.refused).isEmpty }
        try await station.stop()

        #expect(station.events(.filed).isEmpty, "a refused document is never reported filed")
        let refused = try #require(station.events(.refused).first)
        #expect(refused.findings?.contains("resolution-too-low") == true, "\(String(describing: refused.findings))")
        #expect(refused.findings?.contains("metadata-incomplete") == false, "only what refused it")
        #expect(refused.reason?.code == "refused")
        #expect(refused.caseNumber == "MS-2026-000702")
        let batch = try #require(station.events(.batch).last?.progress)
        #expect(batch.documentsRefused == 1 && batch.documentsFiled == 0 && batch.failures == 1)

        // In the store: the page in its quarantine with the gate's code, nothing in the case.
        let pageID = try #require(refused.evidenceIDs?.first)
        let record = try #require(try await station.archive.evidence(pageID))
        #expect(record.verdict == .rejected && record.storedPath?.hasPrefix("quarantine/") == true)
        #expect(record.reasons.contains { $0.code.rawValue == "resolution-too-low" })
        #expect(record.digitized == nil)

        // At the station: the original in its quarantine, with the reasons beside it, ready for retry.
        let quarantine = station.layout.quarantine
        #expect(StationHarness.files(under: quarantine) == [
            "MS-2026-000702/receipt/recibo.tif", "MS-2026-000702/receipt/recibo.tif.motivo.json",
            "MS-2026-000702/receipt/recibo.tif.motivo.txt",
        ])
        let note = try String(contentsOf: quarantine.appending(path: "MS-2026-000702/receipt/recibo.tif.motivo.txt"), encoding: .utf8)
        #expect(note.contains("resolution-too-low") && note.contains("O acervo recusou") && note.contains("The store refused"))
        #expect(StationHarness.files(under: station.layout.done).isEmpty && StationHarness.files(under: station.layout.inbox).isEmpty)
        let status = try StationStatus.read(station.layout)
        #expect(status.files["quarantined"] == 1 && status.inHand.isEmpty)
        let verify = try await commandOffPool(acervoExecutable, ["store", "verify", "--store", station.storeURL.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func aKindTheDecreeDoesNotCoverIsFiledAsAnEvidenceCopy() async throws {
        let station = try StationHarness(Self.settings, label: "acervo-station-copy", digitizing: true)
        defer { station.cleanUp() }
        station.start()
        // An identity document has no archive: section in the policy: no legal digital document is made of it.
        try station.drop("MS-2026-000703/identity/rg.pdf", StationFiles.pdf("carteira de identidade"))
        try await station.wait("the copy filed", timeout: Self.patience) { !station.events(.filed).isEmpty }
        try await station.stop()
        let filed = try #require(station.events(.filed).first)
        #expect(filed.findings == nil)
        let copyID = try #require(filed.evidenceIDs?.first)
        let record = try #require(try await station.archive.evidence(copyID))
        #expect(record.verdict == .accepted && record.digitized == nil)
        #expect(StationHarness.files(under: station.layout.done) == ["MS-2026-000703/identity/rg.pdf"])
    }

    @Test func aWrongPINStopsTheStationBeforeItWatchesAndIsNeverPrinted() async throws {
        let ca = try SigningTestAuthority.shared.get()
        let dir = TemporaryDirectory("acervo-station-pin")
        defer { dir.cleanUp() }
        let pin = try dir.file("errado.pin", Data("pin-errado-9137\n".utf8))
        let settings = try dir.file("station.yml", Data("sign_pkcs12: \(ca.pkcs12("signer"))\nsign_pin_file: \(pin.path)\n".utf8))
        let inbox = dir.url.appending(path: "inbox")
        let run = try await commandOffPool(acervoExecutable, ["station", "run", "--inbox", inbox.path, "--store", dir.url.appending(path: "store").path,
                                                    "--settings", settings.path])
        #expect(run.status == 64, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.lowercased().contains("pin"))
        #expect(!(run.stdout + run.stderr).contains("pin-errado-9137"), "the PIN is never printed")
        #expect(!FileManager.default.fileExists(atPath: StationLayout(inbox: inbox).stationDirectory.path), "nothing watched")
    }

    @Test func aMissingOCRLanguageStopsTheStationBeforeItWatches() async throws {
        let dir = TemporaryDirectory("acervo-station-ocr")
        defer { dir.cleanUp() }
        let settings = try dir.file("station.yml", Data("ocr: por+xyzq\n".utf8))
        let inbox = dir.url.appending(path: "inbox")
        let run = try await commandOffPool(acervoExecutable, ["station", "run", "--inbox", inbox.path, "--store", dir.url.appending(path: "store").path,
                                                    "--settings", settings.path])
        #expect(run.status == 70, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("xyzq.traineddata"))
        #expect(!FileManager.default.fileExists(atPath: StationLayout(inbox: inbox).stationDirectory.path), "nothing watched")
    }
}
