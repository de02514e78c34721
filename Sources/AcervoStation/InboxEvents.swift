import AcervoCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// inotify on the whole inbox: a watch on every folder, added as folders appear (a folder moved in is
/// watched and listed at once), and the paths that changed since the last look.
///
/// Owned by the station's loop and read without blocking: events only say where to look; what is read
/// is decided by listing and `stat`, so a lost or coalesced event costs a delay, never a file.
final class InboxEvents {
    /// What changed since the last look.
    struct Changes {
        /// Files (or folders) created, written, moved in, or removed: absolute paths.
        var paths: Set<String> = []
        /// Folders that appeared (created or moved in): to be listed whole, their files may predate the watch.
        var folders: [String] = []
        /// The kernel dropped events, or a folder moved inside the inbox: everything must be listed again.
        var needsRescan = false
    }

    private let descriptor: Int32
    private var folders: [Int32: String] = [:]
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private static let folderMask: UInt32 = UInt32(IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_MODIFY
        | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    /// Starts watching `root` and every folder below it.
    init(root: URL) throws(AcervoError) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else {
            throw .system("inotify_init1", path: root.path, errno: errno)
        }
        _ = watchTree(root.path)
    }

    deinit { close(descriptor) }

    /// Adds a watch on `path` and on every folder below it; returns the folders watched.
    @discardableResult
    func watchTree(_ path: String) -> [String] {
        var watched: [String] = []
        var pending = [path]
        while let folder = pending.popLast() {
            let wd = inotify_add_watch(descriptor, folder, Self.folderMask)
            guard wd >= 0 else { continue }   // gone already, or the watch limit: the rescan still finds its files
            folders[wd] = folder
            watched.append(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names where !IgnoredNames.ignores(name) {
                let child = folder + "/" + name
                var info = stat()
                if lstat(child, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { pending.append(child) }
            }
        }
        return watched
    }

    /// Reads every event queued, without waiting.
    func drain() -> Changes {
        var changes = Changes()
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            var offset = 0
            buffer.withUnsafeBytes { bytes in
                while offset + 16 <= count {
                    let wd = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                    let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                    let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    let nameBytes = bytes[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                    let name = String(decoding: nameBytes, as: UTF8.self)
                    offset += 16 + length
                    if mask & UInt32(IN_Q_OVERFLOW) != 0 { changes.needsRescan = true; continue }
                    if mask & UInt32(IN_IGNORED) != 0 { folders[wd] = nil; continue }
                    guard let folder = folders[wd] else { continue }
                    if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 { changes.needsRescan = true; continue }
                    guard !name.isEmpty, !IgnoredNames.ignores(name) else { continue }
                    let path = folder + "/" + name
                    changes.paths.insert(path)
                    if mask & UInt32(IN_ISDIR) != 0 {
                        if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { changes.folders.append(path) }
                        if mask & UInt32(IN_MOVED_FROM) != 0 { changes.needsRescan = true }
                    }
                }
            }
        }
        for folder in changes.folders { watchTree(folder) }
        return changes
    }
}
