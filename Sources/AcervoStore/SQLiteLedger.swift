import AcervoCore
import Foundation
import GRDB

/// The ``CaseLedger`` of a store on one machine: a SQLite file in the store directory (`ledger.sqlite`),
/// shared by the processes that open the store. Every row is written from values decoded from stored
/// JSON, so a rebuilt ledger equals the one commits maintained.
final class SQLiteLedger: CaseLedger {
    let database: DatabaseQueue

    init(url: URL) throws(AcervoError) {
        do {
            var configuration = Configuration()
            // Several processes may share a store; a writer holding SQLite's lock is waited for.
            configuration.busyMode = .timeout(30)
            database = try DatabaseQueue(path: url.path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch {
            throw .io(.openLedger, path: url.path, underlying: error)
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-cases-evidence-versions-events") { db in
            try db.execute(sql: """
                CREATE TABLE cases (
                    number TEXT PRIMARY KEY NOT NULL,
                    opened_at TEXT NOT NULL,
                    head_version INTEGER NOT NULL,
                    evidence_count INTEGER NOT NULL DEFAULT 0,
                    accepted_count INTEGER NOT NULL DEFAULT 0,
                    review_count INTEGER NOT NULL DEFAULT 0,
                    rejected_count INTEGER NOT NULL DEFAULT 0,
                    event_count INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE evidence (
                    id TEXT PRIMARY KEY NOT NULL,
                    case_number TEXT NOT NULL REFERENCES cases(number) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    declared_name TEXT NOT NULL,
                    declared_mime TEXT,
                    sanitized_name TEXT NOT NULL,
                    byte_count INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    format TEXT NOT NULL,
                    mime TEXT NOT NULL,
                    verdict TEXT NOT NULL,
                    reasons TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    version INTEGER,
                    stored_path TEXT,
                    duplicate_of TEXT,
                    record TEXT NOT NULL
                );
                CREATE INDEX evidence_by_content ON evidence(case_number, kind, sha256);
                CREATE TABLE versions (
                    case_number TEXT NOT NULL REFERENCES cases(number) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    created TEXT NOT NULL,
                    message TEXT NOT NULL,
                    user_name TEXT NOT NULL,
                    user_address TEXT NOT NULL,
                    PRIMARY KEY (case_number, number)
                );
                CREATE TABLE events (
                    case_number TEXT NOT NULL REFERENCES cases(number) ON DELETE CASCADE,
                    sequence INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    evidence TEXT,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    details TEXT NOT NULL,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    PRIMARY KEY (case_number, sequence)
                );
                """)
        }
        return migrator
    }

    /// Replaces everything the ledger holds about the snapshots' cases.
    func index(_ cases: [LedgerCase], replacingAll: Bool) throws(AcervoError) {
        do {
            try database.write { db in
                if replacingAll {
                    for table in ["events", "versions", "evidence", "cases"] { try db.execute(sql: "DELETE FROM \(table)") }
                }
                for ledgerCase in cases { try Self.replace(ledgerCase, in: db) }
            }
        } catch {
            throw .io(.updateLedger, path: database.path, underlying: error)
        }
    }

    /// Removes a case (its object is gone, e.g. a discarded first version).
    func remove(_ caseNumber: CaseNumber) throws(AcervoError) {
        do {
            try database.write { db in
                for table in ["events", "versions", "evidence"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE case_number = ?", arguments: [caseNumber.rawValue])
                }
                try db.execute(sql: "DELETE FROM cases WHERE number = ?", arguments: [caseNumber.rawValue])
            }
        } catch {
            throw .io(.updateLedger, path: database.path, underlying: error)
        }
    }

    private static func replace(_ ledgerCase: LedgerCase, in db: Database) throws {
        let number = ledgerCase.caseNumber.rawValue
        for table in ["events", "versions", "evidence"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE case_number = ?", arguments: [number])
        }
        try db.execute(sql: "DELETE FROM cases WHERE number = ?", arguments: [number])
        try db.execute(sql: "INSERT INTO cases (number, opened_at, head_version) VALUES (?, ?, ?)",
                       arguments: [number, ledgerCase.openedAt, ledgerCase.headVersion])
        for version in ledgerCase.versions {
            try db.execute(sql: """
                INSERT INTO versions (case_number, number, created, message, user_name, user_address)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [number, version.number, version.created, version.message, version.userName,
                                 version.userAddress])
        }
        let versionOf = CustodyEvent.entryVersions(of: ledgerCase.events)
        for record in ledgerCase.records { try insert(record, version: versionOf[record.id], case: number, in: db) }
        for event in ledgerCase.events { try insert(event, case: number, in: db) }
        try updateCounts(number, in: db)
    }

    /// Adds what one commit changed to the ledger, without reading or rewriting the rest of the case.
    func apply(_ change: LedgerChange) throws(AcervoError) {
        do {
            try database.write { db in
                let number = change.caseNumber.rawValue
                try db.execute(sql: "INSERT OR IGNORE INTO cases (number, opened_at, head_version) VALUES (?, ?, 0)",
                               arguments: [number, change.openedAt ?? ""])
                if let opened = change.openedAt {
                    try db.execute(sql: "UPDATE cases SET opened_at = ? WHERE number = ?", arguments: [opened, number])
                }
                if let version = change.version {
                    try db.execute(sql: "UPDATE cases SET head_version = ? WHERE number = ?", arguments: [version.number, number])
                    try db.execute(sql: """
                        INSERT OR REPLACE INTO versions (case_number, number, created, message, user_name, user_address)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [number, version.number, version.created, version.message, version.userName,
                                         version.userAddress])
                }
                let versionOf = CustodyEvent.entryVersions(of: change.events)
                for record in change.records {
                    try db.execute(sql: "DELETE FROM evidence WHERE id = ?", arguments: [record.id.uuidString])
                    try Self.insert(record, version: versionOf[record.id], case: number, in: db)
                }
                for event in change.events { try Self.insert(event, case: number, in: db) }
                try Self.updateCounts(number, in: db)
            }
        } catch {
            throw AcervoError(.io, "cannot update the ledger", underlying: error)
        }
    }

    /// Which of `ids` the ledger already holds for the case.
    func knownEvidence(case caseNumber: CaseNumber, among ids: [UUID]) throws(AcervoError) -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        do {
            return try database.read { db in
                var known = Set<UUID>()
                for id in ids where try Bool.fetchOne(db, sql: "SELECT 1 FROM evidence WHERE id = ? AND case_number = ?",
                                                      arguments: [id.uuidString, caseNumber.rawValue]) == true {
                    known.insert(id)
                }
                return known
            }
        } catch {
            throw AcervoError(.io, "cannot read the ledger", underlying: error)
        }
    }

    private static func insert(_ record: EvidenceRecord, version: Int?, case number: String, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO evidence (id, case_number, kind, declared_name, declared_mime, sanitized_name, byte_count,
                sha256, format, mime, verdict, reasons, received_at, channel, operator, version, stored_path,
                duplicate_of, record)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                record.id.uuidString, number, record.kind.rawValue, record.declaredName, record.declaredMIME,
                record.sanitizedName, record.byteCount, record.sha256, record.identification.format.rawValue,
                record.identification.mime, record.verdict.rawValue, json(record.reasons),
                StoreDate.string(record.receivedAt), record.channel.rawValue, record.operatorName,
                version, record.storedPath, record.duplicateOf?.uuidString, json(record),
            ])
    }

    private static func insert(_ event: CustodyEvent, case number: String, in db: Database) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO events (case_number, sequence, type, evidence, at, actor, details, previous_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [number, event.sequence, event.type.rawValue, event.evidence?.uuidString,
                             StoreDate.string(event.at), event.actor, json(event.details), event.previousHash,
                             event.hash])
    }

    private static func updateCounts(_ number: String, in db: Database) throws {
        try db.execute(sql: """
            UPDATE cases SET
                evidence_count = (SELECT COUNT(*) FROM evidence WHERE case_number = :n),
                accepted_count = (SELECT COUNT(*) FROM evidence WHERE case_number = :n AND verdict = 'accepted'),
                review_count = (SELECT COUNT(*) FROM evidence WHERE case_number = :n AND verdict = 'review'),
                rejected_count = (SELECT COUNT(*) FROM evidence WHERE case_number = :n AND verdict = 'rejected'),
                event_count = (SELECT COUNT(*) FROM events WHERE case_number = :n)
            WHERE number = :n
            """, arguments: ["n": number])
    }

    private static func json<T: Encodable>(_ value: T) -> String {
        String(decoding: (try? StoreJSON.canonical(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}
