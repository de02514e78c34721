import AcervoSystem
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `staging/incoming/` holds when a store is checked, and what the open cleared from it.
///
/// Staged files are copies of uploads, often personal documents: `acervo store verify` says how many are
/// there and whose they are, so none lingers unnoticed. They are not problems: uploads being received
/// belong to running intakes, and what a killed intake left is removed at the next open (at once when
/// its owner lock is free, after ``EvidenceStore/staleIncomingAge`` otherwise).
public struct StagingCensus: Sendable, Hashable, Codable {
    /// Files of intakes that are running now (their owner lock is held).
    public var receiving: Int
    /// Their bytes.
    public var receivingBytes: Int64
    /// Files no running intake owns: left by a process that is gone, waiting for the next open to
    /// remove them (or, without an owner, for their day to pass).
    public var leftovers: Int
    /// Their bytes.
    public var leftoverBytes: Int64
    /// Staged files, transactions and stale files that opening this store removed, left by killed processes.
    public var removedAtOpen: Int

    /// Makes a census.
    public init(receiving: Int = 0, receivingBytes: Int64 = 0, leftovers: Int = 0, leftoverBytes: Int64 = 0,
                removedAtOpen: Int = 0) {
        self.receiving = receiving
        self.receivingBytes = receivingBytes
        self.leftovers = leftovers
        self.leftoverBytes = leftoverBytes
        self.removedAtOpen = removedAtOpen
    }

    enum CodingKeys: String, CodingKey {
        case receiving
        case receivingBytes = "receiving_bytes"
        case leftovers
        case leftoverBytes = "leftover_bytes"
        case removedAtOpen = "removed_at_open"
    }

    /// Counts the files in `layout`'s staging area by whether a running process owns them.
    static func take(_ layout: StoreLayout, removedAtOpen: Int) -> StagingCensus {
        var census = StagingCensus(removedAtOpen: removedAtOpen)
        var living: [String: Bool] = [:]
        for name in DurableFiles.names(in: layout.incoming) {
            var info = stat()
            let path = layout.incoming.appendingPathComponent(name).path
            guard lstat(path, &info) == 0 else { continue } // removed meanwhile: received and committed
            let bytes = Int64(info.st_size)
            if let owner = StagingCensus.owner(of: name), living[owner] ?? {
                let alive = StagingOwner.isHeld(layout, id: owner)
                living[owner] = alive
                return alive
            }() {
                census.receiving += 1
                census.receivingBytes += bytes
            } else {
                census.leftovers += 1
                census.leftoverBytes += bytes
            }
        }
        return census
    }

    /// The owner id in a staged name `incoming-<id>-…`; `nil` for a name without one.
    static func owner(of name: String) -> String? {
        let parts = name.split(separator: "-", maxSplits: 2)
        guard parts.count == 3, parts[0] == "incoming", parts[1].count == 8,
              parts[1].allSatisfy(\.isHexDigit) else { return nil }
        return String(parts[1])
    }
}
