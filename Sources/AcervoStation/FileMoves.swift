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

    /// Renames `source` to `target`, making `target`'s folder; never replaces an existing file.
    static func move(_ source: URL, to target: URL) throws(AcervoError) {
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw AcervoError.system("mkdir", path: target.deletingLastPathComponent().path, errno: (error as NSError).code == 0 ? EIO : Int32((error as NSError).code))
        }
        if lexists(target.path) { throw AcervoError.system("rename", path: target.path, errno: EEXIST) }
        guard rename(source.path, target.path) == 0 else {
            let code = errno
            if code == EXDEV {
                // done/ on another file system than the inbox: copy, sync, then remove the original.
                do {
                    try FileManager.default.copyItem(at: source, to: target)
                    syncFile(target.path)
                    try FileManager.default.removeItem(at: source)
                } catch {
                    throw AcervoError.system("copy", path: target.path, errno: EIO)
                }
                return
            }
            throw AcervoError.system("rename", path: source.path, errno: code)
        }
        syncFile(target.deletingLastPathComponent().path)
    }

    /// fsync of a file or folder, best effort.
    static func syncFile(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
