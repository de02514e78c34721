import AcervoCore
@testable import AcervoStore
import Foundation
import Testing

/// What every ``CaseLedger`` must do, whatever its database: each test runs against every implementation
/// (SQLite today; a PostgreSQL ledger joins `ledgers` when it lands).
@Suite struct LedgerContractTests {
    let dir = TemporaryDirectory("acervo-ledger-contract")

    /// A fresh, empty ledger of each kind.
    static let kinds = ["sqlite"]

    func ledger(_ kind: String) throws -> any CaseLedger {
        switch kind {
        case "sqlite": return try SQLiteLedger(url: dir.url.appending(path: "ledger-\(UUID().uuidString).sqlite"))
        default: throw AcervoError(.invalidArgument, "no ledger \(kind)")
        }
    }

    let number = CaseNumber(rawValue: "MS-2026-000042")!
    let opened = Date(timeIntervalSince1970: 1_780_000_000)

    func record(_ name: String, verdict: Verdict = .accepted, sha: String) -> EvidenceRecord {
        EvidenceRecord(id: UUID(), caseNumber: number, kind: .receipt, declaredName: name, declaredMIME: "image/jpeg",
                       sanitizedName: name, byteCount: 1234, sha256: sha,
                       identification: Identification(format: .jpeg, mime: "image/jpeg", description: "JPEG"),
                       verdict: verdict, reasons: [], receivedAt: opened, channel: .api, operatorName: "api",
                       storedPath: verdict == .accepted ? "originals/\(name)" : nil)
    }

    func event(_ sequence: Int, _ type: CustodyEvent.EventType, _ evidence: UUID?, version: Int? = nil) -> CustodyEvent {
        CustodyEvent(sequence: sequence, caseNumber: number, evidence: evidence, type: type,
                     at: opened.addingTimeInterval(Double(sequence)), actor: "acervo",
                     details: version.map { ["version": "v\($0)"] } ?? [:], previousHash: CustodyEvent.genesisHash,
                     hash: String(repeating: String(sequence % 10), count: 64))
    }

    /// One commit of two files (one accepted, one rejected) that made v1.
    func firstCommit() -> (LedgerChange, LedgerCase) {
        let receipt = record("recibo.jpg", sha: String(repeating: "a", count: 64))
        let rejected = record("virus.exe", verdict: .rejected, sha: String(repeating: "b", count: 64))
        let events = [event(1, .received, receipt.id), event(2, .stored, receipt.id, version: 1),
                      event(3, .received, rejected.id), event(4, .quarantined, rejected.id, version: 1)]
        let version = LedgerVersion(number: 1, created: "2026-05-28T20:26:40Z", message: "intake", userName: "api",
                                    userAddress: "mailto:api@procon.example")
        return (LedgerChange(caseNumber: number, openedAt: version.created, version: version, records: [receipt, rejected],
                             events: events),
                LedgerCase(caseNumber: number, openedAt: version.created, headVersion: 1, versions: [version],
                           records: [receipt, rejected], events: events))
    }

    @Test(arguments: kinds)
    func aCommitsChangeAnswersEveryQuestion(_ kind: String) throws {
        defer { dir.cleanUp() }
        let ledger = try ledger(kind)
        let (change, _) = firstCommit()
        try ledger.apply(change)
        let summary = try #require(try ledger.cases().first)
        #expect(try ledger.cases().count == 1 && summary.caseNumber == number && summary.headVersion == 1)
        #expect(summary.evidenceCount == 2 && summary.acceptedCount == 1 && summary.rejectedCount == 1 && summary.eventCount == 4)
        let detail = try #require(try ledger.caseDetail(number))
        #expect(detail.versions.count == 1 && detail.events.map(\.sequence) == [1, 2, 3, 4])
        #expect(Set(detail.evidence.map(\.id)) == Set(change.records.map(\.id)))
        let receipt = change.records[0]
        #expect(try ledger.existingEvidence(case: number, kind: .receipt, sha256: receipt.sha256)?.id == receipt.id)
        #expect(try ledger.existingEvidence(case: number, kind: .contract, sha256: receipt.sha256) == nil)
        #expect(try ledger.evidence(receipt.id) == receipt)
        let stranger = UUID()
        #expect(try ledger.knownEvidence(case: number, among: [receipt.id, stranger]) == [receipt.id])
        #expect(try ledger.caseDetail(CaseNumber(rawValue: "MS-2026-000043")!) == nil)
    }

    /// Recovery applies a commit's change again when a process died after the ledger took it.
    @Test(arguments: kinds)
    func applyingAChangeTwiceChangesNothing(_ kind: String) throws {
        defer { dir.cleanUp() }
        let once = try ledger(kind), twice = try ledger(kind)
        let (change, _) = firstCommit()
        try once.apply(change)
        try twice.apply(change)
        try twice.apply(change)
        #expect(try twice.contentsForComparison() == (try once.contentsForComparison()))
    }

    /// `reindex` from the objects gives the rows the commits' changes gave.
    @Test(arguments: kinds)
    func indexingACaseGivesTheRowsItsCommitsGave(_ kind: String) throws {
        defer { dir.cleanUp() }
        let committed = try ledger(kind), indexed = try ledger(kind)
        let (change, ledgerCase) = firstCommit()
        try committed.apply(change)
        try indexed.index([ledgerCase], replacingAll: false)
        #expect(try indexed.contentsForComparison() == (try committed.contentsForComparison()))
        #expect(!(try indexed.contentsForComparison()).isEmpty)
    }

    @Test(arguments: kinds)
    func removingAndReplacingAllForgetCases(_ kind: String) throws {
        defer { dir.cleanUp() }
        let ledger = try ledger(kind)
        let (change, ledgerCase) = firstCommit()
        try ledger.apply(change)
        try ledger.remove(number)
        #expect(try ledger.cases().isEmpty && (try ledger.contentsForComparison()).isEmpty)
        try ledger.index([ledgerCase], replacingAll: false)
        #expect(try ledger.cases().count == 1)
        try ledger.index([], replacingAll: true)
        #expect(try ledger.cases().isEmpty)
    }

    /// A second commit makes v2 and adds evidence: the head moves, the case keeps when it opened, and the
    /// earlier evidence keeps its version; indexing the case as its object then holds it gives the same rows.
    @Test(arguments: kinds)
    func aSecondCommitMovesTheHeadAndKeepsTheOpening(_ kind: String) throws {
        defer { dir.cleanUp() }
        let committed = try ledger(kind), indexed = try ledger(kind)
        let (first, firstCase) = firstCommit()
        let contract = record("contrato.pdf", sha: String(repeating: "c", count: 64))
        let events = [event(5, .received, contract.id), event(6, .stored, contract.id, version: 2)]
        let v2 = LedgerVersion(number: 2, created: "2026-05-29T09:00:00Z", message: "intake", userName: "api")
        try committed.apply(first)
        try committed.apply(LedgerChange(caseNumber: number, version: v2, records: [contract], events: events))
        let summary = try #require(try committed.cases().first)
        #expect(summary.headVersion == 2 && summary.evidenceCount == 3 && summary.eventCount == 6)
        #expect(try committed.caseDetail(number)?.versions.count == 2)
        try indexed.index([LedgerCase(caseNumber: number, openedAt: firstCase.openedAt, headVersion: 2,
                                      versions: firstCase.versions + [v2], records: firstCase.records + [contract],
                                      events: firstCase.events + events)], replacingAll: false)
        #expect(try indexed.contentsForComparison() == (try committed.contentsForComparison()))
        #expect(try indexed.cases().first?.openedAt == summary.openedAt)
    }

    /// A case whose uploads are all still in its open version: no OCFL version, head 0, opened with its
    /// first event.
    @Test(arguments: kinds)
    func aCaseStillInItsOpenVersionHasHeadZero(_ kind: String) throws {
        defer { dir.cleanUp() }
        let committed = try ledger(kind), indexed = try ledger(kind)
        let photo = record("foto.jpg", sha: String(repeating: "d", count: 64))
        let events = [event(1, .received, photo.id), event(2, .stored, photo.id)]
        let opened = "2026-05-28T20:26:41Z"
        try committed.apply(LedgerChange(caseNumber: number, openedAt: opened, records: [photo], events: events))
        #expect(try committed.cases().first?.headVersion == 0)
        #expect(try committed.caseDetail(number)?.versions.isEmpty == true)
        try indexed.index([LedgerCase(caseNumber: number, openedAt: opened, headVersion: 0, versions: [],
                                      records: [photo], events: events)], replacingAll: false)
        #expect(try indexed.contentsForComparison() == (try committed.contentsForComparison()))
    }
}
