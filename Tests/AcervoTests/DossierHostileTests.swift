import AcervoCore
@testable import AcervoDossier
import Foundation
import Testing

/// Archives made to hurt whoever opens them: `verify`, `extract` and `list` refuse them, and
/// `extract` leaves nothing behind.
@Suite("Dossier hostile archives")
struct DossierHostileTests {
    struct Hostile: Sendable, CustomTestStringConvertible {
        var name: String
        var format: DossierFormat
        var entries: @Sendable () -> [RawEntry]
        var testDescription: String { name }
    }

    static func bag(_ extra: [RawEntry]) -> [RawEntry] {
        [RawEntry(path: "bag/", kind: .directory),
         RawEntry(path: "bag/bagit.txt", bytes: Array(BagWriter.bagitText.utf8))] + extra
    }

    static let cases: [Hostile] = [
        Hostile(name: "path traversal (../)", format: .tar) {
            bag([RawEntry(path: "bag/data/../../escaped.txt", bytes: Array("fora\n".utf8))])
        },
        Hostile(name: "path traversal in a zip", format: .zip) {
            bag([RawEntry(path: "../escaped.txt", bytes: Array("fora\n".utf8))])
        },
        Hostile(name: "absolute path", format: .tar) {
            bag([RawEntry(path: "/tmp/acervo-escaped.txt", bytes: Array("fora\n".utf8))])
        },
        Hostile(name: "symbolic link", format: .tar) {
            bag([RawEntry(path: "bag/data/senhas", kind: .symlink("/etc/passwd"))])
        },
        Hostile(name: "symbolic link in a zip", format: .zip) {
            bag([RawEntry(path: "bag/data/senhas", kind: .symlink("/etc/passwd"))])
        },
        Hostile(name: "hard link", format: .tar) {
            bag([RawEntry(path: "bag/data/copia", kind: .hardlink("bag/bagit.txt"))])
        },
        Hostile(name: "character device", format: .tar) {
            bag([RawEntry(path: "bag/data/tty", kind: .characterDevice)])
        },
        Hostile(name: "FIFO", format: .tar) {
            bag([RawEntry(path: "bag/data/fila", kind: .fifo)])
        },
        Hostile(name: "the same path twice", format: .tar) {
            bag([RawEntry(path: "bag/data/a.txt", bytes: [1]), RawEntry(path: "bag/data/a.txt", bytes: [2])])
        },
        Hostile(name: "zip bomb (64 MiB of zeros deflated)", format: .zip) {
            bag([RawEntry(path: "bag/data/zeros.bin", bytes: [UInt8](repeating: 0, count: 64 << 20), compress: true)])
        },
        Hostile(name: "zstd bomb (64 MiB of zeros)", format: .tarZstd) {
            bag([RawEntry(path: "bag/data/zeros.bin", bytes: [UInt8](repeating: 0, count: 64 << 20))])
        },
    ]

    @Test("verify, extract and list refuse a hostile archive", arguments: cases)
    func refused(hostile: Hostile) async throws {
        let dir = TemporaryDirectory("acervo-hostile")
        defer { dir.cleanUp() }
        let archive = dir.url.appending(path: "hostile.\(hostile.format.fileExtension)")
        try writeEntries(hostile.entries(), to: archive, format: hostile.format)

        let check = try await Dossier.verify(archive)
        #expect(check.problems.contains { $0.kind == .refused }, "\(check.problems)")

        let target = dir.url.appending(path: "inner/out")
        let extracted = try await Dossier.extract(archive, to: target)
        #expect(extracted.problems.contains { $0.kind == .refused }, "\(extracted.problems)")
        #expect(!FileManager.default.fileExists(atPath: target.path), "a refused extraction leaves nothing")
        #expect(!FileManager.default.fileExists(atPath: dir.url.appending(path: "inner/escaped.txt").path))
        #expect(!FileManager.default.fileExists(atPath: dir.url.appending(path: "escaped.txt").path))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/acervo-escaped.txt"))

        await #expect(throws: AcervoError.self) { _ = try await Dossier.list(archive) }
    }

    @Test("the bomb is stopped by counting bytes, long before it is all expanded")
    func bombStopsEarly() async throws {
        let dir = TemporaryDirectory("acervo-bomb")
        defer { dir.cleanUp() }
        let archive = dir.url.appending(path: "bomb.zip")
        try writeEntries(Self.bag([RawEntry(path: "bag/data/zeros.bin", bytes: [UInt8](repeating: 0, count: 64 << 20),
                                            compress: true)]), to: archive, format: .zip)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: archive.path)[.size] as? Int)
        #expect(size < 1 << 20, "the bomb is small: \(size) bytes")
        let limits = DossierLimits(ratioFloor: 1 << 20)
        let check = try await Dossier.verify(archive, limits: limits)
        let refusal = try #require(check.problems.first { $0.kind == .refused })
        #expect(refusal.detail.contains("bomb"), "\(refusal)")
        #expect(check.payloadBytes == 0)
    }

    @Test("an archive with more entries than the limit is refused")
    func entryLimit() async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        let url = try await fixture.build("d.tar", format: .tar)
        let check = try await Dossier.verify(url, limits: DossierLimits(maximumEntries: 5))
        #expect(check.problems.contains { $0.kind == .refused && $0.detail.contains("more than 5 entries") }, "\(check.problems)")
        #expect(try await Dossier.verify(url).isValid)
    }

    @Test("extract refuses a destination that is not empty and touches nothing in it")
    func extractNeedsEmptyDirectory() async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        let url = try await fixture.build("d.tar", format: .tar)
        let target = fixture.directory.url.appending(path: "busy")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try Data("meu\n".utf8).write(to: target.appending(path: "arquivo.txt"))
        await #expect(throws: AcervoError.self) { _ = try await Dossier.extract(url, to: target) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["arquivo.txt"])
    }
}
