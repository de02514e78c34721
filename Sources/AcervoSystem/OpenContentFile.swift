package import AcervoCore
package import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stored file open for reading, read in bounded chunks: the bytes of an original or a derivative as
/// the store hands them to a caller. Closed when the last reference goes.
package final class OpenContentFile: Sendable {
    private let descriptor: Int32
    /// The file, for messages.
    package let url: URL
    /// Its size when it was opened.
    package let byteCount: Int64

    package init(_ url: URL) throws(AcervoError) {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DurableFiles.ioError(.open, url) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            let error = DurableFiles.ioError(.read, url)
            close(fd)
            throw error
        }
        self.descriptor = fd
        self.url = url
        self.byteCount = Int64(st.st_size)
    }

    deinit { close(descriptor) }

    /// Reads up to `count` bytes at `offset`; an empty result is the end of the file. Blocking: call it
    /// off the cooperative pool.
    package func read(at offset: Int64, count: Int) throws(AcervoError) -> Data {
        var data = Data(count: count)
        let read = data.withUnsafeMutableBytes { readWhole(descriptor, into: $0, at: offset) }
        if let failure = read.failure { throw DurableFiles.ioError(.read, url, errno: failure) }
        return read.count == count ? data : data.prefix(read.count)
    }
}
