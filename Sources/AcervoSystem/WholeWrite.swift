#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes every byte of `bytes` to `fd`, retrying short writes and interruptions: `nil`, or the `errno`
/// of the failure (`EIO` for a write that makes no progress). The one loop behind every file Acervo
/// writes from a buffer: staging, store files, dossiers, extraction.
package func writeWhole(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
    guard let base = bytes.baseAddress else { return nil }
    var offset = 0
    while offset < bytes.count {
        let n = retryingInterrupted { write(fd, base + offset, bytes.count - offset) }
        if n < 0 { return errno }
        if n == 0 { return EIO }
        offset += n
    }
    return nil
}
