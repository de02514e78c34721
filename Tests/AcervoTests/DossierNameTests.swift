import AcervoCore
@testable import AcervoDossier
import Foundation
import Testing

/// Names in bags: NFC, percent-encoding in manifests, collisions kept apart, folding in bag-info.
@Suite("Dossier names")
struct DossierNameTests {
    /// Writes a bag of small files named `names` under `data/originals/`.
    static func bag(_ names: [String], format: DossierFormat, in dir: TemporaryDirectory, name: String) throws -> URL {
        var payload: [BagPayloadFile] = []
        for (i, fileName) in names.enumerated() {
            let text = Array("conteúdo \(i)\n".utf8)
            let source = try dir.file("src-\(name)/\(i)", text)
            payload.append(BagPayloadFile(path: "originals/\(fileName)", source: source, byteCount: Int64(text.count)))
        }
        let writer = BagWriter(bagName: name, payload: payload, bagInfo: BagInfo([("External-Identifier", name)]),
                               tagFiles: [], algorithms: [.sha256], format: format, modified: Date(timeIntervalSince1970: 1_700_000_000))
        let url = dir.url.appending(path: "\(name).\(format.fileExtension)")
        _ = try AtomicOutput.write(to: url) { (fd) throws(AcervoError) in try writer.write(to: fd, cancelled: { false }, progress: nil) }
        return url
    }

    @Test("a name with %, a newline and Portuguese accents survives build, verify and extract",
          arguments: DossierFormat.allCases)
    func roundTrip(format: DossierFormat) async throws {
        let dir = TemporaryDirectory("acervo-names")
        defer { dir.cleanUp() }
        let decomposed = "Certidão de São João.pdf".decomposedStringWithCanonicalMapping
        let names = ["recibo 100% pago.pdf", "linha\nquebrada.txt", decomposed, "Foto.jpg", "foto.jpg"]
        let url = try Self.bag(names, format: format, in: dir, name: "nomes-v1")

        let entries = try readEntries(url)
        let manifest = String(decoding: try #require(entries.first { $0.path == "nomes-v1/manifest-sha256.txt" }).bytes, as: UTF8.self)
        #expect(manifest.contains("data/originals/recibo 100%25 pago.pdf\n"))
        #expect(manifest.contains("data/originals/linha%0Aquebrada.txt\n"))
        #expect(manifest.split(separator: "\n").count == names.count, "a newline in a name never makes a manifest line")

        let check = try await Dossier.verify(url)
        #expect(check.isValid, "\(check.problems)")
        let out = dir.url.appending(path: "out")
        let extracted = try await Dossier.extract(url, to: out)
        #expect(extracted.isValid, "\(extracted.problems)")
        let originals = out.appending(path: "nomes-v1/data/originals")
        let onDisk = Set(try FileManager.default.contentsOfDirectory(atPath: originals.path))
        let nfc = "Certidão de São João.pdf".precomposedStringWithCanonicalMapping
        #expect(onDisk.contains { Array($0.utf8) == Array(nfc.utf8) }, "written in NFC: \(onDisk)")
        #expect(onDisk.contains("linha\nquebrada.txt"))
        #expect(onDisk.contains("recibo 100% pago.pdf"))
        #expect(onDisk.contains("Foto.jpg") && onDisk.contains("foto~2.jpg"), "names equal but for case are kept apart: \(onDisk)")
        #expect(try String(contentsOf: originals.appending(path: "linha\nquebrada.txt"), encoding: .utf8) == "conteúdo 1\n")
    }

    /// bagit-python 1.9 encodes CR and LF but not `%` (LibraryOfCongress/bagit-python#157), so it
    /// cannot validate a bag that follows RFC 8493 for a name holding `%`; every other name is checked.
    @Test("bagit-python validates names with a newline and accents",
          .enabled(if: which("bagit.py") != nil), arguments: DossierFormat.allCases)
    func bagitPythonNames(format: DossierFormat) async throws {
        let dir = TemporaryDirectory("acervo-names-py")
        defer { dir.cleanUp() }
        let names = ["linha\nquebrada.txt", "Certidão de São João.pdf".decomposedStringWithCanonicalMapping, "Foto.jpg", "foto.jpg"]
        let url = try Self.bag(names, format: format, in: dir, name: "nomes-v1")
        let out = dir.url.appending(path: "out")
        #expect(try await Dossier.extract(url, to: out).isValid)
        let result = try #require(try runValidator("bagit.py", ["--validate", out.appending(path: "nomes-v1").path]))
        #expect(result.status == 0, "bagit.py: \(result.stderr)")
    }

    @Test("a manifest that leaves % unencoded, as bagit-python writes it, still verifies")
    func legacyPercent() async throws {
        let dir = TemporaryDirectory("acervo-names-legacy")
        defer { dir.cleanUp() }
        let url = try Self.bag(["recibo 100%25.pdf"], format: .tar, in: dir, name: "legado")
        var entries = try readEntries(url)
        let i = try #require(entries.firstIndex { $0.path == "legado/manifest-sha256.txt" })
        entries[i].bytes = Array(String(decoding: entries[i].bytes, as: UTF8.self)
            .replacingOccurrences(of: "100%2525.pdf", with: "100%25.pdf").utf8)
        entries.removeAll { $0.path.hasSuffix("tagmanifest-sha256.txt") }
        let legacy = dir.url.appending(path: "legacy.tar")
        try writeEntries(entries, to: legacy, format: .tar)
        let check = try await Dossier.verify(legacy)
        #expect(check.isValid, "\(check.problems)")
    }

    @Test("percent-encoding round-trips and decodes only what RFC 8493 encodes",
          arguments: [("a%b", "a%25b"), ("a\nb", "a%0Ab"), ("a\rb", "a%0Db"), ("ção 50%\r\n", "ção 50%25%0D%0A")])
    func percentEncoding(plain: String, encoded: String) {
        #expect(BagPath.manifestEncoded(plain) == encoded)
        #expect(BagPath.manifestDecoded(Substring(encoded)) == plain)
    }

    @Test("other percent sequences stay as written")
    func otherPercent() {
        #expect(BagPath.manifestDecoded("a%20b%2") == "a%20b%2")
    }

    @Test("NFC and case collisions are numbered in order; distinct names are untouched")
    func keptApart() {
        let nfd = "ação.txt".decomposedStringWithCanonicalMapping
        let out = BagPath.keptApart(["d/ação.txt", "d/\(nfd)", "d/AÇÃO.txt", "d/outro"])
        #expect(out == ["d/ação.txt", "d/ação~2.txt", "d/AÇÃO~3.txt", "d/outro"])
    }

    @Test("entry paths an extractor must never follow are refused", arguments: [
        "../x", "a/../../x", "/etc/passwd", "a\\..\\x", "a//b", "./a", "C:/x", "a/\u{1}b",
    ])
    func unsafePaths(path: String) {
        #expect(BagPath.refusal(path, maximumBytes: 4096) != nil)
    }

    @Test("plain bag paths pass", arguments: ["bag/", "bag/data/originals/ação 100%.pdf", "bag/data/linha\nnova"])
    func safePaths(path: String) {
        #expect(BagPath.refusal(path, maximumBytes: 4096) == nil)
    }

    @Test("long bag-info values fold at spaces within the width and unfold to the same value")
    func folding() {
        let long = (1...40).map { "palavra\($0)" }.joined(separator: " ")
        let info = BagInfo([("External-Description", long), ("Payload-Oxum", "10.2")])
        let text = info.text
        #expect(text.split(separator: "\n").count > 3)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= BagInfo.foldWidth })
        let parsed = BagInfo(parsing: text)
        #expect(parsed["external-description"] == long)
        #expect(parsed["Payload-Oxum"] == "10.2")
    }
}
