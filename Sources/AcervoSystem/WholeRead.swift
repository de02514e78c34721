#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `readWhole` read: the bytes it filled, and the `errno` that stopped it early, if one did.
package struct WholeRead: Sendable {
    /// Bytes read into the buffer from its start; fewer than its size when the file ended or a read failed.
    package var count: Int
    /// The `errno` of the read that failed, `nil` when the buffer filled or the file ended.
    package var failure: Int32?
}

/// Fills `buffer` from `fd`, at `offset` (`pread`) or at the file's position (`read`), retrying short
/// reads and interruptions; stops at the end of the file or at the first failure. The one loop behind
/// every buffer Acervo reads whole: stored files, identification windows, the store's own files.
package func readWhole(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64? = nil) -> WholeRead {
    guard let base = buffer.baseAddress else { return WholeRead(count: 0, failure: nil) }
    var total = 0
    while total < buffer.count {
        let n = retryingInterrupted {
            if let offset { pread(fd, base + total, buffer.count - total, off_t(offset) + off_t(total)) }
            else { read(fd, base + total, buffer.count - total) }
        }
        if n < 0 { return WholeRead(count: total, failure: errno) }
        if n == 0 { break }
        total += n
    }
    return WholeRead(count: total, failure: nil)
}
