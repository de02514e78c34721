#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the file system holding a path can still take, as `statvfs` says: whether it is mounted read-only,
/// and the bytes free for an unprivileged writer. The one place Acervo asks; a station's disk checks and a
/// failed page copy both read it to tell a full or read-only disk (the machine's failure) from a bad file.
package struct DiskRoom: Sendable, Hashable {
    /// Mounted read-only.
    package var readOnly: Bool
    /// Bytes free for an unprivileged writer.
    package var freeBytes: Int64

    /// The room on the file system holding `path`; `nil` when it cannot be asked (no such path).
    package init?(_ path: String) {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        readOnly = info.f_flag & UInt(ST_RDONLY) != 0
        freeBytes = Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
