@testable import Acervo
import AcervoCore
@testable import AcervoStore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Staged uploads of a process that is gone are removed at the next open; a living process's are not.
@Suite("Staging leftovers")
struct StagingLeftoverTests {
    /// The `staging` object of `acervo store verify --json` on `store`, run as a process of its own.
    static func stagingReport(_ store: URL) throws -> [String: Any] {
        let verify = try runCommand(acervoExecutable, ["store", "verify", "--store", store.path, "--json"])
        #expect(verify.status == 0, "\(verify.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        return try #require(report["staging"] as? [String: Any], "\(verify.stdout)")
    }

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

        // store verify opens the store (removing it) and says so.
        let staging = try Self.stagingReport(store)
        #expect(staging["removed_at_open"] as? Int == 1, "\(staging)")
        #expect(staging["leftovers"] as? Int == 0 && staging["receiving"] as? Int == 0)
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
        #expect(!FileManager.default.fileExists(atPath: locks.appending(path: owner).path))
        let reopened = try EvidenceStore.open(at: store, logger: testLogger)
        #expect(reopened.verify().isClean)
        #expect(reopened.verify().staging == StagingCensus())
    }

    @Test("store verify names the staged copies it finds: being received, or left without an owner")
    func verifyReportsStaging() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let root = dir.url.appending(path: "store")
        let store = try EvidenceStore.open(at: root, logger: testLogger)
        // This process is a living owner: its staged upload is being received.
        let staged = store.stagingDirectory.appending(path: store.stagingPrefix + "em-curso")
        #expect(FileManager.default.createFile(atPath: staged.path, contents: Data("upload em curso".utf8)))
        // A copy without an owner, younger than a day: recovery leaves it, verify must mention it.
        let orphan = store.stagingDirectory.appending(path: "incoming-sem-dono")
        #expect(FileManager.default.createFile(atPath: orphan.path, contents: Data("CPF 123.456.789-09".utf8)))
        let census = store.verify().staging
        #expect(census.receiving == 1 && census.receivingBytes == 15)
        #expect(census.leftovers == 1 && census.leftoverBytes == 18)
        let verify = try runCommand(acervoExecutable, ["store", "verify", "--store", root.path])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("staging: 1 upload(s) being received"), "\(verify.stdout)")
        #expect(verify.stdout.contains("1 left by stopped intakes"), "\(verify.stdout)")
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

    @Test("verify and the next open read an owner's lock alike: held by another process, its files are being received and stay; free, they are leftovers and go")
    func ownerLockDecidesForVerifyAndOpen() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let root = dir.url.appending(path: "store")
        let store = try EvidenceStore.open(at: root, logger: testLogger)
        let locks = root.appending(path: "staging/locks")
        func lockFile(_ id: String) -> URL { locks.appending(path: StagingOwner.lockPrefix + id + StagingOwner.lockSuffix) }
        // A living owner: another process holds its lock (flock(1), which becomes the shell and then sleep,
        // so that stopping that one process frees the lock).
        #expect(FileManager.default.createFile(atPath: lockFile("0a1b2c3d").path, contents: nil))
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--exclusive", "--no-fork", lockFile("0a1b2c3d").path, "--command", "echo held; exec sleep 60"]
        let said = Pipe()
        holder.standardOutput = said
        try holder.run()
        // SIGKILL: a child started from a test thread inherits its blocked signals, SIGTERM among them.
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) }; holder.waitUntilExit() }
        #expect(String(decoding: said.fileHandleForReading.availableData, as: UTF8.self) == "held\n")
        // A gone owner: its lock file is there and nobody holds it.
        #expect(FileManager.default.createFile(atPath: lockFile("4e5f6a7b").path, contents: nil))
        let living = store.stagingDirectory.appending(path: "incoming-0a1b2c3d-em-curso")
        let left = store.stagingDirectory.appending(path: "incoming-4e5f6a7b-deixado")
        #expect(FileManager.default.createFile(atPath: living.path, contents: Data("upload em curso".utf8)))
        #expect(FileManager.default.createFile(atPath: left.path, contents: Data("CPF 123.456.789-09".utf8)))

        let census = store.verify().staging
        #expect(census.receiving == 1 && census.receivingBytes == 15)
        #expect(census.leftovers == 1 && census.leftoverBytes == 18)

        // The next open (another process) removes the gone owner's file and lock, and keeps the living one's.
        let staging = try Self.stagingReport(root)
        #expect(staging["removed_at_open"] as? Int == 1, "\(staging)")
        #expect(staging["receiving"] as? Int == 1 && staging["leftovers"] as? Int == 0, "\(staging)")
        #expect(FileManager.default.fileExists(atPath: living.path) && FileManager.default.fileExists(atPath: lockFile("0a1b2c3d").path))
        #expect(!FileManager.default.fileExists(atPath: left.path) && !FileManager.default.fileExists(atPath: lockFile("4e5f6a7b").path))

        // Once its process is gone, the owner's files are leftovers too.
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        #expect(store.verify().staging == StagingCensus(leftovers: 1, leftoverBytes: 15))
    }
}
