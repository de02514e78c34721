import AcervoCore
@testable import AcervoDossier
import Foundation
import Testing

/// Tampered dossiers: `verify` fails and names the culprit.
@Suite("Dossier verify")
struct DossierVerifyTests {
    /// One way to tamper with a dossier, the problem it must cause, and the file that must be named.
    struct Tampering: Sendable, CustomTestStringConvertible {
        var name: String
        var kind: DossierProblem.Kind
        /// The culprit's path ends with this.
        var culprit: String
        /// Whether `--fast` (Oxum and file list) must notice it too.
        var fastNotices: Bool
        var apply: @Sendable (_ entries: inout [RawEntry], _ bag: String) -> Void
        var testDescription: String { name }
    }

    static let photo = "geladeira-amassada.jpg"

    static let tamperings: [Tampering] = [
        Tampering(name: "a changed byte", kind: .changed, culprit: photo, fastNotices: false) { entries, _ in
            let i = entries.firstIndex { $0.path.hasSuffix(photo) }!
            entries[i].bytes[entries[i].bytes.count / 2] ^= 0x20
        },
        Tampering(name: "a removed file", kind: .missing, culprit: photo, fastNotices: true) { entries, _ in
            entries.removeAll { $0.path.hasSuffix(photo) }
        },
        Tampering(name: "an added file", kind: .extra, culprit: "data/originals/intruso.txt", fastNotices: true) { entries, bag in
            entries.append(RawEntry(path: "\(bag)/data/originals/intruso.txt", bytes: Array("não pertence\n".utf8)))
        },
        Tampering(name: "an edited manifest", kind: .changed, culprit: "manifest-sha256.txt", fastNotices: false) { entries, bag in
            let i = entries.firstIndex { $0.path == "\(bag)/manifest-sha256.txt" }!
            var text = String(decoding: entries[i].bytes, as: UTF8.self)
            let first = text.startIndex
            text.replaceSubrange(first...first, with: text[first] == "0" ? "1" : "0")
            entries[i].bytes = Array(text.utf8)
        },
        Tampering(name: "an edited Payload-Oxum", kind: .payloadOxum, culprit: "bag-info.txt", fastNotices: true) { entries, bag in
            let i = entries.firstIndex { $0.path == "\(bag)/bag-info.txt" }!
            let text = String(decoding: entries[i].bytes, as: UTF8.self)
                .replacingOccurrences(of: "Payload-Oxum: ", with: "Payload-Oxum: 1")
            entries[i].bytes = Array(text.utf8)
        },
    ]

    @Test("tampering makes verify fail and name the culprit", arguments: tamperings, [DossierFormat.tar, .zip])
    func tampered(tampering: Tampering, format: DossierFormat) async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        let original = try await fixture.build("dossier.\(format.fileExtension)", format: format)
        var entries = try readEntries(original)
        let bag = String(entries[0].path.dropLast())
        tampering.apply(&entries, bag)
        let tampered = fixture.directory.url.appending(path: "tampered.\(format.fileExtension)")
        try writeEntries(entries, to: tampered, format: format)

        let check = try await Dossier.verify(tampered)
        #expect(!check.isValid)
        #expect(check.problems.contains { $0.kind == tampering.kind && ($0.path ?? "").hasSuffix(tampering.culprit) },
                "\(check.problems)")
        let fast = try await Dossier.verify(tampered, fast: true)
        #expect(fast.isValid == !tampering.fastNotices, "\(fast.problems)")

        // The untouched rewrite is still valid: the problem is the tampering, not the rewriting.
        let clean = fixture.directory.url.appending(path: "clean.\(format.fileExtension)")
        try writeEntries(try readEntries(original), to: clean, format: format)
        #expect(try await Dossier.verify(clean).isValid)
    }

    @Test("the command exits 1 and prints the culprit's path")
    func commandNamesCulprit() async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        let store = fixture.directory.url.appending(path: "store").path
        let out = fixture.directory.url.appending(path: "cli.tar").path
        let build = try runCommand(acervoExecutable, ["dossier", "build", "--store", store, "--case", "MS-2024-000123",
                                                      "--output", out])
        #expect(build.status == 0, "\(build.stderr)")
        let again = try runCommand(acervoExecutable, ["dossier", "build", "--store", store, "--case", "MS-2024-000123",
                                                      "--output", out + ".2"])
        #expect(again.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: out + ".2")),
                "two runs of the command give the same bytes")
        for format in ["zip", "tar.zst"] {
            var bytes: [Data] = []
            for zone in ["America/Sao_Paulo", "Asia/Tokyo"] {
                let path = fixture.directory.url.appending(path: "\(zone.replacingOccurrences(of: "/", with: "-")).\(format)").path
                let run = try runCommand(acervoExecutable, ["dossier", "build", "--store", store, "--case", "MS-2024-000123",
                                                            "--no-custody", "--output", path], environment: ["TZ": zone])
                #expect(run.status == 0, "\(run.stderr)")
                bytes.append(try Data(contentsOf: URL(fileURLWithPath: path)))
            }
            #expect(bytes[0] == bytes[1], "\(format) dossiers are the same in every time zone")
        }
        let ok = try runCommand(acervoExecutable, ["dossier", "verify", out])
        #expect(ok.status == 0, "\(ok.stdout)")

        var entries = try readEntries(URL(fileURLWithPath: out))
        let i = try #require(entries.firstIndex { $0.path.hasSuffix(Self.photo) })
        entries[i].bytes[0] ^= 0xFF
        let tampered = fixture.directory.url.appending(path: "tampered.tar")
        try writeEntries(entries, to: tampered, format: .tar)
        let bad = try runCommand(acervoExecutable, ["dossier", "verify", tampered.path])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains(entries[i].path.split(separator: "/", maxSplits: 1)[1]), "\(bad.stdout)")

        let listing = try runCommand(acervoExecutable, ["dossier", "list", out])
        #expect(listing.status == 0)
        #expect(listing.stdout.contains("data/metadata/custody.jsonl"))
    }
}
