import AcervoCore
@testable import AcervoStore
import Foundation
import Testing

@Suite struct StoreRecoveryTests {
    /// Commits v1, then stops a v2 commit at `step` as a crash would, then reopens the store.
    @Test(needsFaultInjection, arguments: CommitStep.allCases)
    func aCommitInterruptedAtAnyStepLeavesAValidStoreAfterReopening(step: CommitStep) throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let first = try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseA)
        try fixture.commit([first], case: storeCaseA)
        let crashing = try fixture.reopen(crashHook: { $0 == step })
        let v1Inventory = try Data(contentsOf: fixture.objectURL(storeCaseA).appendingPathComponent("v1/inventory.json"))

        let second = try fixture.stage(storeSamplePDF(2), name: "b.pdf", case: storeCaseA)
        let rejected = try fixture.stage(storeSamplePDF(3), name: "c.pdf", case: storeCaseA, verdict: .rejected)
        do {
            try fixture.commit([second, rejected], case: storeCaseA, store: crashing)
            Issue.record("the commit was not interrupted")
        } catch {
            #expect((error as? AcervoError)?.isSimulatedCrash == true)
        }
        // Whatever the step, version 1 is untouched.
        #expect(try Data(contentsOf: fixture.objectURL(storeCaseA).appendingPathComponent("v1/inventory.json")) == v1Inventory)

        let reopened = try fixture.reopen()
        let verification = reopened.verify()
        #expect(verification.isClean, "\(verification)")
        let head = try #require(try reopened.cases().first).headVersion
        // Before the marker the commit is discarded; from the moment the version is in the object it is
        // finished. After journaling but before the move, the version never arrived: discarded.
        let expected = [CommitStep.built, .journaled].contains(step) ? 1 : 2
        #expect(head == expected)
        let detail = try #require(try reopened.caseDetail(storeCaseA))
        #expect(detail.evidence.count == (expected == 1 ? 1 : 3))
        #expect(CustodyLog(caseNumber: storeCaseA, events: detail.events).firstBreak() == nil)
        #expect(try reopened.ledger.contentsForComparison() == {
            try reopened.reindex()
            return try reopened.ledger.contentsForComparison()
        }())
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory.appendingPathComponent("staging/tx").path).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory.appendingPathComponent("staging/journal").path).isEmpty)
        if expected == 1 {
            // A discarded commit leaves the staged uploads for a retry, which then succeeds.
            #expect(FileManager.default.fileExists(atPath: second.stagedFile!.path))
            let retried = try fixture.commit([second, rejected], case: storeCaseA, store: reopened)
            #expect(retried.version == 2)
            #expect(reopened.verify().isClean)
        }
    }

    @Test(needsFaultInjection, arguments: [CommitStep.built, .journaled, .versionMoved, .quarantined])
    func aFirstCommitInterruptedLeavesNoHalfObject(step: CommitStep) throws {
        let fixture = try StoreFixture(crashHook: { $0 == step })
        defer { fixture.remove() }
        let item = try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseB)
        #expect(throws: AcervoError.self) { try fixture.commit([item], case: storeCaseB) }
        let reopened = try fixture.reopen()
        #expect(reopened.verify().isClean)
        let exists = FileManager.default.fileExists(atPath: fixture.objectURL(storeCaseB).path)
        #expect(exists == (step != .built && step != .journaled))
        #expect(try reopened.cases().count == (exists ? 1 : 0))
    }

    @Test func aVersionMovedInWithAnOldRootInventoryIsRolledForward() throws {
        // Made by hand: v2 sits in the object, the root inventory and sidecar still say v1.
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.commit([try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseA)], case: storeCaseA)
        try fixture.commit([try fixture.stage(storeSamplePDF(2), name: "b.pdf", case: storeCaseA)], case: storeCaseA)
        let object = fixture.objectURL(storeCaseA)
        for name in ["inventory.json", "inventory.json.sha512"] {
            try FileManager.default.removeItem(at: object.appendingPathComponent(name))
            try FileManager.default.copyItem(at: object.appendingPathComponent("v1/\(name)"), to: object.appendingPathComponent(name))
        }
        #expect(!fixture.store.verify().isClean)
        let journal = CommitJournal(transaction: "handmade", caseNumber: storeCaseA, version: 2, quarantined: [])
        try StoreJSON.pretty(journal).write(to: fixture.directory.appendingPathComponent("staging/journal/handmade.json"))
        let reopened = try fixture.reopen()
        #expect(reopened.verify().isClean)
        #expect(try fixture.rootInventory(storeCaseA)["head"] as? String == "v2")
        #expect(try reopened.caseDetail(storeCaseA)?.summary.headVersion == 2)
    }

    @Test func aMarkerWithoutItsVersionAndHalfWrittenFilesAreDiscarded() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.commit([try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseA)], case: storeCaseA)
        let staging = fixture.directory.appendingPathComponent("staging")
        let tx = staging.appendingPathComponent("tx/deadbeef/v2/content/originals/x")
        try FileManager.default.createDirectory(at: tx, withIntermediateDirectories: true)
        try Data(storeSamplePDF(5).prefix(700)).write(to: tx.appendingPathComponent("half.pdf"))
        try Data("{\"digestAlgorithm\": \"sha5".utf8).write(to: staging.appendingPathComponent("tx/deadbeef/inventory.json"))
        let journal = CommitJournal(transaction: "deadbeef", caseNumber: storeCaseA, version: 2, quarantined: [])
        try StoreJSON.pretty(journal).write(to: staging.appendingPathComponent("journal/deadbeef.json"))
        // A marker cut off mid-write, and a leftover temp file of an atomic replace.
        try Data("{\"transaction\": \"cafe".utf8).write(to: staging.appendingPathComponent("journal/cafe.json"))
        try Data("partial".utf8).write(to: staging.appendingPathComponent("tx/.tmp-0123"))
        let before = try fixture.store.ledger.contentsForComparison()

        let reopened = try fixture.reopen()
        #expect(reopened.verify().isClean)
        #expect(try FileManager.default.contentsOfDirectory(atPath: staging.appendingPathComponent("tx").path).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: staging.appendingPathComponent("journal").path).isEmpty)
        #expect(try fixture.rootInventory(storeCaseA)["head"] as? String == "v1")
        #expect(try reopened.ledger.contentsForComparison() == before)
    }

    @Test func stagedUploadsOfALiveWriterAreNotSweptButStaleOnesAre() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let fresh = fixture.store.stagingDirectory.appendingPathComponent("fresh")
        let stale = fixture.store.stagingDirectory.appendingPathComponent("stale")
        try Data("a".utf8).write(to: fresh)
        try Data("b".utf8).write(to: stale)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3 * 24 * 3600)], ofItemAtPath: stale.path)
        _ = try fixture.reopen()
        #expect(FileManager.default.fileExists(atPath: fresh.path))
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }
}
