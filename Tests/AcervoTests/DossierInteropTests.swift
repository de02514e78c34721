import AcervoCore
@testable import AcervoDossier
import Foundation
import Testing

/// Bags made by other tools: `verify` reads them too, whatever their entry order or algorithms.
@Suite("Dossier interoperability")
struct DossierInteropTests {
    @Test("a bag made by bagit-python and archived by another tool verifies; a changed byte in it is named",
          .enabled(if: which("bagit.py") != nil), arguments: [DossierFormat.tar, .zip])
    func bagitPythonBag(format: DossierFormat) async throws {
        let dir = TemporaryDirectory("acervo-interop")
        defer { dir.cleanUp() }
        let bag = dir.url.appending(path: "alheio")
        _ = try dir.file("alheio/nota fiscal.pdf", Array("%PDF-1.4 nota\n".utf8))
        _ = try dir.file("alheio/fotos/porta.jpg", [0xFF, 0xD8, 0xFF, 0xD9])
        let made = try #require(try runValidator("bagit.py", ["--sha256", "--sha512", "--source-organization", "Outro Procon", bag.path]))
        #expect(made.status == 0, "\(made.stderr)")

        // Archive it in directory order, tag files and payload mixed: not the order Acervo writes.
        var entries: [RawEntry] = [RawEntry(path: "alheio/", kind: .directory)]
        let walker = try #require(FileManager.default.enumerator(atPath: bag.path))
        for case let relative as String in walker {
            let full = bag.appending(path: relative)
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: full.path, isDirectory: &isDirectory)
            entries.append(isDirectory.boolValue ? RawEntry(path: "alheio/\(relative)/", kind: .directory)
                : RawEntry(path: "alheio/\(relative)", bytes: [UInt8](try Data(contentsOf: full))))
        }
        let archive = dir.url.appending(path: "alheio.\(format.fileExtension)")
        try writeEntries(entries, to: archive, format: format)
        let check = try await Dossier.verify(archive)
        #expect(check.isValid, "\(check.problems)")
        #expect(check.bagInfo?["Source-Organization"] == "Outro Procon")
        #expect(check.payloadFiles == 2)

        let i = try #require(entries.firstIndex { $0.path.hasSuffix("porta.jpg") })
        entries[i].bytes[1] ^= 0x01
        try writeEntries(entries, to: archive, format: format)
        let tampered = try await Dossier.verify(archive)
        #expect(tampered.problems.contains { $0.kind == .changed && $0.path == "data/fotos/porta.jpg" }, "\(tampered.problems)")
    }
}
