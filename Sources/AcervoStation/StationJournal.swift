import AcervoCore
import Foundation
import GRDB

/// The station's journal: every file seen, its SHA-256, its route and its state, and every document
/// with what the store held before it was filed and what it holds after. SQLite in the station's own
/// directory; each state change is one durable transaction, written before the act it announces, so a
/// restart after a kill at any point knows what to finish.
///
/// File states: `pending` (seen, not yet whole) → `in-hand` (copied and hashed, part of a document) →
/// `filed` (the store holds the version that contains it) → `done` (moved to `done/` or deleted); or
/// `split` (an original a stack's cover sheets split into documents: it waits for all of them) → `done`; or
/// `duplicate` (the case held it already) → `done`; or `quarantining` → `quarantined` → `retried`;
/// or `gone` (removed before it was whole).
///
/// Document states: `routed` → `filing` (holdings before filing recorded) → `filed` → `done`, or
/// `routed` → `duplicate` → `done`.
final class StationJournal: Sendable {
    let database: DatabaseQueue

    /// Opens (and makes, or brings up to date) the journal at `url`; with `readOnly`, opens an existing one
    /// only to read it, as `acervo station status` does, which must work on a disk that became read-only.
    init(url: URL, readOnly: Bool = false) throws(AcervoError) {
        do {
            var configuration = Configuration()
            // `acervo station status` and `retry` read and write it while the station runs.
            configuration.busyMode = .timeout(30)
            configuration.readonly = readOnly
            if !readOnly {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            }
            database = try DatabaseQueue(path: url.path, configuration: configuration)
            if !readOnly { try Self.migrator.migrate(database) }
        } catch {
            throw AcervoError(.io, english: "cannot open the station journal \(url.path): \(error)",
                              portuguese: "não foi possível abrir o diário da estação \(url.path)", path: url.path,
                              underlying: error)
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-files-documents-station") { db in
            try db.execute(sql: """
                CREATE TABLE documents (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    document_key TEXT NOT NULL,
                    case_number TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    profile TEXT NOT NULL,
                    profile_named INTEGER NOT NULL,
                    hand TEXT NOT NULL,
                    state TEXT NOT NULL,
                    holdings_before TEXT,
                    filed TEXT,
                    version INTEGER,
                    created TEXT NOT NULL,
                    updated TEXT NOT NULL
                );
                CREATE TABLE files (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    path TEXT NOT NULL,
                    byte_count INTEGER NOT NULL,
                    mtime_ns INTEGER NOT NULL,
                    sha256 TEXT,
                    format TEXT,
                    pages INTEGER,
                    state TEXT NOT NULL,
                    document_id INTEGER REFERENCES documents(id),
                    position INTEGER,
                    evidence_id TEXT,
                    duplicate_of TEXT,
                    reason_code TEXT,
                    reason TEXT,
                    moved_to TEXT,
                    first_seen TEXT NOT NULL,
                    updated TEXT NOT NULL
                );
                CREATE INDEX files_by_state ON files(state);
                CREATE INDEX files_by_path ON files(path);
                CREATE INDEX files_by_sha ON files(sha256);
                CREATE TABLE station (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                """)
        }
        // Stacks split at cover sheets: a document's title and sheet, and page files made from part of an
        // original (`source_id`, `source_pages`), which stays in the inbox (`split`) until every document of
        // its stack is done.
        migrator.registerMigration("v2-cover-sheet-stacks") { db in
            try db.execute(sql: """
                ALTER TABLE documents ADD COLUMN title TEXT;
                ALTER TABLE documents ADD COLUMN cover_sheet TEXT;
                ALTER TABLE documents ADD COLUMN stack TEXT;
                ALTER TABLE files ADD COLUMN stack TEXT;
                ALTER TABLE files ADD COLUMN hand_name TEXT;
                ALTER TABLE files ADD COLUMN source_id INTEGER REFERENCES files(id);
                ALTER TABLE files ADD COLUMN source_pages TEXT;
                CREATE INDEX files_by_stack ON files(stack);
                """)
        }
        return migrator
    }

    static func now() -> String { ReportJSON.date(Date()) }

    func write<T>(_ body: (Database) throws -> T) throws(AcervoError) -> T {
        do {
            return try database.write(body)
        } catch {
            throw AcervoError(.io, english: "cannot write the station journal: \(error)",
                              portuguese: "não foi possível gravar o diário da estação", underlying: error)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(AcervoError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw AcervoError(.io, english: "cannot read the station journal: \(error)",
                              portuguese: "não foi possível ler o diário da estação", underlying: error)
        }
    }

    /// Sets a station fact (`mode`, `pid`, `last_error`…).
    func setFact(_ key: String, _ value: String?) throws(AcervoError) {
        try write { db in
            if let value {
                try db.execute(sql: "INSERT INTO station(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                               arguments: [key, value])
            } else {
                try db.execute(sql: "DELETE FROM station WHERE key = ?", arguments: [key])
            }
        }
    }

    /// The station facts.
    func facts() throws(AcervoError) -> [String: String] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM station").map { ($0["key"], $0["value"]) })
        }
    }
}
