import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// The PIN of the operator's certificate, read from the file the operator named.
///
/// The PIN lives only in a buffer this type allocates, for the length of one call: it is never copied into
/// a Swift string, logged, stored or put into an error, and the buffer is overwritten (`OPENSSL_cleanse`,
/// which the compiler cannot remove) before it is freed. One trailing newline (`\n` or `\r\n`) is not part
/// of the PIN: editors add one.
enum PINFile {
    /// The largest PIN file read; PINs are short, and a large file is a wrong path.
    static let maximumBytes = 1024

    /// Reads the PIN at `path` and calls `body` with it as a NUL-terminated C string and its length.
    static func withPIN<T>(at path: String, _ body: (UnsafePointer<CChar>, Int32) throws -> T) throws -> T {
        let capacity = maximumBytes + 4  // the PIN, a CR LF, one byte that shows the file is too large, the NUL
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        buffer.initialize(repeating: 0, count: capacity)
        defer {
            OPENSSL_cleanse(buffer, capacity)
            buffer.deallocate()
        }
        var length = try read(path, into: buffer, capacity: capacity - 1)
        if length > 0, buffer[length - 1] == 0x0A { length -= 1 }
        if length > 0, buffer[length - 1] == 0x0D { length -= 1 }
        buffer[length] = 0
        return try body(buffer, Int32(length))
    }

    private static func read(_ path: String, into buffer: UnsafeMutablePointer<CChar>, capacity: Int) throws -> Int {
        func unreadable(_ reasonEnglish: String, _ reasonPortuguese: String) -> SigningError {
            SigningError(.pinFileUnreadable,
                         english: "cannot read the PIN file \(path): \(reasonEnglish)",
                         portuguese: "não foi possível ler o arquivo do PIN \(path): \(reasonPortuguese)")
        }
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) } while fd < 0 && errno == EINTR
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw unreadable(reason, reason)
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw unreadable("not a regular file", "não é um arquivo comum")
        }
        var total = 0
        while total < capacity {
            let count = Glibc.read(fd, buffer + total, capacity - total)
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                throw unreadable(reason, reason)
            }
            if count == 0 { break }
            total += count
        }
        guard total <= maximumBytes + 2 else {  // a PIN, its newline, and no more
            throw unreadable("larger than \(maximumBytes) bytes", "maior do que \(maximumBytes) bytes")
        }
        return total
    }
}
