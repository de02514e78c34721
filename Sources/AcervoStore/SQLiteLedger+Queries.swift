import AcervoCore
import Foundation
import GRDB

/// What the store answers from the ledger.
extension SQLiteLedger {
    func cases() throws -> [CaseSummary] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM cases ORDER BY number").compactMap(Self.summary)
        }
    }

    func caseDetail(_ caseNumber: CaseNumber) throws -> CaseDetail? {
        try database.read { db -> CaseDetail? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM cases WHERE number = ?",
                                             arguments: [caseNumber.rawValue]),
                  let summary = Self.summary(row) else { return nil }
            let evidence = try String.fetchAll(db, sql: """
                SELECT record FROM evidence WHERE case_number = ? ORDER BY received_at, id
                """, arguments: [caseNumber.rawValue]).compactMap(Self.record)
            let versions = try Row.fetchAll(db, sql: "SELECT * FROM versions WHERE case_number = ? ORDER BY number",
                                            arguments: [caseNumber.rawValue]).map { row in
                VersionSummary(number: row["number"], created: StoreDate.parse(row["created"]) ?? .distantPast,
                               message: row["message"], userName: row["user_name"], userAddress: row["user_address"])
            }
            let events = try Row.fetchAll(db, sql: "SELECT * FROM events WHERE case_number = ? ORDER BY sequence",
                                          arguments: [caseNumber.rawValue]).map { row in
                CustodyEvent(sequence: row["sequence"], caseNumber: caseNumber,
                             evidence: (row["evidence"] as String?).flatMap(UUID.init(uuidString:)),
                             type: .init(rawValue: row["type"]), at: StoreDate.parse(row["at"]) ?? .distantPast,
                             actor: row["actor"],
                             details: (try? StoreJSON.decode([String: String].self, from: Data((row["details"] as String).utf8))) ?? [:],
                             previousHash: row["previous_hash"], hash: row["hash"])
            }
            return CaseDetail(summary: summary, evidence: evidence, versions: versions, events: events)
        }
    }

    /// The original evidence already stored in the case for this kind and content, if any.
    func existingEvidence(case caseNumber: CaseNumber, kind: DocumentKind, sha256: String) throws -> EvidenceRecord? {
        try database.read { db in
            try String.fetchOne(db, sql: """
                SELECT record FROM evidence
                WHERE case_number = ? AND kind = ? AND sha256 = ? AND verdict = 'accepted' AND duplicate_of IS NULL
                  AND stored_path IS NOT NULL
                ORDER BY received_at, id LIMIT 1
                """, arguments: [caseNumber.rawValue, kind.rawValue, sha256.lowercased()]).flatMap(Self.record)
        }
    }

    /// Every row of every table, in a stable order and spelling: two ledgers holding the same facts
    /// give equal lists.
    func contentsForComparison() throws -> [String] {
        try database.read { db in
            var out: [String] = []
            for (table, order) in [("cases", "number"), ("evidence", "id"), ("versions", "case_number, number"),
                                   ("events", "case_number, sequence")] {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)") {
                    out.append("\(table): \(row.description)")
                }
            }
            return out
        }
    }

    private static func summary(_ row: Row) -> CaseSummary? {
        guard let number = CaseNumber(rawValue: row["number"]) else { return nil }
        return CaseSummary(caseNumber: number, openedAt: StoreDate.parse(row["opened_at"]) ?? .distantPast,
                           headVersion: row["head_version"], evidenceCount: row["evidence_count"],
                           acceptedCount: row["accepted_count"], reviewCount: row["review_count"],
                           rejectedCount: row["rejected_count"], eventCount: row["event_count"])
    }

    private static func record(_ json: String) -> EvidenceRecord? {
        try? StoreJSON.decode(EvidenceRecord.self, from: Data(json.utf8))
    }
}

extension SQLiteLedger {
    /// One evidence record by id, in whichever case holds it.
    func evidence(_ id: UUID) throws -> EvidenceRecord? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT record FROM evidence WHERE id = ?",
                                arguments: [id.uuidString]).flatMap(Self.record)
        }
    }
}
