import AcervoCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Publishes a file whole or not at all: it is written under a hidden temporary name in the
/// destination's directory, synced, renamed over the destination, and the directory synced.
///
/// The destination must be absent or a regular file (a link, a directory or a device is refused, so
/// `--output` can never write through a planted link). On any failure the temporary file is removed
/// and the destination is as it was.
enum DurableOutput {
    /// Runs `write` with a temporary path to fill, then publishes it at `destination`.
    static func publish(_ destination: URL, _ write: (String) throws -> Void) throws {
        try checkReplaceable(destination)
        let directory = destination.deletingLastPathComponent()
        let temp = directory.appendingPathComponent(".\(destination.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AcervoError.io(.create, path: temp.path, errno: errno) }
        close(fd)
        var published = false
        defer { if !published { unlink(temp.path) } }
        try write(temp.path)
        let synced = open(temp.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard synced >= 0 else { throw AcervoError.io(.open, path: temp.path, errno: errno) }
        if fsync(synced) != 0 {
            let code = errno
            close(synced)
            throw AcervoError.io(.sync, path: temp.path, errno: code)
        }
        close(synced)
        try checkReplaceable(destination)
        guard rename(temp.path, destination.path) == 0 else {
            throw AcervoError.io(.move(from: temp.path), path: destination.path, errno: errno)
        }
        published = true
        let dirFD = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            // Some filesystems refuse fsync on a directory (EINVAL); there is nothing more to do there.
            let failed = fsync(dirFD) != 0 && errno != EINVAL
            let code = errno
            close(dirFD)
            if failed { throw AcervoError.io(.syncDirectory, path: directory.path, errno: code) }
        }
    }

    private static func checkReplaceable(_ destination: URL) throws(AcervoError) {
        var info = stat()
        guard lstat(destination.path, &info) == 0 else {
            if errno == ENOENT { return }
            throw AcervoError.io(.inspect, path: destination.path, errno: errno)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw AcervoError(.invalidArgument,
                              english: "refusing to write the document to \(destination.path): it is not a regular file",
                              portuguese: "recusando gravar o documento em \(destination.path): não é um arquivo comum")
        }
    }
}
