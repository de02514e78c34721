import AcervoCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file that appears whole or not at all: bytes go to a hidden temporary file beside the
/// target, which is synced and renamed over it only when the writer succeeds.
enum AtomicOutput {
    static func write<T>(to target: URL, _ body: (Int32) throws(AcervoError) -> T) throws(AcervoError) -> T {
        let directory = target.deletingLastPathComponent()
        let temp = directory.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw AcervoError(.io, "cannot create \(temp.path): \(String(cString: strerror(errno)))")
        }
        var published = false
        defer {
            if !published { unlink(temp.path) }
        }
        let result: T
        do {
            result = try body(fd)
        } catch {
            close(fd)
            throw error
        }
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            throw AcervoError(.io, "cannot sync \(temp.path): \(String(cString: strerror(code)))")
        }
        close(fd)
        guard rename(temp.path, target.path) == 0 else {
            throw AcervoError(.io, "cannot move the dossier to \(target.path): \(String(cString: strerror(errno)))")
        }
        published = true
        return result
    }
}
