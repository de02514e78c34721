public import AcervoCore
public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a digitized document so that its name only ever names a whole file.
///
/// The bytes go to a temporary name beside the destination (`.NAME.partial-XXXXXX`, created with
/// `O_EXCL`), are synced, and the file is renamed over the destination and its directory synced. A
/// failure at any point removes the temporary file and leaves whatever the destination held before.
public enum DocumentOutput {
    /// Creates the temporary file, hands its descriptor to `body` to write, then syncs and publishes it.
    public static func write<T>(to destination: URL, _ body: (Int32) throws(AcervoError) -> T) throws(AcervoError) -> T {
        let directory = destination.deletingLastPathComponent()
        let name = destination.lastPathComponent
        var template = Array(directory.appendingPathComponent(".\(name).partial-XXXXXX").path.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw .io(.create, path: directory.path, errno: errno)
        }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var published = false
        defer {
            if !published { unlink(temporary) }
        }
        var descriptorOpen = true
        defer { if descriptorOpen { close(fd) } }
        let result = try body(fd)
        fchmod(fd, 0o644)
        guard fsync(fd) == 0 else { throw .io(.sync, path: temporary, errno: errno) }
        close(fd)
        descriptorOpen = false
        guard rename(temporary, destination.path) == 0 else {
            throw .io(.move(from: temporary), path: destination.path, errno: errno)
        }
        published = true
        let dirFD = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
        return result
    }
}
