import Foundation
import Testing

/// The `acervo` command as scripts use it: the real executable, its output and exit status.
@Suite("Command", .serialized)
struct CommandTests {
    func acervo(_ arguments: String...) throws -> CommandResult {
        try runCommand(acervoExecutable, arguments)
    }

    func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test("intake --json prints one object per file with the documented fields; exit 0 whatever the verdicts")
    func intakeJSON() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let good = try dir.file("conversa.png", TinyImages.png)
        let bad = try dir.file("virus.jpg", Data("#!/bin/sh\necho hi\n".utf8))
        let store = dir.url.appending(path: "store").path
        let result = try acervo("intake", "--store", store, "--case", "MS-2024-000123", "--kind", "screenshot", "--json",
                                good.path, bad.path)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try jsonLines(result.stdout)
        #expect(lines.count == 2)
        for key in ["file", "kind", "verdict", "reasons", "mime", "sha256", "evidence", "format", "bytes", "case"] {
            #expect(lines.allSatisfy { $0[key] != nil }, "missing \(key)")
        }
        #expect(lines[0]["verdict"] as? String == "accepted")
        #expect(lines[0]["mime"] as? String == "image/png")
        #expect((lines[0]["stored_path"] as? String)?.hasPrefix("originals/") == true)
        #expect(lines[1]["verdict"] as? String == "rejected")
        let reasons = try #require(lines[1]["reasons"] as? [[String: Any]])
        #expect(reasons.first?["code"] as? String == "forbidden-type")
        #expect((reasons.first?["message"] as? String)?.isEmpty == false)
        #expect((reasons.first?["message_pt"] as? String)?.isEmpty == false)
    }

    @Test("an unknown kind, a missing file or a bad protocol number is a clear usage error")
    func usageErrors() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let file = try dir.file("a.png", TinyImages.png)
        let store = dir.url.appending(path: "store").path
        let unknownKind = try acervo("intake", "--store", store, "--case", "MS-1", "--kind", "selfie", file.path)
        #expect(unknownKind.status == 64)
        #expect(unknownKind.stderr.contains("selfie"))
        #expect(unknownKind.stderr.contains("proof-of-address"), "lists the kinds")
        let shouted = try acervo("intake", "--store", store, "--case", "MS-1", "--kind", "PHOTO", file.path)
        #expect(shouted.status == 64, "kinds are identifiers: PHOTO is not photo")
        #expect(shouted.stderr.contains("PHOTO"))
        let missing = try acervo("intake", "--store", store, "--case", "MS-1", "--kind", "photo", "/nonexistent/x.jpg")
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("/nonexistent/x.jpg"))
        let badCase = try acervo("intake", "--store", store, "--case", "../etc", "--kind", "photo", file.path)
        #expect(badCase.status == 64)
        #expect(!FileManager.default.fileExists(atPath: store), "nothing created on a usage error")
    }

    @Test("a store directory that holds something else is refused and left untouched")
    func foreignDirectoryRefused() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let file = try dir.file("a.png", TinyImages.png)
        let foreign = dir.url.appending(path: "documentos")
        let precious = try dir.file("documentos/planilha.csv", Data("a,b\n1,2\n".utf8))
        let result = try acervo("intake", "--store", foreign.path, "--case", "MS-2", "--kind", "photo", file.path)
        #expect(result.status == 70)
        #expect(!result.stderr.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: foreign.path) == ["planilha.csv"])
        #expect(try Data(contentsOf: precious) == Data("a,b\n1,2\n".utf8))
    }

    @Test("sniff tells the content, not the name, and stores nothing")
    func sniff() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let png = try dir.file("nota.pdf", TinyImages.png)
        let pdf = try dir.file("foto.jpg", TinyDocuments.pdfWithJavaScript)
        let result = try acervo("sniff", "--json", png.path, pdf.path)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try jsonLines(result.stdout)
        #expect(lines.map { $0["format"] as? String } == ["png", "pdf"])
        #expect(lines.map { $0["file"] as? String } == [png.path, pdf.path])
        let findings = try #require(lines[1]["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["code"] as? String == "active-content" })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted() == ["foto.jpg", "nota.pdf"])
    }

    @Test("sniff --files-from reads a list as scanning stations write it: CRLF, blank lines, accents, spaces")
    func sniffFilesFrom() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let png = try dir.file("declaração de residência.png", TinyImages.png)
        let pdf = try dir.file("nota.pdf", TinyDocuments.pdfWithJavaScript)
        let missing = dir.url.appending(path: "sumiu.jpg").path
        // A NUL inside a name must not open the file named by the part before it.
        let truncated = png.path + "\u{0}.pdf"
        let list = try dir.file("lista.txt", Data("\(png.path)\r\n\r\n\(pdf.path)\r\n\(missing)\n\n\(png.path)\n\(truncated)\n".utf8))
        let result = try acervo("sniff", "--json", "--files-from", list.path)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try jsonLines(result.stdout)
        #expect(lines.map { $0["file"] as? String } == [png.path, pdf.path, missing, png.path, truncated], "in list order")
        #expect(lines.map { $0["format"] as? String } == ["png", "pdf", "unknown", "png", "unknown"])
        for index in [2, 4] {
            let unreadable = try #require(lines[index]["findings"] as? [[String: Any]])
            #expect(unreadable.first?["code"] as? String == "unreadable")
        }
        let absent = try acervo("sniff", "--files-from", dir.url.appending(path: "nenhuma.txt").path)
        #expect(absent.status == 64)
        #expect(absent.stderr.contains("nenhuma.txt"))
    }

    @Test("the command needs neither libarchive, libheif, Tesseract nor zbar (and what they bring) to start: they open on first use",
          .enabled(if: which("readelf") != nil))
    func lazyLibraries() throws {
        let dynamic = try runCommand(which("readelf")!, ["-d", acervoExecutable.path])
        #expect(dynamic.status == 0, "\(dynamic.stderr)")
        let needed = dynamic.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(needed.contains { $0.contains("libmagic") }, "readelf lists the libraries: \(needed)")
        // Tesseract brings libarchive, libcurl and Leptonica with it; zbar X11, D-Bus and video libraries.
        for lazy in ["libarchive", "libheif", "libtesseract", "liblept", "libcurl", "libzbar", "libX11", "libdbus"] {
            #expect(!needed.contains { $0.contains("[\(lazy)") }, "\(lazy) is linked: \(needed)")
        }
        // And the lazily opened ones still answer.
        let versions = try acervo("versions")
        let lines = versions.stdout.split(separator: "\n")
        let archiveLine = lines.first { $0.hasPrefix("libarchive") }
        #expect(archiveLine?.hasPrefix("libarchive 3.") == true, "\(versions.stdout)")
        let tesseractLine = lines.first { $0.hasPrefix("tesseract") }
        #expect(tesseractLine?.hasPrefix("tesseract 5.") == true, "\(versions.stdout)")
        #expect(lines.contains { $0.hasPrefix("qpdf 11.") }, "\(versions.stdout)")
    }

    @Test("case list and case show describe what the intake stored")
    func caseListAndShow() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let file = try dir.file("comprovante.png", TinyImages.png)
        let store = dir.url.appending(path: "store").path
        _ = try acervo("intake", "--store", store, "--case", "MS-2024-000123", "--kind", "proof-of-address", file.path)
        let list = try acervo("case", "list", "--store", store, "--json")
        #expect(list.status == 0)
        let cases = try jsonLines(list.stdout)
        #expect(cases.count == 1)
        #expect(cases.first?["case"] as? String == "MS-2024-000123")
        let show = try acervo("case", "show", "MS-2024-000123", "--store", store, "--json")
        #expect(show.status == 0, "\(show.stderr)")
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let evidence = try #require(detail["evidence_records"] as? [[String: Any]])
        #expect(evidence.first?["name"] as? String == "comprovante.png")
        let events = try #require(detail["events"] as? [[String: Any]])
        #expect(events.map { $0["type"] as? String }.contains("stored"))
        let text = try acervo("case", "show", "MS-2024-000123", "--store", store)
        #expect(text.stdout.contains("comprovante.png"))
        let absent = try acervo("case", "show", "MS-2024-999999", "--store", store)
        #expect(absent.status != 0)
    }

    @Test("store verify is clean on a good store and names the culprit after tampering; reindex rebuilds the ledger")
    func verifyAndReindex() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let file = try dir.file("contrato.pdf", TinyDocuments.pdf())
        let store = dir.url.appending(path: "store")
        _ = try acervo("intake", "--store", store.path, "--case", "MS-2024-000200", "--kind", "contract", file.path)
        let clean = try acervo("store", "verify", "--store", store.path)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")

        try FileManager.default.removeItem(at: store.appending(path: "ledger.sqlite"))
        let reindex = try acervo("store", "reindex", "--store", store.path)
        #expect(reindex.status == 0, "\(reindex.stderr)")
        let list = try acervo("case", "list", "--store", store.path, "--json")
        #expect(list.stdout.contains("MS-2024-000200"))

        let content = store.appending(path: "objects/MS-2024-000200/v1/content/originals")
        let evidenceDir = try #require(try FileManager.default.contentsOfDirectory(atPath: content.path).first)
        let original = content.appending(path: "\(evidenceDir)/contrato.pdf")
        var bytes = try Data(contentsOf: original)
        bytes[20] ^= 1
        try bytes.write(to: original)
        let tampered = try acervo("store", "verify", "--store", store.path)
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("contrato.pdf"), "\(tampered.stdout)")
    }
}
