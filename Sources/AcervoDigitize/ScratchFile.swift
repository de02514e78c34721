import AcervoCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A nameless temporary file: bytes a library can only read from a file (a PDF page's JPEG, a CCITT
/// stream wrapped as a TIFF), gone from the directory as soon as it is made and from the disk when closed.
final class ScratchFile {
    let descriptor: Int32
    /// The directory it was made in (`TMPDIR`, else `/tmp`), named when it cannot be written.
    let directory: String

    init() throws(PageRefusal) {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(directory)/acervo-page-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .operational(.io(.create, path: "\(directory)/acervo-page-XXXXXX", errno: errno)) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
        self.directory = directory
    }

    deinit { close(descriptor) }

    /// Writes `bytes` from the start of the file.
    func write(_ bytes: UnsafeRawBufferPointer) throws(PageRefusal) {
        var done = 0
        while done < bytes.count {
            let wrote = Glibc.pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(done))
            if wrote < 0 {
                if errno == EINTR { continue }
                throw .operational(.io(.write, path: "\(directory)/acervo-page-…", errno: errno))
            }
            done += wrote
        }
    }

    /// A name libraries that open by name can read it through.
    var path: String { PageFileBytes.path(of: descriptor) }
}

@available(*, unavailable) extension ScratchFile: Sendable {}
