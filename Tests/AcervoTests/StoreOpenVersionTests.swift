import AcervoCore
@testable import AcervoStore
import AcervoSystem
import Foundation
import Testing

/// Uploads trickling into a case: each joins the case's open version, at a cost that does not grow with
/// the case, and the open version becomes one OCFL version when sealed.
@Suite struct StoreOpenVersionTests {
    static let limits = OpenVersionLimits(uploads: 1000, bytes: 1 << 40, age: 3600)

    /// Every file under `url` with its bytes' SHA-512 (a picture of a directory tree at one instant).
    static func picture(_ url: URL) -> [String: String] {
        var out: [String: String] = [:]
        let base = url.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return out }
        while let relative = walker.nextObject() as? String {
            let path = base + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: path) else { continue }
            out[relative] = Hex.sha512(data)
        }
        return out
    }

    @Test func uploadsIntoTheOpenVersionNeverTouchTheObject() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.commit([try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseA)], case: storeCaseA)
        let before = Self.picture(fixture.objectURL(storeCaseA))
        // At every step of every upload, the object is exactly what it was: an OCFL reader that takes no
        // lock never finds it half-changed.
        let object = fixture.objectURL(storeCaseA)
        let changedAt = StepCounter<[CommitStep]>([])
        let watching = try fixture.reopen(crashHook: { step in
            if Self.picture(object) != before { changedAt.withLock { $0.append(step) } }
            return false
        })
        for n in 2...6 {
            let outcome = try fixture.commit([try fixture.stage(storeSamplePDF(n), name: "doc\(n).pdf", case: storeCaseA)],
                                             case: storeCaseA, store: watching, versioning: .openVersion(Self.limits))
            #expect(outcome.version == 2)
        }
        #expect(changedAt.withLock { $0 }.isEmpty)
        #expect(Self.picture(object) == before)
        #expect(OpenVersion(layout: StoreLayout(root: fixture.directory), caseNumber: storeCaseA).pieces().count == 5)

        // Indexed at once, with an unbroken chain; readable back from the open version.
        let detail = try #require(try watching.caseDetail(storeCaseA))
        #expect(detail.evidence.count == 6)
        #expect(CustodyLog(caseNumber: storeCaseA, events: detail.events).firstBreak() == nil)
        let newest = try #require(detail.evidence.first { $0.declaredName == "doc6.pdf" })
        let contents = try watching.openContents(of: newest, derivative: nil)
        #expect(try contents.read(at: 0, count: 10_000) == Data(storeSamplePDF(6)))
        #expect(watching.verify().isClean, "\(watching.verify())")
    }

    @Test func sealingMakesOneVersionWithOneCustodySegmentAndTheSameLedger() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.commit([try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseA)], case: storeCaseA)
        for n in 2...4 {
            try fixture.commit([try fixture.stage(storeSamplePDF(n), name: "doc\(n).pdf", case: storeCaseA)],
                               case: storeCaseA, versioning: .openVersion(Self.limits))
        }
        // A repeat of the same bytes is still found while waiting in the open version.
        let sha = try #require(try fixture.store.caseDetail(storeCaseA)?.evidence.first { $0.declaredName == "doc3.pdf" }).sha256
        #expect(try fixture.store.existingEvidence(case: storeCaseA, kind: .receipt, sha256: sha)?.declaredName == "doc3.pdf")
        let ledgerBefore = try fixture.store.ledger.contentsForComparison()
        try fixture.store.seal(storeCaseA)

        let version = try fixture.store.caseVersion(storeCaseA)
        #expect(version.number == 2)
        #expect(version.records.count == 4)
        #expect(version.files.filter { $0.logicalPath.hasPrefix("originals/") }.count == 4)
        // One segment per version; the version's chain is every segment joined.
        let inventory = try fixture.rootInventory(storeCaseA)
        let state = ((inventory["versions"] as? [String: Any])?["v2"] as? [String: Any])?["state"] as? [String: [String]] ?? [:]
        let paths = Set(state.values.flatMap { $0 })
        #expect(paths.contains("metadata/custody/v1.jsonl") && paths.contains("metadata/custody/v2.jsonl"))
        #expect(!paths.contains("metadata/custody.jsonl"))
        #expect(try CustodyLog(caseNumber: storeCaseA, jsonLines: version.custodyLog).events == version.events)
        #expect(CustodyLog(caseNumber: storeCaseA, events: version.events).firstBreak() == nil)
        #expect(OpenVersion(layout: StoreLayout(root: fixture.directory), caseNumber: storeCaseA).pieces().isEmpty)
        #expect(fixture.store.verify().isClean, "\(fixture.store.verify())")

        // The ledger a commit keeps up to date is the one a reindex rebuilds from the object.
        let afterSeal = try fixture.store.ledger.contentsForComparison()
        try fixture.store.reindex()
        #expect(try fixture.store.ledger.contentsForComparison() == afterSeal)
        #expect(afterSeal.filter { !$0.hasPrefix("version") && !$0.hasPrefix("case") }
                == ledgerBefore.filter { !$0.hasPrefix("version") && !$0.hasPrefix("case") })
    }

    @Test func theOpenVersionIsSealedWhenItReachesItsLimit() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.commit([try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseA)], case: storeCaseA)
        let limits = OpenVersionLimits(uploads: 3, bytes: 1 << 40, age: 3600)
        var versions: [Int] = []
        for n in 2...8 {
            let outcome = try fixture.commit([try fixture.stage(storeSamplePDF(n), name: "doc\(n).pdf", case: storeCaseA)],
                                             case: storeCaseA, versioning: .openVersion(limits))
            versions.append(outcome.version)
        }
        #expect(versions == [2, 2, 2, 3, 3, 3, 4])
        #expect(try fixture.store.cases().first?.headVersion == 3)
        #expect(try fixture.store.caseDetail(storeCaseA)?.evidence.count == 8)
        #expect(fixture.store.verify().isClean)
    }

    @Test func aNewCaseBecomesAnObjectWithItsFirstUpload() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let outcome = try fixture.commit([try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseB)],
                                         case: storeCaseB, versioning: .openVersion(Self.limits))
        #expect(outcome.version == 1)
        #expect(FileManager.default.fileExists(atPath: fixture.objectURL(storeCaseB).appendingPathComponent("v1").path))
    }

    /// An upload stopped at any step of its commit into the open version, as a crash would.
    @Test(arguments: CommitStep.allCases)
    func anUploadInterruptedAtAnyStepLeavesAValidStore(step: CommitStep) throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.commit([try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseA)], case: storeCaseA)
        try fixture.commit([try fixture.stage(storeSamplePDF(2), name: "b.pdf", case: storeCaseA)], case: storeCaseA,
                           versioning: .openVersion(Self.limits))
        let crashing = try fixture.reopen(crashHook: { $0 == step })
        let third = try fixture.stage(storeSamplePDF(3), name: "c.pdf", case: storeCaseA)
        let rejected = try fixture.stage(storeSamplePDF(4), name: "d.pdf", case: storeCaseA, verdict: .rejected)
        #expect(throws: AcervoError.self) {
            try fixture.commit([third, rejected], case: storeCaseA, store: crashing, versioning: .openVersion(Self.limits))
        }
        let reopened = try fixture.reopen()
        #expect(reopened.verify().isClean, "\(reopened.verify())")
        let detail = try #require(try reopened.caseDetail(storeCaseA))
        let finished = ![CommitStep.built, .journaled].contains(step)
        #expect(detail.evidence.count == (finished ? 4 : 2))
        #expect(CustodyLog(caseNumber: storeCaseA, events: detail.events).firstBreak() == nil)
        #expect(try reopened.ledger.contentsForComparison() == {
            try reopened.reindex()
            return try reopened.ledger.contentsForComparison()
        }())
        if !finished {
            let retried = try fixture.commit([third, rejected], case: storeCaseA, store: reopened,
                                             versioning: .openVersion(Self.limits))
            #expect(retried.items.count == 2)
        }
        try reopened.seal(storeCaseA)
        #expect(try reopened.caseVersion(storeCaseA).records.count == 3)
        #expect(reopened.verify().isClean, "\(reopened.verify())")
    }

    /// A seal stopped at any step: the pieces stay until the version holding them is in the object.
    @Test(arguments: CommitStep.allCases)
    func aSealInterruptedAtAnyStepLosesNoUpload(step: CommitStep) throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.commit([try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseA)], case: storeCaseA)
        for n in 2...3 {
            try fixture.commit([try fixture.stage(storeSamplePDF(n), name: "doc\(n).pdf", case: storeCaseA)],
                               case: storeCaseA, versioning: .openVersion(Self.limits))
        }
        let crashing = try fixture.reopen(crashHook: { $0 == step })
        #expect(throws: AcervoError.self) { try crashing.seal(storeCaseA) }
        let reopened = try fixture.reopen()
        #expect(reopened.verify().isClean, "\(reopened.verify())")
        #expect(try reopened.caseDetail(storeCaseA)?.evidence.count == 3)
        try reopened.seal(storeCaseA)
        let version = try reopened.caseVersion(storeCaseA)
        #expect(version.number == 2 && version.records.count == 3)
        #expect(CustodyLog(caseNumber: storeCaseA, events: version.events).firstBreak() == nil)
        #expect(reopened.verify().isClean, "\(reopened.verify())")
    }

    @Test func aFormatOneCaseKeepsItsWholeLogAsTheFirstSegment() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.commit([try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseA)], case: storeCaseA)
        // Made into what format 1 wrote: the whole chain as `metadata/custody.jsonl`, marker version 1.
        let object = fixture.objectURL(storeCaseA)
        let files = FileManager.default
        try files.moveItem(at: object.appendingPathComponent("v1/content/metadata/custody/v1.jsonl"),
                           to: object.appendingPathComponent("v1/content/metadata/custody.jsonl"))
        try files.removeItem(at: object.appendingPathComponent("v1/content/metadata/custody"))
        let text = try String(contentsOf: object.appendingPathComponent("inventory.json"), encoding: .utf8)
        let inventory = Data(text.replacingOccurrences(of: "metadata/custody/v1.jsonl", with: "metadata/custody.jsonl").utf8)
        for directory in [object, object.appendingPathComponent("v1")] {
            try inventory.write(to: directory.appendingPathComponent("inventory.json"))
            try OCFLInventory.sidecar(for: inventory).write(to: directory.appendingPathComponent(OCFLInventory.sidecarName))
        }
        let markerURL = fixture.directory.appendingPathComponent(StoreMarker.fileName)
        var marker = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: markerURL)) as? [String: Any])
        marker["version"] = 1
        try JSONSerialization.data(withJSONObject: marker).write(to: markerURL)
        try files.removeItem(at: fixture.directory.appendingPathComponent("ledger.sqlite"))

        let reopened = try fixture.reopen()
        #expect(try StoreJSON.decode(StoreMarker.self, from: Data(contentsOf: markerURL)).version == StoreMarker.currentVersion)
        try fixture.commit([try fixture.stage(storeSamplePDF(2), name: "b.pdf", case: storeCaseA)], case: storeCaseA,
                           store: reopened)
        try fixture.commit([try fixture.stage(storeSamplePDF(3), name: "c.pdf", case: storeCaseA)], case: storeCaseA,
                           store: reopened, versioning: .openVersion(Self.limits))
        try reopened.seal(storeCaseA)
        let version = try reopened.caseVersion(storeCaseA)
        #expect(version.number == 3 && version.records.count == 3)
        #expect(CustodyLog(caseNumber: storeCaseA, events: version.events).firstBreak() == nil)
        #expect(version.events.first?.type == .opened)
        let state = try fixture.rootInventory(storeCaseA)
        let v3 = ((state["versions"] as? [String: Any])?["v3"] as? [String: Any])?["state"] as? [String: [String]] ?? [:]
        let paths = Set(v3.values.flatMap { $0 })
        #expect(paths.isSuperset(of: ["metadata/custody.jsonl", "metadata/custody/v2.jsonl", "metadata/custody/v3.jsonl"]))
        #expect(reopened.verify().isClean, "\(reopened.verify())")
    }
}
