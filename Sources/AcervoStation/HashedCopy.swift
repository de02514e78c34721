import AcervoCore
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Copies a file into the station's hands, hashing it on the way and syncing the copy: the filer reads
/// the copy, so a scanner that rewrites the original later can never make a half-stored page.
enum HashedCopy {
    /// Copies `source` to `target`; returns the SHA-256 (lowercase hex) and the byte count.
    static func copy(_ source: String, to target: String) throws(AcervoError) -> (sha256: String, byteCount: Int64) {
        let input = open(source, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard input >= 0 else { throw AcervoError.system("open", path: source, errno: errno) }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw AcervoError.system("open", path: target, errno: errno) }
        defer { close(output) }
        var hasher = SHA256()
        var total: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw AcervoError.system("read", path: source, errno: errno)
            }
            if count == 0 { break }
            var written = 0
            while written < count {
                let n = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, count - written) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw AcervoError.system("write", path: target, errno: errno)
                }
                written += n
            }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            total += Int64(count)
        }
        guard fsync(output) == 0 else { throw AcervoError.system("fsync", path: target, errno: errno) }
        return (hasher.finalize().map { String(format: "%02x", $0) }.joined(), total)
    }

    /// The SHA-256 of a file, lowercase hex, or `nil` when it cannot be read.
    static func sha256(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
