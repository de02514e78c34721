import Acervo
import AcervoCore
import AcervoStation
import CTIFF
import Foundation
import Testing

/// The scanning station on a real inbox (inotify or polling) and a real store.
@Suite("Scanning station", .serialized)
struct StationTests {
    @Test func aMultiPageTIFFWrittenInChunksIsNeverTakenBeforeItIsComplete() async throws {
        // Settle 0.3 s, and pauses of 0.7 s between chunks: size and time alone would call it ready
        // long before the end; only reading it to its end tells.
        let station = try StationHarness("settle_seconds: 0.3\nincomplete_seconds: 30\n")
        defer { station.cleanUp() }
        let whole = station.dir.url.appending(path: "whole.tif")
        try TestTIFF.write([TestPage](repeating: TestPage(width: 600, height: 400, pixels: .grey, compression: COMPRESSION_NONE), count: 3),
                           to: whole)
        let bytes = try Data(contentsOf: whole)
        station.start()
        let target = station.layout.inbox.appending(path: "MS-2024-000321/other/scanner-0001.tif")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: target.path, contents: nil)
        let handle = try FileHandle(forWritingTo: target)
        let chunks = 5
        let size = (bytes.count + chunks - 1) / chunks
        var finished = Date.distantFuture
        for start in stride(from: 0, to: bytes.count, by: size) {
            let end = min(bytes.count, start + size)
            if end == bytes.count { finished = Date() }
            try handle.write(contentsOf: bytes[start..<end])
            guard end < bytes.count else { break }
            try await Task.sleep(for: .milliseconds(700))
            #expect(station.events(.filed).isEmpty, "taken after \(end) of \(bytes.count) bytes")
            #expect(station.events(.quarantined).isEmpty)
        }
        try handle.close()
        try await station.wait("the TIFF filed") { !station.events(.filed).isEmpty }
        try await station.stop()
        let filed = try #require(station.events(.filed).first)
        #expect(filed.at >= finished)
        let firstID = try #require(filed.evidenceIDs?.first)
        let record = try #require(try await station.archive.evidence(firstID))
        #expect(record.sha256 == StationFiles.sha256(bytes))
        #expect(station.events(.batch).last?.progress?.pagesRead == 3)
        #expect(StationHarness.files(under: station.layout.done) == ["MS-2024-000321/other/scanner-0001.tif"])
    }

    @Test func twoHundredFilesDroppedAtOnceAreAllFiled() async throws {
        let station = try StationHarness()
        defer { station.cleanUp() }
        station.start()
        var expected: [String: String] = [:]   // sha256 -> case
        let staging = station.dir.url.appending(path: "staging")
        for index in 0..<200 {
            let caseNumber = "MS-2024-00070\(index % 4)"
            let data = StationFiles.pdf("pagina \(index)")
            let url = staging.appending(path: "\(caseNumber)/receipt/recibo-\(index).pdf")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
            expected[StationFiles.sha256(data)] = caseNumber
        }
        // At once: every case folder renamed into the inbox.
        for index in 0..<4 {
            try FileManager.default.moveItem(at: staging.appending(path: "MS-2024-00070\(index)"),
                                            to: station.layout.inbox.appending(path: "MS-2024-00070\(index)"))
        }
        try await station.wait("200 documents filed", timeout: 120) { station.events(.filed).count >= 200 }
        try await station.stop()
        #expect(station.events(.filed).count == 200)
        #expect(StationHarness.files(under: station.layout.done).count == 200)
        #expect(StationHarness.files(under: station.layout.inbox).isEmpty)
        var stored: [String: String] = [:]
        for index in 0..<4 {
            let detail = try #require(try await station.archive.caseDetail(try CaseNumber(validating: "MS-2024-00070\(index)")))
            for record in detail.evidence { stored[record.sha256] = detail.summary.caseNumber.rawValue }
            #expect(detail.evidence.count == 50)
        }
        #expect(stored == expected)
        let status = try StationStatus.read(station.layout)
        #expect(status.files == ["done": 200])
        #expect(status.documents == ["done": 200])
    }

    @Test func aFolderMovedInIsSeenAndIsOneDocumentInPathOrder() async throws {
        let station = try StationHarness()
        defer { station.cleanUp() }
        station.start()
        try await Task.sleep(for: .milliseconds(200))
        let folder = station.dir.url.appending(path: "lote/MS-2024-000555")
        var hashes: [String] = []
        for page in 1...3 {
            let data = StationFiles.pdf("contrato folha \(page)")
            let url = folder.appending(path: "contract/texto/contrato-joao/folha-\(page).pdf")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
            hashes.append(StationFiles.sha256(data))
        }
        try FileManager.default.moveItem(at: folder, to: station.layout.inbox.appending(path: "MS-2024-000555"))
        try await station.wait("the moved folder filed") { !station.events(.filed).isEmpty }
        try await station.stop()
        let filed = try #require(station.events(.filed).first)
        #expect(filed.path == "MS-2024-000555/contract/texto/contrato-joao")
        #expect(filed.evidenceIDs?.count == 3)
        var stored: [String] = []
        for id in filed.evidenceIDs ?? [] { stored.append(try #require(try await station.archive.evidence(id)).sha256) }
        #expect(stored == hashes)
        #expect(station.events(.filed).count == 1)
        // The document folder leaves the inbox with its files; the case folder stays for the next scans.
        #expect(!FileManager.default.fileExists(atPath: station.layout.inbox.appending(path: "MS-2024-000555/contract/texto/contrato-joao").path))
        #expect(FileManager.default.fileExists(atPath: station.layout.inbox.appending(path: "MS-2024-000555/contract").path))
    }

    @Test func pollingFindsFilesWithoutEvents() async throws {
        let station = try StationHarness("settle_seconds: 0.2\n", mode: .polling(seconds: 0.3))
        defer { station.cleanUp() }
        station.start()
        try await Task.sleep(for: .milliseconds(200))
        try station.drop("MS-2024-000556/receipt/nota.pdf", StationFiles.pdf("polling"))
        try await station.wait("the polled file filed") { !station.events(.filed).isEmpty }
        try await station.stop()
        #expect(station.events(.started).first?.message?.contains("polling") == true)
        #expect(StationHarness.files(under: station.layout.done) == ["MS-2024-000556/receipt/nota.pdf"])
    }

    @Test func theSameFileDroppedAgainIsADuplicateWithTheExistingEvidence() async throws {
        let station = try StationHarness()
        defer { station.cleanUp() }
        station.start()
        let data = StationFiles.pdf("nota repetida")
        try station.drop("MS-2024-000557/receipt/nota.pdf", data)
        try await station.wait("the first copy filed") { !station.events(.filed).isEmpty }
        let first = try #require(station.events(.filed).first?.evidenceIDs?.first)
        try station.drop("MS-2024-000557/receipt/nota.pdf", data)
        try await station.wait("the second copy reported") { !station.events(.duplicate).isEmpty }
        try await station.stop()
        let duplicate = try #require(station.events(.duplicate).first)
        #expect(duplicate.evidenceIDs == [first])
        #expect(duplicate.message?.contains(first.uuidString.lowercased()) == true)
        let detail = try #require(try await station.archive.caseDetail(try CaseNumber(validating: "MS-2024-000557")))
        #expect(detail.evidence.count == 1 && detail.summary.headVersion == 1)
        #expect(StationHarness.files(under: station.layout.done) == ["MS-2024-000557/receipt/nota (2).pdf", "MS-2024-000557/receipt/nota.pdf"])
    }

    @Test func anUnroutedStackIsQuarantinedAndRetryAfterFixingTheRouteFilesIt() async throws {
        let station = try StationHarness()
        defer { station.cleanUp() }
        station.start()
        try station.drop("lote-sem-processo/folha-1.pdf", StationFiles.pdf("sem rota 1"))
        try station.drop("lote-sem-processo/folha-2.pdf", StationFiles.pdf("sem rota 2"))
        try station.drop("MS-2024-000558/papelada/folha-3.pdf", StationFiles.pdf("sem tipo"))
        try await station.wait("three quarantined") { station.events(.quarantined).count == 3 }
        let quarantine = station.layout.quarantine
        #expect(StationHarness.files(under: quarantine) == [
            "MS-2024-000558/papelada/folha-3.pdf", "MS-2024-000558/papelada/folha-3.pdf.motivo.json",
            "MS-2024-000558/papelada/folha-3.pdf.motivo.txt",
            "lote-sem-processo/folha-1.pdf", "lote-sem-processo/folha-1.pdf.motivo.json", "lote-sem-processo/folha-1.pdf.motivo.txt",
            "lote-sem-processo/folha-2.pdf", "lote-sem-processo/folha-2.pdf.motivo.json", "lote-sem-processo/folha-2.pdf.motivo.txt",
        ])
        let text = try String(contentsOf: quarantine.appending(path: "lote-sem-processo/folha-1.pdf.motivo.txt"), encoding: .utf8)
        let portuguese = try #require(text.range(of: "Coloque-o em inbox/<PROTOCOLO>/<tipo>/"))
        let english = try #require(text.range(of: "Put it in inbox/<PROTOCOL>/<kind>/"))
        #expect(portuguese.lowerBound < english.lowerBound)
        let note = try JSONSerialization.jsonObject(with: Data(contentsOf: quarantine.appending(path: "lote-sem-processo/folha-1.pdf.motivo.json"))) as? [String: Any]
        #expect((note?["reasons"] as? [[String: Any]])?.first?["code"] as? String == "no-route")
        #expect(note?["inbox_path"] as? String == "lote-sem-processo/folha-1.pdf")
        let kindNote = try String(contentsOf: quarantine.appending(path: "MS-2024-000558/papelada/folha-3.pdf.motivo.json"), encoding: .utf8)
        #expect(kindNote.contains("\"unknown-kind\""))

        let status = try runCommand(acervoExecutable, ["station", "status", "--inbox", station.layout.inbox.path, "--json"])
        #expect(status.status == 0)
        #expect(status.stdout.contains("\"quarantined\":3") && status.stdout.contains("\"no-route\""))

        // Fix the route the two ways: by moving inside the quarantine, and by naming it to retry.
        try FileManager.default.createDirectory(at: quarantine.appending(path: "MS-2024-000559/contract"), withIntermediateDirectories: true)
        for name in ["folha-1.pdf", "folha-2.pdf"] {
            try FileManager.default.moveItem(at: quarantine.appending(path: "lote-sem-processo/\(name)"),
                                            to: quarantine.appending(path: "MS-2024-000559/contract/\(name)"))
        }
        let retried = try runCommand(acervoExecutable, ["station", "retry", "--inbox", station.layout.inbox.path,
                                                        quarantine.appending(path: "MS-2024-000559/contract/folha-1.pdf").path,
                                                        quarantine.appending(path: "MS-2024-000559/contract/folha-2.pdf").path])
        #expect(retried.status == 0, "\(retried.stderr)")
        let named = try runCommand(acervoExecutable, ["station", "retry", "--inbox", station.layout.inbox.path, "--case", "MS-2024-000558",
                                                      "--kind", "receipt", quarantine.appending(path: "MS-2024-000558/papelada/folha-3.pdf").path])
        #expect(named.status == 0, "\(named.stderr)")
        try await station.wait("the retried files filed") { station.events(.filed).count == 3 }
        try await station.stop()
        #expect(StationHarness.files(under: quarantine).isEmpty, "notes left: \(StationHarness.files(under: quarantine))")
        #expect(Set(station.events(.filed).compactMap(\.caseNumber)) == ["MS-2024-000558", "MS-2024-000559"])
        let after = try StationStatus.read(station.layout)
        #expect(after.files["retried"] == 3 && after.files["done"] == 3)
    }

    @Test func notAScanAndATruncatedFileGoToQuarantineWithTheirCodes() async throws {
        let station = try StationHarness("settle_seconds: 0.2\nincomplete_seconds: 1\n")
        defer { station.cleanUp() }
        station.start()
        try station.drop("MS-2024-000560/other/planilha.xlsx", Data("PK\u{3}\u{4}planilha".utf8))
        var cut = StationFiles.pdf("cortado")
        cut.removeLast(40)
        try station.drop("MS-2024-000560/other/cortado.pdf", cut)
        try station.drop("MS-2024-000560/other/Thumbs.db", Data("litter".utf8))
        try station.drop("MS-2024-000560/other/scan.pdf.part", Data("%PDF-1.4".utf8))
        try station.drop("MS-2024-000560/other/~$rascunho.pdf", Data("%PDF-1.4".utf8))
        try await station.wait("two quarantined") { station.events(.quarantined).count == 2 }
        try await Task.sleep(for: .milliseconds(500))
        try await station.stop()
        let codes = Dictionary(uniqueKeysWithValues: station.events(.quarantined).map { ($0.path ?? "", $0.reason?.code ?? "") })
        #expect(codes == ["MS-2024-000560/other/planilha.xlsx": "not-a-scan", "MS-2024-000560/other/cortado.pdf": "truncated"])
        #expect(StationHarness.files(under: station.layout.inbox) == [
            "MS-2024-000560/other/Thumbs.db", "MS-2024-000560/other/scan.pdf.part", "MS-2024-000560/other/~$rascunho.pdf",
        ])
    }

    @Test func aFileRemovedBeforeItIsWholeIsForgottenAndOneRewrittenIsReadAgainWithItsNewBytes() async throws {
        let station = try StationHarness("settle_seconds: 0.3\nincomplete_seconds: 30\n")
        defer { station.cleanUp() }
        station.start()
        var cut = StationFiles.pdf("removido")
        cut.removeLast(40)
        let removed = try station.drop("MS-2024-000562/other/removido.pdf", cut)
        let rewritten = "MS-2024-000562/other/reescrito.pdf"
        var first = StationFiles.pdf("reescrito-1")
        first.removeLast(40)
        try station.drop(rewritten, first)
        // Both settle and stay incomplete; then one goes, the other is written over with a whole, other file.
        try await station.wait("both journaled") {
            Set(try JournalFile.all(station.layout).map(\.path)) == ["MS-2024-000562/other/removido.pdf", rewritten]
        }
        try await Task.sleep(for: .milliseconds(800))
        try FileManager.default.removeItem(at: removed)
        let whole = StationFiles.pdf("reescrito-2")
        try station.drop(rewritten, whole)
        try await station.wait("the rewritten file filed") { !station.events(.filed).isEmpty }
        try await station.stop()
        let filed = try #require(station.events(.filed).first)
        #expect(filed.files == [rewritten])
        let firstID = try #require(filed.evidenceIDs?.first)
        #expect(try await station.archive.evidence(firstID)?.sha256 == StationFiles.sha256(whole))
        let journal = Dictionary(grouping: try JournalFile.all(station.layout), by: \.path)
        #expect(journal["MS-2024-000562/other/removido.pdf"]?.map(\.state) == ["gone"])
        #expect(station.events(.quarantined).isEmpty && station.events(.failed).isEmpty)
        #expect(station.events(.filed).count == 1)
    }

    @Test func aDocumentWhosePagesTheStoreRejectsIsReportedRefusedNotFiled() async throws {
        let station = try StationHarness()
        defer { station.cleanUp() }
        let scan = station.dir.url.appending(path: "rg.tif")
        try TestTIFF.write([TestPage(width: 120, height: 80)], to: scan)
        station.start()
        // The policy takes no TIFF for an identity document: the page is rejected into the store's quarantine.
        try station.drop("MS-2024-000562/identity/rg.tif", try Data(contentsOf: scan))
        try await station.wait("the scan refused") { !station.events(.refused).isEmpty }
        try await station.stop()
        #expect(station.events(.filed).isEmpty)
        let refused = try #require(station.events(.refused).first)
        #expect(refused.reason?.code == "refused" && refused.findings?.isEmpty == false, "\(String(describing: refused.findings))")
        let pageID = try #require(refused.evidenceIDs?.first)
        let record = try #require(try await station.archive.evidence(pageID))
        #expect(record.verdict == .rejected && refused.findings == record.reasons.filter { $0.verdict != .accepted }.map(\.code.rawValue))
        #expect(StationHarness.files(under: station.layout.quarantine).first == "MS-2024-000562/identity/rg.tif")
        #expect(StationHarness.files(under: station.layout.done).isEmpty)
    }

    @Test func deleteAfterFilingRemovesTheOriginalOnceStored() async throws {
        let station = try StationHarness("settle_seconds: 0.2\nafter: delete\n")
        defer { station.cleanUp() }
        station.start()
        try station.drop("MS-2024-000561/receipt/nota.pdf", StationFiles.pdf("apagar"))
        try await station.wait("filed") { !station.events(.filed).isEmpty }
        try await station.stop()
        #expect(StationHarness.files(under: station.layout.inbox).isEmpty)
        #expect(StationHarness.files(under: station.layout.done).isEmpty)
        #expect(try await station.archive.caseDetail(try CaseNumber(validating: "MS-2024-000561"))?.evidence.count == 1)
    }
}
