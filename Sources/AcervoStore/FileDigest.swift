import AcervoCore
import AcervoSystem
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SHA-256 and SHA-512 of a file and its size, read once in bounded chunks, the two digests on two cores.
///
/// The store recomputes both at commit: SHA-512 is OCFL's inventory digest, and SHA-256 must match
/// what the receive stage recorded, so a record can never describe other bytes than those stored.
struct FileDigest: Sendable, Equatable {
    var byteCount: Int64
    var sha256: String
    var sha512: String

    static let chunkSize = 1 << 20

    static func of(_ url: URL) throws(AcervoError) -> FileDigest {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DurableFiles.ioError(.open, url) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw DurableFiles.ioError(.inspect, url) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw .notRegularFile(path: url.path) }
        var h256 = SHA256()
        let h512 = LaneHasher<SHA512>(label: "acervo.store.sha512")
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let n = retryingInterrupted { read(fd, buffer.baseAddress!, chunkSize) }
            if n < 0 { throw DurableFiles.ioError(.read, url) }
            if n == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            // SHA-512 has no instructions of its own here and costs twice SHA-256: it runs on a second
            // core while this one does SHA-256, and the buffer is reused only once both are done.
            let hashed = h512.update(chunk)
            h256.update(bufferPointer: chunk)
            hashed.wait()
            total += Int64(n)
        }
        return FileDigest(byteCount: total, sha256: Hex.string(h256.finalize()), sha512: Hex.string(h512.finalize()))
    }
}
