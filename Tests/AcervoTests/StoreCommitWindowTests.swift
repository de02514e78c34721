import AcervoCore
@testable import AcervoStore
import AcervoSystem
import Foundation
import Testing

/// The instants between the renames of a commit that makes a version: Acervo's own readers never see
/// them, and a crash that keeps them in any order is finished by recovery.
@Suite struct StoreCommitWindowTests {
    @Test func aReaderOfEvidenceWaitsForACommitBetweenItsRenames() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let outcome = try fixture.commit([try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseA)],
                                         case: storeCaseA)
        let record = try #require(outcome.items.first?.record)
        let reader = StepCounter<Result<Data, AcervoError>?>(nil)
        let finishedDuringTheWindow = StepCounter<Bool?>(nil)
        let done = DispatchSemaphore(value: 0)
        let store = StepCounter<EvidenceStore?>(nil)
        let writer = try fixture.reopen(crashHook: { step in
            guard step == .rootInventory, let store = store.withLock({ $0 }) else { return false }
            // The root inventory is new, its sidecar still the old one's: read the evidence now.
            Thread.detachNewThread {
                let result: Result<Data, AcervoError>
                do throws(AcervoError) {
                    result = .success(try store.openContents(of: record, derivative: nil).read(at: 0, count: 1 << 16))
                } catch {
                    result = .failure(error)
                }
                reader.withLock { $0 = result }
                done.signal()
            }
            Thread.sleep(forTimeInterval: 0.3)
            finishedDuringTheWindow.withLock { $0 = reader.withLock { $0 } != nil }
            return false
        })
        store.withLock { $0 = writer }
        try fixture.commit([try fixture.stage(storeSamplePDF(2), name: "b.pdf", case: storeCaseA)], case: storeCaseA,
                           store: writer)
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(finishedDuringTheWindow.withLock { $0 } == false)
        #expect(try reader.withLock { $0 }?.get() == Data(storeSamplePDF(1)))
    }

    /// The renames of a commit are not separated by an fsync, so a crash may keep the root inventory's
    /// and lose the version directory's: recovery moves the version in and finishes the commit.
    @Test func aRootInventoryThatOutlivedItsVersionDirectoryIsFinished() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.commit([try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseA)], case: storeCaseA)
        let crashing = try fixture.reopen(crashHook: { $0 == .rootInventory })
        #expect(throws: AcervoError.self) {
            try fixture.commit([try fixture.stage(storeSamplePDF(2), name: "b.pdf", case: storeCaseA)], case: storeCaseA,
                               store: crashing)
        }
        // As if the version directory's rename had not reached the disk.
        let transactions = fixture.directory.appendingPathComponent("staging/tx")
        let transaction = try #require(try FileManager.default.contentsOfDirectory(atPath: transactions.path).first)
        try FileManager.default.moveItem(at: fixture.objectURL(storeCaseA).appendingPathComponent("v2"),
                                         to: transactions.appendingPathComponent("\(transaction)/v2"))

        let reopened = try fixture.reopen()
        #expect(reopened.verify().isClean, "\(reopened.verify())")
        let version = try reopened.caseVersion(storeCaseA)
        #expect(version.number == 2 && version.records.count == 2)
    }
}
