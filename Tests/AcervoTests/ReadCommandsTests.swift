import Foundation
import Testing

/// Commands that read a store never create one: a mistyped path must not turn a monitoring job green.
@Suite("Read commands never create a store")
struct ReadCommandsTests {
    static let readCommands: [[String]] = [
        ["store", "verify"], ["store", "reindex"], ["case", "list"], ["case", "show", "MS-2026-001600"],
        ["dossier", "build", "--case", "MS-2026-001600", "--output", "/dev/null/nunca.tar"],
    ]

    @Test("a missing store path is exit 64 with a message, and nothing is created", arguments: readCommands)
    func missingPath(_ command: [String]) throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let typo = dir.url.appending(path: "acervo-erro")
        let result = try runCommand(acervoExecutable, command + ["--store", typo.path])
        #expect(result.status == 64, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("does not exist") && result.stderr.contains("não existe"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: typo.path))
    }

    @Test("an empty directory is not a store: exit 70, and it stays empty", arguments: readCommands)
    func emptyDirectory(_ command: [String]) throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let empty = dir.url.appending(path: "vazio")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: false)
        let result = try runCommand(acervoExecutable, command + ["--store", empty.path])
        #expect(result.status == 70, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("not an evidence store"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty)
    }

    @Test("intake still creates the store, and the read commands then use it")
    func intakeCreates() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let store = dir.url.appending(path: "novo").path
        let intake = try runCommand(acervoExecutable, ["intake", "--store", store, "--case", "MS-2026-001601",
                                                       "--kind", "screenshot", try dir.file("a.png", TinyImages.png).path])
        #expect(intake.status == 0, "\(intake.stderr)")
        let verify = try runCommand(acervoExecutable, ["store", "verify", "--store", store])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("OK: 1"))
    }
}
