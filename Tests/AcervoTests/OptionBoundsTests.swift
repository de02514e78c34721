import Foundation
import Testing

/// Every numeric option has bounds: a value outside them is a usage error naming the allowed range,
/// before any work (or any libmagic database) is loaded.
@Suite("Option bounds")
struct OptionBoundsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var option: String
        var value: String
        var range: String
        var command: @Sendable (TemporaryDirectory, URL) -> [String]
        var testDescription: String { "\(option) \(value)" }
    }

    static let cases: [Case] = [
        Case(option: "--workers", value: "100000", range: "between 1 and 256") { _, file in ["sniff", "--workers", "100000", file.path] },
        Case(option: "--workers", value: "0", range: "between 1 and 256") { _, file in ["sniff", "--workers", "0", file.path] },
        Case(option: "--max-dimension", value: "2147483647", range: "between 1 and 65500") { dir, file in
            ["normalize", "--output", dir.url.appending(path: "out").path, "--max-dimension", "2147483647", file.path]
        },
        Case(option: "--thumbnail", value: "99999999", range: "between 1 and 65500") { dir, file in
            ["normalize", "--output", dir.url.appending(path: "out").path, "--thumbnail", "99999999", file.path]
        },
        Case(option: "--quality", value: "101", range: "between 1 and 100") { dir, file in
            ["normalize", "--output", dir.url.appending(path: "out").path, "--quality", "101", file.path]
        },
    ]

    @Test("out of bounds is exit 64 with the allowed range, quickly and without output", arguments: cases)
    func outOfBounds(_ c: Case) throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let file = try dir.file("a.png", TinyImages.png)
        let started = ContinuousClock.now
        let result = try runCommand(acervoExecutable, c.command(dir, file))
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("\(c.option) must be \(c.range)"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.url.appending(path: "out").path))
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test("the bounds themselves are accepted")
    func atTheBounds() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let file = try dir.file("a.png", TinyImages.png)
        let sniff = try runCommand(acervoExecutable, ["sniff", "--workers", "256", file.path])
        #expect(sniff.status == 0, "\(sniff.stderr)")
        let normalize = try runCommand(acervoExecutable, ["normalize", "--output", dir.url.appending(path: "out").path,
                                                          "--max-dimension", "65500", "--thumbnail", "1", file.path])
        #expect(normalize.status == 0, "\(normalize.stderr)")
    }
}
