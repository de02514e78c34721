import AcervoCore
@testable import AcervoStore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Commits lock their case, not the whole store.
@Suite struct StoreCaseLockTests {
    /// Another writer holding case A (store lock shared, A's lock exclusive) does not stop a commit to
    /// case B; before, every commit took the store lock exclusive and waited for it.
    @Test func aCommitToAnotherCaseRunsWhileOneCaseIsHeld() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let a = CaseNumber(rawValue: "MS-2024-000001")!
        let b = CaseNumber(rawValue: "MS-2024-000002")!
        let storeLock = open(fixture.directory.appendingPathComponent(".lock").path, O_RDWR | O_CLOEXEC)
        let caseLock = open(fixture.directory.appendingPathComponent("staging/locks/\(a.rawValue).lock").path,
                            O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(storeLock >= 0 && caseLock >= 0)
        #expect(flock(storeLock, LOCK_SH) == 0 && flock(caseLock, LOCK_EX) == 0)
        let item = try fixture.stage(storeSamplePDF(1), name: "nota.pdf", case: b)
        let finished = DispatchSemaphore(value: 0)
        let store = fixture.store
        let intake = IntakeCommit(caseNumber: b, operatorName: "ana", channel: .cli, message: "intake", items: [item], events: [])
        DispatchQueue.global().async {
            _ = try? store.commit(intake)
            finished.signal()
        }
        let committed = finished.wait(timeout: .now() + 20) == .success
        flock(caseLock, LOCK_UN)
        flock(storeLock, LOCK_UN)
        close(caseLock)
        close(storeLock)
        if !committed { finished.wait() }
        #expect(committed, "the commit to \(b) waited for the writer holding \(a)")
    }
}
