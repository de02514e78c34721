import AcervoCore
@testable import AcervoStore
import Foundation
import Testing

/// A store with two cases, several versions, a duplicate and a quarantined file.
func filledStore() throws -> (StoreFixture, IntakeCommit.Item) {
    let fixture = try StoreFixture()
    let first = try fixture.stage(storeSamplePDF(1), name: "Conta de luz.pdf", kind: .proofOfAddress, case: storeCaseA)
    let rejected = try fixture.stage(storeSamplePDF(2), name: "invoice.pdf.exe", case: storeCaseA, verdict: .rejected)
    try fixture.commit([first, rejected], case: storeCaseA)
    let second = try fixture.stage(storeSamplePDF(3), name: "Certida\u{0303}o.pdf", kind: .contract, case: storeCaseA)
    let twin = try fixture.stage(storeSamplePDF(1), name: "luz.pdf", kind: .proofOfAddress, case: storeCaseA)
    try fixture.commit([second, twin], case: storeCaseA)
    let other = try fixture.stage(storeSamplePDF(4), name: "rg.pdf", kind: .identity, case: storeCaseB)
    try fixture.commit([other], case: storeCaseB)
    return (fixture, first)
}

@Suite struct StoreVerifyTests {
    @Test func aFilledStoreVerifiesClean() throws {
        let (fixture, _) = try filledStore()
        defer { fixture.remove() }
        let result = fixture.store.verify()
        #expect(result.isClean, "\(result)")
        #expect(result.objectsChecked == 2)
        #expect(result.quarantineChecked == 1)
        #expect(result.filesChecked >= 8)
    }

    @Test func aFlippedByteInAContentFileIsNamed() throws {
        let (fixture, first) = try filledStore()
        defer { fixture.remove() }
        let path = "v1/content/originals/\(first.record.id.uuidString.lowercased())/Conta de luz.pdf"
        let url = fixture.objectURL(storeCaseA).appendingPathComponent(path)
        var bytes = try Data(contentsOf: url)
        bytes[100] ^= 0x01
        try bytes.write(to: url)
        let problems = fixture.store.verify().problems
        let problem = try #require(problems.first { $0.kind == .contentDigest })
        #expect(problem.object == storeCaseA.rawValue)
        #expect(problem.version == "v1")
        #expect(problem.path == path)
        #expect(problem.expected != problem.found)
        #expect(problems.contains { $0.kind == .fixityDigest && $0.path == path })
    }

    @Test func aDeletedFileIsNamed() throws {
        let (fixture, first) = try filledStore()
        defer { fixture.remove() }
        let path = "v1/content/metadata/evidence/\(first.record.id.uuidString.lowercased()).json"
        try FileManager.default.removeItem(at: fixture.objectURL(storeCaseA).appendingPathComponent(path))
        let problems = fixture.store.verify().problems
        #expect(problems.map(\.kind) == [.missingFile])
        #expect(problems.first?.path == path)
        #expect(problems.first?.object == storeCaseA.rawValue)
    }

    @Test func anExtraFileIsNamed() throws {
        let (fixture, _) = try filledStore()
        defer { fixture.remove() }
        try Data("x".utf8).write(to: fixture.objectURL(storeCaseB).appendingPathComponent("v1/content/smuggled.txt"))
        let problems = fixture.store.verify().problems
        #expect(problems.map(\.kind) == [.extraFile])
        #expect(problems.first?.path == "v1/content/smuggled.txt")
        #expect(problems.first?.object == storeCaseB.rawValue)
    }

    @Test func anEditedCustodyLogIsNamedWithItsFirstBrokenEvent() throws {
        let (fixture, _) = try filledStore()
        defer { fixture.remove() }
        let url = fixture.objectURL(storeCaseA).appendingPathComponent("v1/content/metadata/custody/v1.jsonl")
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines[1].contains("\"actor\":\"ana\""))
        lines[1] = lines[1].replacingOccurrences(of: "\"actor\":\"ana\"", with: "\"actor\":\"eve\"")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: false, encoding: .utf8)
        let problems = fixture.store.verify().problems
        let custody = try #require(problems.first { $0.kind == .custody })
        #expect(custody.object == storeCaseA.rawValue)
        #expect(custody.version == "v2")
        #expect(custody.found == "break at event 2")
        // The bytes changed too, so the manifest catches it as well.
        #expect(problems.contains { $0.kind == .contentDigest && $0.path == "v1/content/metadata/custody/v1.jsonl" })
    }

    @Test func anEditedInventoryIsNamed() throws {
        let (fixture, _) = try filledStore()
        defer { fixture.remove() }
        let url = fixture.objectURL(storeCaseA).appendingPathComponent("inventory.json")
        let text = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "intake of 2 attachments via cli", with: "intake of 1 attachments via cli")
        try text.write(to: url, atomically: false, encoding: .utf8)
        let problems = fixture.store.verify().problems
        let sidecar = try #require(problems.first { $0.kind == .inventorySidecar })
        #expect(sidecar.object == storeCaseA.rawValue)
        #expect(sidecar.version == nil)
        #expect(sidecar.path == "inventory.json.sha512")
        #expect(problems.contains { $0.kind == .versionInventory && $0.version == "v2" })
    }

    @Test func aTamperedQuarantineFileIsNamed() throws {
        let (fixture, _) = try filledStore()
        defer { fixture.remove() }
        let quarantine = fixture.directory.appendingPathComponent("quarantine")
        let entry = try #require(try FileManager.default.contentsOfDirectory(atPath: quarantine.path).first { !$0.hasSuffix(".json") })
        try Data("other bytes".utf8).write(to: quarantine.appendingPathComponent("\(entry)/invoice.pdf.exe"))
        let problems = fixture.store.verify().problems
        #expect(problems.map(\.kind) == [.quarantine])
        #expect(problems.first?.path == "quarantine/\(entry)/invoice.pdf.exe")
    }

    @Test func reindexRebuildsAnEqualLedgerAfterItIsDeleted() throws {
        let (fixture, _) = try filledStore()
        defer { fixture.remove() }
        let before = try fixture.store.ledger.contentsForComparison()
        #expect(before.count > 20)
        try fixture.store.reindex()
        #expect(try fixture.store.ledger.contentsForComparison() == before)
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(at: fixture.directory.appendingPathComponent("ledger.sqlite" + suffix))
        }
        let reopened = try fixture.reopen()
        let after = try reopened.ledger.contentsForComparison()
        #expect(after == before, "\(Set(after).symmetricDifference(before).sorted())")
        let detail = try #require(try reopened.caseDetail(storeCaseA))
        #expect(detail.summary.headVersion == 2)
        #expect(detail.evidence.count == 4)
        #expect(CustodyLog(caseNumber: storeCaseA, events: detail.events).firstBreak() == nil)
        #expect(try reopened.cases().map(\.caseNumber) == [storeCaseA, storeCaseB])
    }
}
