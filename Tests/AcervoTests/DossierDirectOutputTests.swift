@testable import AcervoDossier
import AcervoSystem
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The dossier's output path: direct I/O with aligned buffers where the file system offers it, plain
/// writes where it does not; either way the file holds exactly the bytes given, in order.
@Suite("Dossier: direct output")
struct DossierDirectOutputTests {
    /// Sizes that cross the 8 MiB buffers and the 4 KiB alignment in every way: tiny pieces, one byte
    /// short of and past a buffer, and a tail that is not a whole block.
    static let pieces = [1, 4095, 4097, 8 << 20, (8 << 20) - 1, 3, 1 << 20, (8 << 20) + 1, 12_345, 0, 777]

    @Test("the file holds every byte given, in order, whatever the piece sizes")
    func bytesArriveWhole() throws {
        let directory = TemporaryDirectory("dossier-direct")
        defer { directory.cleanUp() }
        // The temporary directory's file system decides the path: ext4 takes direct I/O, tmpfs refuses it.
        let path = directory.url.appending(path: "out.bin").path
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        // Whether this file system takes direct I/O at all, asked on a file of its own.
        let probePath = directory.url.appending(path: "probe.bin").path
        let probe = open(probePath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        try #require(probe >= 0)
        let directSupported = DirectIO.set(probe, on: true)
        close(probe)
        var expected = [UInt8]()
        var seed: UInt32 = 12_345
        do {
            let output = DirectOutput(fileDescriptor: fd)
            // Where the file system offers direct I/O, the dossier must use it: that is the point.
            #expect(output.direct == directSupported)
            for size in Self.pieces {
                var piece = [UInt8](repeating: 0, count: size)
                for i in piece.indices {
                    seed = seed &* 1_103_515_245 &+ 12_345
                    piece[i] = UInt8(truncatingIfNeeded: seed >> 16)
                }
                expected += piece
                let code = piece.withUnsafeBytes { output.append($0) }
                #expect(code == 0)
            }
            #expect(output.finish() == 0)
        }
        #expect(fsync(fd) == 0)
        close(fd)
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(written.count == expected.count)
        #expect(written == expected)
    }

    @Test("a write that fails is reported, not lost")
    func failureIsReported() throws {
        let fd = open("/dev/full", O_WRONLY | O_CLOEXEC)
        try #require(fd >= 0)
        defer { close(fd) }
        let output = DirectOutput(fileDescriptor: fd)
        let piece = [UInt8](repeating: 7, count: 9 << 20)
        var code = piece.withUnsafeBytes { output.append($0) }
        if code == 0 { code = output.finish() }
        #expect(code == ENOSPC)
    }
}
