import AcervoCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The file system acts of the station: a file's identity by `lstat`, moves that never overwrite, and
/// copies hashed on the way.
enum FileMoves {
    /// What `lstat` says of a regular file: enough to tell whether it changed.
    struct Identity: Equatable, Hashable {
        var size: Int64
        var mtimeNanoseconds: Int64
        var inode: UInt64
    }

    /// Whether `path` is a regular file, a folder, or something else (or nothing).
    enum Kind { case file(Identity), folder, other, missing }

    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return .file(Identity(size: Int64(info.st_size),
                                  mtimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                                  inode: UInt64(info.st_ino)))
        case S_IFDIR: return .folder
        default: return .other
        }
    }

    static func identity(_ path: String) -> Identity? {
        if case .file(let identity) = kind(path) { return identity }
        return nil
    }

    /// A free name for `target`: itself, or `name (2).ext`, `name (3).ext`… when taken.
    static func freeName(_ target: URL) -> URL {
        guard FileManager.default.fileExists(atPath: target.path) || lexists(target.path) else { return target }
        let folder = target.deletingLastPathComponent()
        let ext = target.pathExtension
        let stem = target.deletingPathExtension().lastPathComponent
        for n in 2... {
            let candidate = folder.appending(path: ext.isEmpty ? "\(stem) (\(n))" : "\(stem) (\(n)).\(ext)")
            if !lexists(candidate.path) && !lexists(candidate.path + ".motivo.txt") { return candidate }
        }
        return target
    }

    private static func lexists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Renames `source` to `target`, making `target`'s folder; never replaces an existing file. Across file
    /// systems it copies, syncs, then removes the original; a copy a killed move left whole at `target` is
    /// recognized by its content, and the move only finishes.
    static func move(_ source: URL, to target: URL) throws(AcervoError) {
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw AcervoError.system("mkdir", path: target.deletingLastPathComponent().path, errno: AcervoError.posixCode(of: error) ?? EIO)
        }
        if lexists(target.path) {
            guard let copied = HashedCopy.sha256(target.path), copied == HashedCopy.sha256(source.path) else {
                throw AcervoError.system("rename", path: target.path, errno: EEXIST)
            }
            return try remove(source)
        }
        guard rename(source.path, target.path) == 0 else {
            let code = errno
            guard code == EXDEV else { throw AcervoError.system("rename", path: source.path, errno: code) }
            return try copyAcross(source, to: target)
        }
        syncFile(target.deletingLastPathComponent().path)
    }

    /// `done/` on another file system than the inbox: copies under a temporary name, syncs, puts the copy
    /// in place, then removes the original; when the original cannot be removed (a read-only inbox), the
    /// copy goes again and the original stays, so a retry finds things as they were.
    private static func copyAcross(_ source: URL, to target: URL) throws(AcervoError) {
        let folder = source.deletingLastPathComponent().path
        guard access(folder, W_OK) == 0 else { throw AcervoError.system("unlink", path: source.path, errno: errno) }
        let temporary = target.deletingLastPathComponent().appending(path: ".\(target.lastPathComponent).\(UUID().uuidString.prefix(8)).part")
        do {
            try FileManager.default.copyItem(at: source, to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw AcervoError.system("copy", path: temporary.path, errno: AcervoError.posixCode(of: error) ?? EIO)
        }
        syncFile(temporary.path)
        guard rename(temporary.path, target.path) == 0 else {
            let code = errno
            unlink(temporary.path)
            throw AcervoError.system("rename", path: target.path, errno: code)
        }
        syncFile(target.deletingLastPathComponent().path)
        do {
            try remove(source)
        } catch {
            unlink(target.path)
            throw error
        }
    }

    /// Unlinks `source`; one already gone is fine.
    private static func remove(_ source: URL) throws(AcervoError) {
        if unlink(source.path) != 0 && errno != ENOENT { throw AcervoError.system("unlink", path: source.path, errno: errno) }
    }

    /// fsync of a file or folder, best effort.
    static func syncFile(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
