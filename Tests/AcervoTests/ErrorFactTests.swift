import Acervo
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Errors keep the facts they came from: the file a system call failed on and its `errno`, as fields a
/// caller can test, with the English and Portuguese texts apart.
@Suite("Errors that keep their facts")
struct ErrorFactTests {
    static let caseNumber = CaseNumber(rawValue: "MS-2026-000814")!

    /// An archive holding one accepted receipt, to build dossiers from.
    func archiveWithOneCase(in dir: TemporaryDirectory) async throws -> EvidenceArchive {
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"))
        let report = try await archive.intake(case: Self.caseNumber, attachments: [
            .bytes(TinyDocuments.pdf(), kind: .receipt, name: "nota.pdf", mime: "application/pdf"),
        ])
        #expect(report.items.map(\.verdict) == [.accepted])
        return archive
    }

    @Test("a policy file that does not exist: code policy, its path, ENOENT")
    func missingPolicy() throws {
        let missing = FileManager.default.temporaryDirectory.appending(path: "acervo-no-such-\(UUID()).yaml")
        let error = #expect(throws: AcervoError.self) { try Policy.load(from: missing) }
        #expect(error?.code == .policy)
        #expect(error?.path == missing.path)
        #expect(error?.errno == ENOENT)
    }

    @Test("a dossier written into a missing directory: code io, a path in that directory, ENOENT")
    func dossierIntoMissingDirectory() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try await archiveWithOneCase(in: dir)
        let missing = dir.url.appending(path: "no-such-directory")
        let error = await #expect(throws: AcervoError.self) {
            try await archive.buildDossier(case: Self.caseNumber, to: missing.appending(path: "dossie.tar"))
        }
        #expect(error?.code == .io)
        #expect(error?.errno == ENOENT)
        #expect(error?.path?.hasPrefix(missing.path + "/") == true, "\(String(describing: error?.path))")
        #expect(!FileManager.default.fileExists(atPath: missing.path))
    }

    @Test("a store under a regular file: the directory it could not create, ENOTDIR")
    func storeUnderAFile() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let file = try dir.file("not-a-directory", Data("x".utf8))
        let store = file.appending(path: "store")
        let error = #expect(throws: AcervoError.self) { try EvidenceArchive.open(at: store) }
        #expect(error?.code == .io)
        #expect(error?.errno == ENOTDIR)
        #expect(error?.path?.hasPrefix(file.path) == true, "\(String(describing: error?.path))")
    }

    @Test("a store in a directory this user may not write: its path, EACCES",
          .enabled(if: geteuid() != 0, "root writes through any permission bits; the read-only file system test covers root"))
    func storeInAnUnwritableDirectory() throws {
        let dir = TemporaryDirectory()
        defer {
            chmod(dir.url.path, 0o700)
            dir.cleanUp()
        }
        let locked = dir.url.appending(path: "locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        chmod(locked.path, 0o500)
        defer { chmod(locked.path, 0o700) }
        let error = #expect(throws: AcervoError.self) { try EvidenceArchive.open(at: locked.appending(path: "store")) }
        #expect(error?.code == .io)
        #expect(error?.errno == EACCES)
        #expect(error?.path?.hasPrefix(locked.path) == true, "\(String(describing: error?.path))")
    }

    @Test("a store on a read-only file system: its path, EROFS",
          .enabled(if: SmallFileSystem.mountable, "skipped: this process may not mount a tmpfs (needs root or CAP_SYS_ADMIN)"))
    func storeOnAReadOnlyFileSystem() throws {
        let fs = try SmallFileSystem(bytes: 1 << 20, readOnly: true)
        defer { fs.unmount() }
        let store = fs.url.appending(path: "store")
        let error = #expect(throws: AcervoError.self) { try EvidenceArchive.open(at: store) }
        #expect(error?.code == .io)
        #expect(error?.errno == EROFS)
        #expect(error?.path?.hasPrefix(fs.url.path) == true, "\(String(describing: error?.path))")
        #expect(error?.isDiskFull == false)
    }

    @Test("the English and Portuguese texts are apart, each naming the path and the system's reason")
    func textsApart() {
        let error = AcervoError.io(.create, path: "/srv/acervo/x", errno: ENOENT)
        #expect(error.english == "cannot create /srv/acervo/x: No such file or directory")
        #expect(error.portuguese == "não foi possível criar /srv/acervo/x: arquivo ou diretório inexistente")
        #expect(error.message == "\(error.english) / \(error.portuguese!)")
        let full = AcervoError.diskFull(path: "/srv/acervo/staging/incoming/u")
        #expect(full.isDiskFull)
        #expect(full.errno == ENOSPC)
        #expect(full.english.hasPrefix("disk full: cannot write /srv/acervo/staging/incoming/u"))
        #expect(full.portuguese?.hasPrefix("disco cheio: não foi possível gravar") == true)
        #expect(!full.english.contains("não"))
    }

    @Test("a Foundation error's errno is kept: a POSIX code inside a Cocoa error")
    func foundationErrno() throws {
        let missing = FileManager.default.temporaryDirectory.appending(path: "acervo-no-such-\(UUID())")
        do {
            _ = try FileManager.default.attributesOfItem(atPath: missing.path)
            Issue.record("a missing file has attributes")
        } catch {
            let made = AcervoError.io(.inspect, path: missing.path, underlying: error)
            #expect(made.errno == ENOENT, "\(error)")
            #expect(made.path == missing.path)
            #expect(made.underlying != nil)
            #expect(made.description == made.message, "the system's reason is said once: \(made.description)")
        }
    }

    @Test("an error encodes its code, texts, path and errno, and decodes back")
    func codable() throws {
        let error = AcervoError.io(.write, path: "/srv/acervo/x", errno: ENOSPC)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = try #require(String(data: try encoder.encode(error), encoding: .utf8))
        #expect(json.contains(#""code":"io""#), "\(json)")
        #expect(json.contains(#""errno":\#(ENOSPC)"#), "\(json)")
        #expect(json.contains(#""path":"/srv/acervo/x""#), "\(json)")
        let decoded = try JSONDecoder().decode(AcervoError.self, from: Data(json.utf8))
        #expect(decoded.code == .io)
        #expect(decoded.path == error.path)
        #expect(decoded.errno == ENOSPC)
        #expect(decoded.english == error.english)
        #expect(decoded.portuguese == error.portuguese)
        #expect(decoded.isDiskFull)
        let plain = try JSONDecoder().decode(AcervoError.self, from: Data(#"{"code":"not-found","english":"no case"}"#.utf8))
        #expect(plain.code == .notFound && plain.path == nil && plain.errno == nil && plain.portuguese == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(AcervoError.self, from: Data(#"{"code":"nonsense","english":"x"}"#.utf8))
        }
    }
}
