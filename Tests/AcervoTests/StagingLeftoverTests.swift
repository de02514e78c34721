@testable import Acervo
import AcervoCore
@testable import AcervoStore
import Foundation
import Testing

/// Staged uploads of a process that is gone are removed at the next open; a living process's are not.
@Suite("Staging leftovers")
struct StagingLeftoverTests {
    @Test("the staged copy left by a process that died is removed at the next open, not after a day")
    func deadOwnerReclaimed() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let store = dir.url.appending(path: "store")
        // A real intake process: it takes its owner lock, stages, commits and exits; its lock is then free.
        let intake = try runCommand(acervoExecutable, ["intake", "--store", store.path, "--case", "MS-2026-001900",
                                                       "--kind", "screenshot", try dir.file("a.png", TinyImages.png).path])
        #expect(intake.status == 0, "\(intake.stderr)")
        let locks = store.appending(path: "staging/locks")
        let owner = try #require(try FileManager.default.contentsOfDirectory(atPath: locks.path)
            .first { $0.hasPrefix(StagingOwner.lockPrefix) })
        let id = owner.dropFirst(StagingOwner.lockPrefix.count).dropLast(StagingOwner.lockSuffix.count)
        // What it would have left had it been killed mid-receive: a copy of a personal document.
        let leftover = store.appending(path: "staging/incoming/incoming-\(id)-0c1d2e3f")
        #expect(FileManager.default.createFile(atPath: leftover.path, contents: Data("RG 12.345.678-9".utf8)))

        let reopened = try EvidenceStore.open(at: store, logger: testLogger)
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
        #expect(!FileManager.default.fileExists(atPath: locks.appending(path: owner).path))
        #expect(reopened.verify().isClean)
    }

    @Test("the staged copy of a living process is left alone by another open")
    func livingOwnerKept() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let root = dir.url.appending(path: "store")
        let store = try EvidenceStore.open(at: root, logger: testLogger)
        let staged = store.stagingDirectory.appending(path: store.stagingPrefix + "em-curso")
        #expect(store.stagingPrefix.count > "incoming-".count)
        #expect(FileManager.default.createFile(atPath: staged.path, contents: Data("upload em curso".utf8)))
        // Another process opening the store: the command runs recovery at open.
        let verify = try runCommand(acervoExecutable, ["store", "verify", "--store", root.path])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(FileManager.default.fileExists(atPath: staged.path))
    }
}
