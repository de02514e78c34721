import AcervoCore
import AcervoSystem
import Foundation
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who staged what in `staging/incoming/`: each process that stages uploads for a store holds an
/// advisory lock (`flock`) on `staging/locks/.owner-<id>.lock` (beside the case locks) for its whole life and names its staged
/// files `incoming-<id>-…`. The kernel drops the lock when the process dies, however it dies, so the next
/// open tells the leftovers of a killed intake (lock free) from the uploads of a living one (lock held)
/// and removes only the former, at once instead of after a day.
enum StagingOwner {
    /// The owner id of this process for each store root, with the descriptor of its held lock.
    private static let owners = Mutex<[String: String]>([:])
    static let lockPrefix = ".owner-"
    static let lockSuffix = ".lock"

    /// This process's owner id for the store at `layout`, taking its lock on first use; `nil` when the
    /// lock cannot be taken (staged files are then named without an owner and age out after a day).
    static func id(for layout: StoreLayout) -> String? {
        owners.withLock { table in
            if let id = table[layout.root.path] { return id }
            let id = String(UUID().uuidString.lowercased().prefix(8))
            let lock = lockFile(layout, id: id)
            let fd = open(lock.path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return nil }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                close(fd)
                return nil
            }
            // The descriptor stays open for the life of the process: closing it would drop the lock.
            table[layout.root.path] = id
            return id
        }
    }

    /// The lock file of owner `id`.
    static func lockFile(_ layout: StoreLayout, id: String) -> URL {
        layout.caseLocks.appendingPathComponent(lockPrefix + id + lockSuffix)
    }

    /// Whether a living process holds owner `id`'s lock, this one included: flock locks belong to the open
    /// file description, so this process's own lock refuses the probe too. A missing lock file is held by
    /// no one. When the lock is free (its process is gone), the probe holds it while `whileFree` runs, so
    /// that nothing takes it meanwhile, and drops it when its descriptor closes.
    @discardableResult
    static func isHeld(_ layout: StoreLayout, id: String, whileFree: () -> Void = {}) -> Bool {
        let fd = open(lockFile(layout, id: id).path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return true }
        whileFree()
        return false
    }

    /// Removes the staged files of every owner whose lock is free (its process is gone), and its lock
    /// file; returns how many staged files were removed. Files of a living owner, and files without an
    /// owner, are left alone.
    static func reclaim(_ layout: StoreLayout, logger: Logger) -> Int {
        let names = DurableFiles.names(in: layout.incoming)
        var removed = 0
        for name in DurableFiles.names(in: layout.caseLocks) where name.hasPrefix(lockPrefix) && name.hasSuffix(lockSuffix) {
            let id = String(name.dropFirst(lockPrefix.count).dropLast(lockSuffix.count))
            isHeld(layout, id: id) {
                for staged in names where staged.hasPrefix("incoming-\(id)-") {
                    DurableFiles.remove(layout.incoming.appendingPathComponent(staged))
                    removed += 1
                }
                DurableFiles.remove(lockFile(layout, id: id))
            }
        }
        if removed > 0 {
            logger.notice("removed staged uploads of processes that are gone", metadata: ["files": "\(removed)"])
        }
        return removed
    }
}

extension EvidenceStore {
    /// The prefix of this process's staged file names: `incoming-<owner>-`, or `incoming-` when no owner
    /// lock could be taken.
    package var stagingPrefix: String {
        StagingOwner.id(for: layout).map { "incoming-\($0)-" } ?? "incoming-"
    }
}
