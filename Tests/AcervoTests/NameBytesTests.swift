import Foundation
import Testing

/// File names are bytes: a name that is not UTF-8 still names its file, and a name too long for the
/// system says so.
@Suite("Names as bytes")
struct NameBytesTests {
    @Test("a Latin-1 name from an old scanner is taken in, declared with its byte escaped")
    func latin1Name() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        // relatório.txt in Latin-1: ó is the single byte 0xF3, which is not UTF-8.
        let path = Array(dir.url.path.utf8) + Array("/relat".utf8) + [0xF3] + Array("rio.txt".utf8)
        let fd = (path.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
            open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        }
        #expect(fd >= 0)
        #expect(write(fd, "recibo de compra\n", 17) == 17)
        close(fd)
        // The name must reach the command as bytes, which only a shell (or exec) can give it.
        let script = #"cd "$1" && exec "$0" intake --store "$1/store" --case MS-2026-001700 --kind other --json "relat$(printf '\363')rio.txt""#
        let result = try runCommand(URL(fileURLWithPath: "/bin/sh"), ["-c", script, acervoExecutable.path, dir.url.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"file\":\"relat%F3rio.txt\""), "\(result.stdout)")
        #expect(result.stdout.contains("\"verdict\":\"accepted\""), "\(result.stdout)")
        #expect(result.stdout.contains("\"bytes\":17"), "\(result.stdout)")
    }

    @Test("a path longer than PATH_MAX is named too long, not missing")
    func pathTooLong() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let long = dir.url.path + "/" + Array(repeating: String(repeating: "d", count: 200), count: 25).joined(separator: "/")
        let result = try runCommand(acervoExecutable, ["intake", "--store", dir.url.appending(path: "store").path,
                                                       "--case", "MS-2026-001701", "--kind", "other", long])
        #expect(result.status == 64)
        #expect(result.stderr.contains("File name too long"), "\(result.stderr)")
        #expect(!result.stderr.contains("no such file"))
    }
}
