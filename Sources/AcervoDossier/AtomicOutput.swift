import AcervoCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file that appears whole or not at all: bytes go to a hidden temporary file beside the
/// target, which is synced and renamed over it only when the writer succeeds.
///
/// The target must be absent or a regular file: a device, a FIFO, a directory or a symbolic link at the
/// output path is refused before any work and again just before the rename, so `--output /dev/full` or a
/// planted link can never be replaced by a dossier. The writer holds an exclusive `flock` on its
/// temporary file for as long as it lives; a temporary file nobody holds (its writer was killed) is
/// removed by the next write to the same target.
enum AtomicOutput {
    /// Temporary files younger than this are never reclaimed, even unlocked: their writer may be between
    /// creating the file and locking it.
    static let reclaimAge: TimeInterval = 60

    static func write<T>(to target: URL, _ body: (Int32) throws(AcervoError) -> T) throws(AcervoError) -> T {
        try checkReplaceable(target)
        let directory = target.deletingLastPathComponent()
        let prefix = ".\(target.lastPathComponent).partial-"
        reclaimAbandoned(in: directory, prefix: prefix)
        let temp = directory.appendingPathComponent(prefix + UUID().uuidString.prefix(8))
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw .io(.create, path: temp.path, errno: errno)
        }
        _ = flock(fd, LOCK_EX | LOCK_NB)
        var published = false
        defer {
            if !published { unlink(temp.path) }
        }
        let result: T
        do {
            result = try body(fd)
        } catch {
            close(fd)
            // A write to the descriptor failed: the error is about this file, which the writer could not name.
            if error.path == nil, let code = error.errno { throw .io(.write, path: temp.path, errno: code) }
            throw error
        }
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            throw .io(.sync, path: temp.path, errno: code)
        }
        close(fd)
        try checkReplaceable(target)
        guard rename(temp.path, target.path) == 0 else {
            throw .io(.move(from: temp.path), path: target.path, errno: errno)
        }
        published = true
        return result
    }

    /// Throws unless `target` is absent or a regular file (not followed if it is a link).
    static func checkReplaceable(_ target: URL) throws(AcervoError) {
        var info = stat()
        guard lstat(target.path, &info) == 0 else {
            if errno == ENOENT { return }
            throw .io(.inspect, path: target.path, errno: errno)
        }
        let kind: (String, String)? = switch info.st_mode & S_IFMT {
        case S_IFREG: nil
        case S_IFLNK: ("a symbolic link", "um link simbólico")
        case S_IFDIR: ("a directory", "um diretório")
        case S_IFCHR, S_IFBLK: ("a device", "um dispositivo")
        case S_IFIFO: ("a FIFO", "um FIFO")
        default: ("not a regular file", "não é um arquivo comum")
        }
        if let (english, portuguese) = kind {
            throw AcervoError(.invalidArgument, """
                refusing to write the dossier to \(target.path): it is \(english); only an absent path or a regular \
                file is replaced / recusando gravar o dossiê em \(target.path): é \(portuguese); só um caminho \
                inexistente ou um arquivo comum é substituído
                """)
        }
    }

    /// Removes the temporary files of earlier writes to the same target whose writer is gone: older than
    /// `reclaimAge` and not locked by anyone.
    static func reclaimAbandoned(in directory: URL, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        let now = Date().timeIntervalSince1970
        for name in names where name.hasPrefix(prefix) {
            let path = directory.appendingPathComponent(name).path
            let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            #if canImport(Darwin)
            let modified = TimeInterval(info.st_mtimespec.tv_sec)
            #else
            let modified = TimeInterval(info.st_mtim.tv_sec)
            #endif
            guard now - modified >= reclaimAge,
                  flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            unlink(path)
        }
    }
}
