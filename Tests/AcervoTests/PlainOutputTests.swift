import Foundation
import Testing

/// What the command prints for people: names that cannot touch the terminal, and long command lines
/// that mean what a list file means.
@Suite("Plain output")
struct PlainOutputTests {
    @Test("ESC, CR and other control characters in a name are escaped in sniff, intake and normalize output")
    func controlCharactersEscaped() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let name = "a\u{1B}[2Jlimpa\rfalso\u{202E}gpj.png"
        let file = try dir.file(name, TinyImages.png)
        let sniff = try runCommand(acervoExecutable, ["sniff", file.path])
        let intake = try runCommand(acervoExecutable, ["intake", "--store", dir.url.appending(path: "store").path,
                                                       "--case", "MS-2026-001800", "--kind", "screenshot", file.path])
        let normalize = try runCommand(acervoExecutable, ["normalize", "--output", dir.url.appending(path: "out").path, file.path])
        for result in [sniff, intake, normalize] {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stdout.contains("\u{1B}") && !result.stdout.contains("\r") && !result.stdout.contains("\u{202E}"),
                    "\(result.stdout)")
            #expect(result.stdout.contains("a\\x1B[2Jlimpa\\x0Dfalso\\u{202E}gpj"), "\(result.stdout)")
        }
    }

    @Test("1,540 names on the command line give sniff what the same names from --files-from give")
    func manyNames() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        var paths: [String] = []
        for index in 0..<1540 { paths.append(try dir.file("f\(index).txt", Data("texto \(index)\n".utf8)).path) }
        paths.append("--")
        paths.append(try dir.file("-começa-com-hífen.txt", Data("x\n".utf8)).path)
        let list = try dir.file("lista.txt", Data(paths.filter { $0 != "--" }.joined(separator: "\n").utf8))
        let fromArguments = try runCommand(acervoExecutable, ["sniff", "--json", "--workers", "2"] + paths)
        let fromList = try runCommand(acervoExecutable, ["sniff", "--json", "--workers", "2", "--files-from", list.path])
        #expect(fromArguments.status == 0, "\(fromArguments.stderr)")
        #expect(fromArguments.stdout.split(separator: "\n").count == 1541)
        #expect(fromArguments.stdout == fromList.stdout)
    }
}
