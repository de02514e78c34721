import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A tmpfs of a few megabytes mounted for one test, to run Acervo on a disk that fills up. Mounting needs
/// root (or CAP_SYS_ADMIN); where it is not permitted, `mountable` is false and the tests that need one
/// are skipped, saying so.
final class SmallFileSystem: Sendable {
    /// The mount point.
    let url: URL

    /// Mounts a tmpfs of `bytes` on a fresh directory, read-only when `readOnly` (nothing can be created in it).
    init(bytes: Int, readOnly: Bool = false) throws {
        url = FileManager.default.temporaryDirectory.appending(path: "acervo-small-fs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let result = try runCommand(URL(fileURLWithPath: "/bin/mount"),
                                    ["-t", "tmpfs", "-o", "size=\(bytes),mode=0700\(readOnly ? ",ro" : "")", "tmpfs", url.path])
        guard result.status == 0 else {
            try? FileManager.default.removeItem(at: url)
            throw SmallFileSystemError(description: "mount tmpfs: \(result.stderr)")
        }
    }

    /// Unmounts it and removes the mount point. A store or journal still open on it (its owner not yet
    /// released) makes it busy: it is then detached at once and freed when the last file closes.
    func unmount() {
        let result = try? runCommand(URL(fileURLWithPath: "/bin/umount"), [url.path])
        if result?.status != 0 { _ = try? runCommand(URL(fileURLWithPath: "/bin/umount"), ["-l", url.path]) }
        try? FileManager.default.removeItem(at: url)
    }

    /// Bytes a new file can still take.
    var available: Int {
        var info = statvfs()
        guard statvfs(url.path, &info) == 0 else { return 0 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// Fills the file system until only `leaving` bytes (rounded to whole pages) are free.
    func fill(leaving: Int) throws {
        let size = available - leaving
        guard size > 0 else { return }
        try Data(count: size).write(to: url.appending(path: "filler"))
    }

    /// Whether this process may mount a tmpfs.
    static let mountable: Bool = {
        guard let probe = try? SmallFileSystem(bytes: 1 << 20) else { return false }
        probe.unmount()
        return true
    }()
}

struct SmallFileSystemError: Error, CustomStringConvertible {
    var description: String
}
