public import AcervoCore
public import Foundation
import GRDB

/// What a station's journal says: counts of files by state, what is in hand, the last failures and the
/// last operational error. `acervo station status` prints it; it can be read while the station runs.
public struct StationStatus: Sendable, Hashable, Encodable {
    /// Files by journal state (`pending`, `in-hand`, `filed`, `done`, `duplicate`, `quarantined`, `retried`, `gone`).
    public var files: [String: Int]
    /// Documents by journal state (`routed`, `filing`, `filed`, `duplicate`, `done`).
    public var documents: [String: Int]
    /// The documents being filed now (not yet `done`).
    public var inHand: [HeldDocument]
    /// The last files quarantined, newest first (at most 10).
    public var lastFailures: [Failure]
    /// The last operational error (a full or read-only disk, a store that could not be written), if any.
    public var lastError: String?
    /// When it happened.
    public var lastErrorAt: String?
    /// The disks the station writes to that cannot take more now (read-only, or full), as `statvfs` says
    /// when the status is read: the inbox's, `done/`'s, `quarantine/`'s, the station directory's and the
    /// store's (the one the running station recorded, or the one given). A station on such a disk keeps
    /// running and resumes once it is fixed.
    public var diskProblems: [DiskProblem]
    /// How the station watches (`inotify`, `polling every N s`).
    public var mode: String?
    /// The process id of the running station, if one runs.
    public var pid: Int?

    /// A document in hand.
    public struct HeldDocument: Sendable, Hashable, Encodable {
        /// The document's journal id.
        public var id: Int64
        /// Its folder or file, relative to the inbox.
        public var path: String
        /// Its case.
        public var caseNumber: String
        /// Its kind.
        public var kind: String
        /// Its journal state.
        public var state: String

        enum CodingKeys: String, CodingKey { case id, path, kind, state, caseNumber = "case" }
    }

    /// A quarantined file.
    public struct Failure: Sendable, Hashable, Encodable {
        /// Where it was in the inbox.
        public var path: String
        /// Where it is in the quarantine.
        public var quarantinePath: String?
        /// The reason code.
        public var code: String
        /// The reason, in English.
        public var reason: String
        /// When.
        public var at: String

        enum CodingKeys: String, CodingKey { case path, code, reason, at, quarantinePath = "quarantine_path" }
    }

    enum CodingKeys: String, CodingKey {
        case files, documents, mode, pid
        case inHand = "in_hand"
        case lastFailures = "last_failures"
        case lastError = "last_error"
        case lastErrorAt = "last_error_at"
        case diskProblems = "disk_problems"
    }

    /// Reads the status of the station around `layout`; `store` adds that store's disk to the disks
    /// checked (the station's run records its own).
    public static func read(_ layout: StationLayout, store: URL? = nil) throws(AcervoError) -> StationStatus {
        // Read-only when the journal exists: the status must be readable on a disk that cannot be written.
        let exists = FileManager.default.fileExists(atPath: layout.journal.path)
        let journal = try StationJournal(url: layout.journal, readOnly: exists)
        let facts = try journal.facts()
        let stores = [store?.standardizedFileURL.path, facts["store"]].compactMap { $0 }.map { URL(fileURLWithPath: $0) }
        let diskProblems = DiskProblem.check(layout.writtenFolders + stores)
        return try journal.read { db in
            let files = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM files GROUP BY state")
                .map { ($0["state"] as String, $0["n"] as Int) })
            let documents = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM documents GROUP BY state")
                .map { ($0["state"] as String, $0["n"] as Int) })
            let inHand = try Row.fetchAll(db, sql: "SELECT * FROM documents WHERE state <> 'done' ORDER BY id").map {
                HeldDocument(id: $0["id"], path: $0["document_key"], caseNumber: $0["case_number"], kind: $0["kind"], state: $0["state"])
            }
            let failures = try Row.fetchAll(db, sql: """
                SELECT * FROM files WHERE state IN ('quarantined', 'quarantining') ORDER BY updated DESC, id DESC LIMIT 10
                """).map {
                Failure(path: $0["path"], quarantinePath: $0["moved_to"], code: $0["reason_code"] ?? "", reason: $0["reason"] ?? "", at: $0["updated"])
            }
            return StationStatus(files: files, documents: documents, inHand: inHand, lastFailures: failures,
                                 lastError: facts["last_error"], lastErrorAt: facts["last_error_at"], diskProblems: diskProblems, mode: facts["mode"],
                                 pid: facts["pid"].flatMap { Int($0) })
        }
    }
}

/// One file as the journal records it: where it was, its content, its state and the evidence holding it.
public struct JournalFile: Sendable, Hashable, Encodable {
    /// Its path relative to the inbox.
    public var path: String
    /// Its SHA-256, once read whole.
    public var sha256: String?
    /// Its journal state.
    public var state: String
    /// The evidence holding it, once filed (the existing evidence for a duplicate).
    public var evidenceID: UUID?
    /// The document it was filed in.
    public var documentID: Int64?

    enum CodingKeys: String, CodingKey {
        case path, sha256, state
        case evidenceID = "evidence_id"
        case documentID = "document_id"
    }

    /// Every file the journal of the station around `layout` holds, in the order they were seen.
    public static func all(_ layout: StationLayout) throws(AcervoError) -> [JournalFile] {
        let journal = try StationJournal(url: layout.journal)
        return try journal.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM files ORDER BY id").map {
                JournalFile(path: $0["path"], sha256: $0["sha256"], state: $0["state"],
                            evidenceID: ($0["evidence_id"] as String?).flatMap(UUID.init(uuidString:)), documentID: $0["document_id"])
            }
        }
    }
}
