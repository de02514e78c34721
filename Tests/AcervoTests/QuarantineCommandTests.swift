import Foundation
import Testing

/// `acervo quarantine list|purge`: rejected uploads can be seen and aged out, each purge leaving a
/// record of what was removed, by whom and why.
@Suite("Quarantine command")
struct QuarantineCommandTests {
    @Test("list shows a rejected upload; purge --older-than keeps it while young, removes it with a record after")
    func listAndPurge() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let store = dir.url.appending(path: "store")
        let intake = try runCommand(acervoExecutable, ["intake", "--store", store.path, "--case", "MS-2026-002000", "--kind", "photo",
                                                       try dir.file("virus.exe", Data("MZ\u{90}\u{0}".utf8)).path])
        #expect(intake.status == 0, "\(intake.stderr)")
        let list = try runCommand(acervoExecutable, ["quarantine", "list", "--store", store.path, "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.split(separator: "\n").count == 1)
        #expect(list.stdout.contains("virus.exe") && list.stdout.contains("MS-2026-002000"), "\(list.stdout)")

        let young = try runCommand(acervoExecutable, ["quarantine", "purge", "--older-than", "1", "--store", store.path])
        #expect(young.status == 0, "\(young.stderr)")
        #expect(young.stdout.contains("removed: 0"), "\(young.stdout)")

        let purge = try runCommand(acervoExecutable, ["quarantine", "purge", "--older-than", "0", "--operator", "arquivista",
                                                      "--store", store.path])
        #expect(purge.status == 0, "\(purge.stderr)")
        #expect(purge.stdout.contains("removed: 1"), "\(purge.stdout)")
        let records = try FileManager.default.contentsOfDirectory(atPath: store.appending(path: "quarantine-purges").path)
        #expect(records.count == 1)
        let record = try String(contentsOf: store.appending(path: "quarantine-purges/\(records[0])"), encoding: .utf8)
        for expected in ["virus.exe", "arquivista", "more than 0 day", "há mais de 0 dia", "MS-2026-002000"] {
            #expect(record.contains(expected), "\(expected) missing from \(record)")
        }
        let after = try runCommand(acervoExecutable, ["quarantine", "list", "--store", store.path, "--json"])
        #expect(after.stdout.isEmpty, "\(after.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.appending(path: "quarantine").path).isEmpty)
        let verify = try runCommand(acervoExecutable, ["store", "verify", "--store", store.path])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
    }

    @Test("a purge killed between an upload's sidecar and its bytes is finished at the next open; other dirs stay")
    func interruptedPurgeFinished() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let store = dir.url.appending(path: "store")
        let intake = try runCommand(acervoExecutable, ["intake", "--store", store.path, "--case", "MS-2026-002001", "--kind", "photo",
                                                       try dir.file("virus.exe", Data("MZ\u{90}\u{0}".utf8)).path])
        #expect(intake.status == 0, "\(intake.stderr)")
        let quarantine = store.appending(path: "quarantine")
        let upload = try #require(try FileManager.default.contentsOfDirectory(atPath: quarantine.path).first { !$0.hasSuffix(".json") })
        let saved = dir.url.appending(path: "saved-upload")
        try FileManager.default.copyItem(at: quarantine.appending(path: upload), to: saved)
        let purge = try runCommand(acervoExecutable, ["quarantine", "purge", "--older-than", "0", "--store", store.path])
        #expect(purge.status == 0, "\(purge.stderr)")
        // What a kill after the sidecar's removal leaves: the upload's bytes, with no sidecar.
        try FileManager.default.copyItem(at: saved, to: quarantine.appending(path: upload))
        // An upload directory no purge record names is not the purge's to remove.
        let stranger = quarantine.appending(path: "00000000-0000-0000-0000-000000000000")
        try FileManager.default.createDirectory(at: stranger, withIntermediateDirectories: false)

        let verify = try runCommand(acervoExecutable, ["store", "verify", "--store", store.path, "--json"])
        #expect(!FileManager.default.fileExists(atPath: quarantine.appending(path: upload).path))
        #expect(FileManager.default.fileExists(atPath: stranger.path))
        #expect(verify.stdout.contains("\"removed_at_open\" : 1"), "\(verify.stdout)")
    }

    @Test("purge needs --older-than within 0 to 36500 days")
    func boundedAge() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let result = try runCommand(acervoExecutable, ["quarantine", "purge", "--older-than", "-5", "--store", dir.url.path])
        #expect(result.status == 64)
    }
}
