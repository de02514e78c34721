import AcervoCore
import AcervoSystem
import Foundation

/// Reads the quarantine: each entry is `quarantine/<id>/<name>` with its record in `quarantine/<id>.json`.
enum Quarantine {
    struct Entry: Sendable {
        var sidecar: URL
        var record: EvidenceRecord?
        var decodeError: String?
    }

    /// Every sidecar in the quarantine, decoded when possible.
    static func entries(_ layout: StoreLayout) -> [Entry] {
        DurableFiles.names(in: layout.quarantine).filter { $0.hasSuffix(".json") }.map { name in
            let url = layout.quarantine.appendingPathComponent(name)
            do {
                let data = try DurableFiles.read(url, limit: CaseSnapshot.recordLimit)
                return Entry(sidecar: url, record: try StoreJSON.decode(EvidenceRecord.self, from: data))
            } catch {
                return Entry(sidecar: url, record: nil, decodeError: "\(error)")
            }
        }
    }

    /// The decoded records, grouped by case.
    static func recordsByCase(_ layout: StoreLayout) -> [CaseNumber: [EvidenceRecord]] {
        var out: [CaseNumber: [EvidenceRecord]] = [:]
        for entry in entries(layout) {
            if let record = entry.record { out[record.caseNumber, default: []].append(record) }
        }
        return out
    }
}
