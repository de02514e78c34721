import AcervoCore
@testable import AcervoDossier
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Dossiers: the output path")
struct DossierOutputTests {
    @Test("A link, a FIFO or a directory at the output path is refused and left as it was")
    func refusesWhatIsNotARegularFile() async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        let root = fixture.directory.url
        let victim = try fixture.directory.file("victim.txt", Array("keep me".utf8))
        let link = root.appending(path: "link.tar")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: victim)
        let fifo = root.appending(path: "fifo.tar")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let folder = root.appending(path: "folder.tar")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)

        for target in [link, fifo, folder] {
            do {
                _ = try await fixture.build(target.lastPathComponent, format: .tar)
                Issue.record("\(target.lastPathComponent) was replaced")
            } catch let error as AcervoError {
                #expect(error.code == .invalidArgument)
                #expect(error.message.contains("recusando"))
            }
        }
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep me")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == victim.path)
        var info = stat()
        #expect(lstat(fifo.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        #expect(FileManager.default.fileExists(atPath: folder.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.contains(".partial-") }
        #expect(leftovers.isEmpty)

        // A regular file there is what a rebuild replaces.
        let regular = try fixture.directory.file("again.tar", Array("old".utf8))
        _ = try await fixture.build(regular.lastPathComponent, format: .tar)
        #expect(try Data(contentsOf: regular).count > 1024)
    }

    @Test("A partial file left by a killed build is removed by the next build; one still being written stays")
    func reclaimsAbandonedPartials() async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        let root = fixture.directory.url
        let abandoned = try fixture.directory.file(".case.tar.partial-deadbeef", [UInt8](repeating: 1, count: 4096))
        let live = try fixture.directory.file(".case.tar.partial-cafebabe", [UInt8](repeating: 2, count: 4096))
        let old = Date().addingTimeInterval(-3600)
        for url in [abandoned, live] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: url.path)
        }
        // A living writer holds its partial file locked.
        let holder = open(live.path, O_RDONLY)
        #expect(holder >= 0 && flock(holder, LOCK_EX) == 0)
        defer { close(holder) }

        _ = try await fixture.build("case.tar", format: .tar)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: root.path))
        #expect(!names.contains(abandoned.lastPathComponent))
        #expect(names.contains(live.lastPathComponent))
        #expect(names.contains("case.tar"))
    }
}
