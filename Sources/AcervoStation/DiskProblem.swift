import AcervoSystem
public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A disk the station writes to that cannot take more: read-only, or (nearly) full. `acervo station status`
/// shows these as they are now, from `statvfs`, so an operator sees the problem even when the station
/// cannot write its own journal to record it.
public struct DiskProblem: Sendable, Hashable, Encodable {
    /// What is wrong with the disk.
    public enum Problem: String, Sendable, Hashable, Encodable {
        /// Mounted read-only.
        case readOnly = "read-only"
        /// Less than ``DiskProblem/minimumFreeBytes`` free for the station.
        case full
    }

    /// The folder checked (the inbox, `done/`, `quarantine/` or the station's own directory).
    public var path: String
    /// What is wrong.
    public var problem: Problem
    /// The bytes still free for an unprivileged writer.
    public var freeBytes: Int64
    /// For a person: Portuguese, then English.
    public var message: String

    enum CodingKeys: String, CodingKey {
        case path, problem, message
        case freeBytes = "free_bytes"
    }

    /// Below this, a disk counts as full: a scanned page is bigger than that, and SQLite needs room to
    /// write a transaction.
    public static let minimumFreeBytes: Int64 = 1 << 20

    /// The problem of the disk holding `url`, or `nil` when it can take writes (or cannot be asked).
    public static func check(_ url: URL) -> DiskProblem? {
        guard let room = DiskRoom(url.path) else { return nil }
        let free = room.freeBytes
        if room.readOnly {
            return DiskProblem(path: url.path, problem: .readOnly, freeBytes: free,
                               message: "disco somente leitura/read-only disk: \(url.path)")
        }
        if free < minimumFreeBytes {
            return DiskProblem(path: url.path, problem: .full, freeBytes: free,
                               message: "disco cheio/disk full: \(url.path) (\(free) bytes livres/free)")
        }
        return nil
    }

    /// The problems of the disks a station writes to: its inbox, `done/`, `quarantine/` and its directory.
    public static func check(_ layout: StationLayout) -> [DiskProblem] {
        check(layout.writtenFolders)
    }

    /// The problems of the disks holding `folders`, each disk's once (under the first of them on it).
    public static func check(_ folders: [URL]) -> [DiskProblem] {
        var seen: Set<String> = []
        var problems: [DiskProblem] = []
        for folder in folders {
            guard let problem = check(folder) else { continue }
            var info = stat()
            let device = stat(folder.path, &info) == 0 ? String(info.st_dev) : folder.path
            if seen.insert(device + problem.problem.rawValue).inserted { problems.append(problem) }
        }
        return problems
    }
}
