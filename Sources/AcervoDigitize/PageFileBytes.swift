import AcervoCore
import AcervoSystem
#if canImport(Glibc)
import Glibc
#endif

/// Reading a page file's bytes from an open descriptor, as far as a reader needs and no further.
enum PageFileBytes {
    /// Up to `count` bytes from the start of the file (fewer when it is shorter); `name` is the file's
    /// path, for the error a read failure is.
    static func prefix(_ fd: Int32, _ count: Int, name: String) throws(PageRefusal) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(0, count))
        let read = bytes.withUnsafeMutableBytes { readWhole(fd, into: $0, at: 0) }
        if let failure = read.failure { throw .operational(.io(.read, path: name, errno: failure)) }
        bytes.removeSubrange(read.count...)
        return bytes
    }

    /// The path through which a library that opens files by name reads exactly the file already open at
    /// `fd` (the kernel's link to the open file, so no name can be swapped under it).
    static func path(of fd: Int32) -> String { "/proc/self/fd/\(fd)" }
}

/// A page file open for reading, closed when this goes away.
final class OpenPageFile {
    let descriptor: Int32
    let size: Int

    init(_ path: String) throws(AcervoError) {
        (descriptor, size) = try PageFileOpening.open(path)
    }

    deinit { close(descriptor) }
}

@available(*, unavailable) extension OpenPageFile: Sendable {}
