@testable import Acervo
import AcervoCore
@testable import AcervoStore
import AcervoSystem
import Foundation
import Testing

/// Files that are not what a file source should be, handed to intake and sniff: symbolic links, FIFOs,
/// devices and `/proc` pseudo-files, on the real file system.
@Suite("Hostile input files")
struct HostileInputTests {
    /// Intakes `attachments` into a fresh store, returning the error it threw, if any, and the store.
    func intake(_ attachments: [Acervo.Attachment], in dir: TemporaryDirectory) async throws -> (AcervoError?, EvidenceArchive) {
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        do {
            _ = try await archive.intake(case: try CaseNumber(validating: "MS-2026-001400"), attachments: attachments)
            return (nil, archive)
        } catch {
            return (error, archive)
        }
    }

    @Test("a symbolic link to a server file is refused by the library: nothing judged, nothing stored")
    func symbolicLinkRefused() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let secret = try dir.file("fora/segredo.txt", Data("root:x:0:0:root:/root:/bin/bash\n".utf8))
        let link = dir.url.appending(path: "upload.txt")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: secret)
        let good = try dir.file("bom.png", TinyImages.png)
        let (error, archive) = try await intake([.file(good, kind: .photo), .file(link, kind: .other)], in: dir)
        let refused = try #require(error)
        #expect(refused.code == .invalidArgument)
        #expect(refused.description.contains("symbolic link") && refused.description.contains("link simbólico"))
        #expect(try archive.store.cases().isEmpty)
        #expect(DurableFiles.names(in: archive.store.stagingDirectory).isEmpty)
    }

    @Test("a FIFO, a device and /proc/self/environ are refused as not regular files")
    func specialFilesRefused() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let fifo = dir.url.appending(path: "fila")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        for (source, says) in [(fifo, "FIFO"), (URL(fileURLWithPath: "/dev/zero"), "device"),
                               (URL(fileURLWithPath: "/proc/self/environ"), "pseudo-file")] {
            let (error, archive) = try await intake([.file(source, kind: .other)], in: dir)
            let refused = try #require(error, "\(source.path) was taken in")
            #expect(refused.code == .invalidArgument)
            #expect(refused.description.contains(says), "\(refused)")
            #expect(Quarantine.entries(archive.store.layout).isEmpty)
        }
    }

    @Test("sniff names what a FIFO, a device, a link and /proc/self/status are, never 'Success'")
    func sniffSaysWhy() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let fifo = dir.url.appending(path: "fila")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let link = dir.url.appending(path: "atalho")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: try dir.file("a.png", TinyImages.png))
        let result = try runCommand(acervoExecutable, ["sniff", "--json", fifo.path, "/dev/null", link.path, "/proc/self/status"])
        #expect(result.status == 0, "\(result.stderr)")
        let details = result.stdout.split(separator: "\n").map(String.init)
        #expect(details.count == 4)
        for (line, says) in zip(details, ["FIFO", "character device", "symbolic link", "pseudo-file"]) {
            #expect(line.contains("unreadable") && line.contains(says), "\(line)")
            #expect(!line.contains("Success"), "\(line)")
        }
    }

    @Test("the command refuses a link (exit 64) unless --follow-symlinks, and FIFOs and /proc files always")
    func commandRefusesLinksAndSpecialFiles() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let store = dir.url.appending(path: "store").path
        let link = dir.url.appending(path: "foto.png")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: try dir.file("real/a.png", TinyImages.png))
        let fifo = dir.url.appending(path: "fila.png")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let intake = ["intake", "--store", store, "--case", "MS-2026-001401", "--kind", "screenshot"]
        let refused = try runCommand(acervoExecutable, intake + [link.path])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("symbolic link") && refused.stderr.contains("--follow-symlinks"), "\(refused.stderr)")
        for special in [fifo.path, "/proc/self/status", "/dev/null"] {
            let result = try runCommand(acervoExecutable, intake + [special])
            #expect(result.status == 64, "\(special): \(result.stderr)")
            #expect(result.stderr.contains("not a regular file"), "\(result.stderr)")
        }
        let followed = try runCommand(acervoExecutable, intake + ["--follow-symlinks", "--json", link.path])
        #expect(followed.status == 0, "\(followed.stderr)")
        #expect(followed.stdout.contains("\"verdict\":\"accepted\""), "\(followed.stdout)")
        #expect(followed.stdout.contains("/foto.png"), "the declared name is the name given")
    }
}
