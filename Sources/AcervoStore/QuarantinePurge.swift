public import AcervoCore
import AcervoSystem
public import Foundation
import Logging

/// One upload in the quarantine, as `acervo quarantine list` shows it.
public struct QuarantinedUpload: Sendable, Codable, Equatable {
    /// The evidence id the upload was given.
    public var id: UUID
    /// The case it was sent to.
    public var caseNumber: CaseNumber
    /// Its sanitized name.
    public var name: String
    /// Its size in bytes, as received.
    public var byteCount: Int64
    /// SHA-256 of its bytes.
    public var sha256: String
    /// Its verdict (review or rejected).
    public var verdict: Verdict
    /// Its reason codes.
    public var reasons: [String]
    /// When it was received.
    public var receivedAt: Date
}

/// The record a purge leaves in `quarantine-purges/`: who removed which uploads, when, and why, in
/// English and Portuguese. Written, and synced, before anything is removed.
public struct QuarantinePurgeRecord: Sendable, Codable {
    /// When the purge ran.
    public var at: Date
    /// Who ran it.
    public var actor: String
    /// Why, in English.
    public var reason: String
    /// Why, in Portuguese.
    public var reasonPT: String
    /// The uploads removed.
    public var removed: [QuarantinedUpload]
}

extension EvidenceStore {
    /// The uploads in the quarantine, oldest first.
    public func quarantined() -> [QuarantinedUpload] {
        Quarantine.entries(layout).compactMap(\.record).map { record in
            QuarantinedUpload(id: record.id, caseNumber: record.caseNumber, name: record.sanitizedName,
                              byteCount: record.byteCount, sha256: record.sha256, verdict: record.verdict,
                              reasons: record.reasons.map(\.code.rawValue), receivedAt: record.receivedAt)
        }.sorted { ($0.receivedAt, $0.id.uuidString) < ($1.receivedAt, $1.id.uuidString) }
    }

    /// Removes every quarantined upload received before `cutoff`: first a record of what is removed and
    /// why (`quarantine-purges/<date>-<id>.json`, synced), then each upload's sidecar and bytes; the
    /// ledger is rebuilt after. Returns the record, or `nil` when nothing was old enough.
    public func purgeQuarantine(receivedBefore cutoff: Date, actor: String, reason: String,
                                reasonPT: String) throws(AcervoError) -> QuarantinePurgeRecord? {
        try exclusively { () throws(AcervoError) -> QuarantinePurgeRecord? in
            let old = quarantined().filter { $0.receivedAt < cutoff }
            guard !old.isEmpty else { return nil }
            let record = QuarantinePurgeRecord(at: Date(), actor: actor, reason: reason, reasonPT: reasonPT, removed: old)
            let records = layout.root.appendingPathComponent("quarantine-purges", isDirectory: true)
            try DurableFiles.makeDirectory(records)
            let name = StoreDate.string(record.at).replacingOccurrences(of: ":", with: "") + "-"
                + UUID().uuidString.lowercased().prefix(8) + ".json"
            let data: Data
            do { data = try StoreJSON.pretty(record) } catch {
                throw AcervoError(.io, english: "cannot encode the purge record", portuguese: "não foi possível gravar o registro")
            }
            try DurableFiles.writeNew(data, to: records.appendingPathComponent(name))
            try DurableFiles.syncDirectory(records)
            for upload in old {
                DurableFiles.remove(layout.quarantineSidecar(upload.id))
                DurableFiles.remove(layout.quarantineDirectory(upload.id))
            }
            try DurableFiles.syncDirectory(layout.quarantine)
            try reindexLocked()
            return record
        }
    }
}

extension EvidenceStore {
    /// Finishes purges a killed process left half done: an upload's directory whose sidecar is gone and
    /// whose id a purge record lists is removed (a purge removes the sidecar first, so the upload stops
    /// being listed before its bytes go). Runs at open, under the exclusive lock. Returns how many it removed.
    func finishInterruptedPurges() -> Int {
        let names = DurableFiles.names(in: layout.quarantine)
        let sidecars = Set(names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(".json".count)) })
        let orphans = names.filter {
            !$0.hasSuffix(".json") && !sidecars.contains($0)
                && DurableFiles.isDirectory(layout.quarantine.appendingPathComponent($0))
        }
        guard !orphans.isEmpty else { return 0 }
        let records = layout.root.appendingPathComponent("quarantine-purges", isDirectory: true)
        var purged = Set<String>()
        for name in DurableFiles.names(in: records) where name.hasSuffix(".json") {
            guard let data = try? DurableFiles.read(records.appendingPathComponent(name), limit: 64 << 20),
                  let record = try? StoreJSON.decode(QuarantinePurgeRecord.self, from: data) else { continue }
            for upload in record.removed { purged.insert(EvidencePaths.idComponent(upload.id)) }
        }
        var removed = 0
        for orphan in orphans where purged.contains(orphan) {
            logger.notice("finishing an interrupted quarantine purge", metadata: ["upload": "\(orphan)"])
            DurableFiles.remove(layout.quarantine.appendingPathComponent(orphan))
            removed += 1
        }
        return removed
    }
}
