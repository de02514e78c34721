@testable import AcervoStore
import Foundation
import Testing

@Suite struct StoreNameTests {
    @Test(arguments: [
        ("../../etc/passwd", "passwd", true),
        ("..\\..\\Windows\\win.ini", "win.ini", true),
        ("/absolute/path/nota.pdf", "nota.pdf", true),
        ("nota\u{0}fiscal.pdf", "notafiscal.pdf", true),
        ("foto\u{1B}[31m\n.jpg", "foto[31m.jpg", true),
        ("recibo\u{202E}fdp.exe", "recibofdp.exe", true),
        (".hidden", "hidden", true),
        ("...", "file", true),
        ("..", "file", true),
        ("", "file", true),
        ("a/..", "a", true),
        ("CON.txt", "_CON.txt", true),
        ("what?<>|*.pdf", "what_____.pdf", true),
        ("trailing. ", "trailing", true),
        ("Conta de luz.pdf", "Conta de luz.pdf", false),
        ("Certidão.pdf", "Certidão.pdf", false),
    ])
    func sanitizes(declared: String, expected: String, changed: Bool) {
        let result = StoredName.sanitize(declared)
        #expect(result.name == expected)
        #expect(Array(result.name.utf8) == Array(expected.utf8))
        #expect(result.changed == changed)
    }

    @Test func decomposedUnicodeBecomesNFC() {
        let decomposed = "Certida\u{0303}o.pdf"
        let result = StoredName.sanitize(decomposed)
        #expect(Array(result.name.utf8) == Array("Certid\u{00E3}o.pdf".utf8))
        #expect(result.name.utf8.count == decomposed.utf8.count - 1)
        // Only the normalization changed: the name is the same for a person.
        #expect(result.changed == false)
    }

    @Test(arguments: ["ã", "a\u{0303}", "é", "x", "🇧🇷"])
    func longNamesAreCutOnCharacterBoundariesKeepingTheExtension(unit: String) {
        let declared = String(repeating: unit, count: 300) + ".pdf"
        let result = StoredName.sanitize(declared)
        #expect(result.changed)
        #expect(result.name.utf8.count <= StoredName.maximumByteCount)
        #expect(result.name.utf8.count > StoredName.maximumByteCount - 8)
        #expect(result.name.hasSuffix(".pdf"))
        // Valid UTF-8 made only of whole units: nothing cut inside a character.
        let stem = result.name.dropLast(4)
        let nfcUnit = unit.precomposedStringWithCanonicalMapping
        #expect(stem.count == stem.utf8.count / nfcUnit.utf8.count)
        #expect(stem.allSatisfy { String($0) == nfcUnit })
    }

    @Test func sanitizingIsIdempotent() {
        for name in ["../../etc/passwd", ".hidden", String(repeating: "ç", count: 200) + ".jpeg", "nul", "a\u{0}b"] {
            let once = StoredName.sanitize(name).name
            #expect(StoredName.sanitize(once).name == once)
            #expect(StoredName.sanitize(once).changed == false)
        }
    }
}
