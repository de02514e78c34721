public import Foundation

/// Something the station did, for the operator's terminal line and for logs (`--json`: one per line).
public struct StationEvent: Sendable, Hashable, Encodable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, Encodable {
        /// The station started watching (`message` says how).
        case started
        /// A document is in the store: `caseNumber`, `version`, `evidenceIDs`, `files`.
        case filed
        /// Every page of a document was already in the case: `evidenceIDs` are the existing evidence.
        case duplicate
        /// The store refused a document (the Anexo I quality gate, or the policy for every page): its pages
        /// are in the store's quarantine (`evidenceIDs`), its originals in the station's with `reason`
        /// (`refused`), and `findings` holds the store's reason codes.
        case refused
        /// A stack that no folder routes was split at its cover sheets (`files`, its originals; `message`, how
        /// many documents and sheets): each document then comes as `filed`, `refused` or `duplicate`.
        case split
        /// A file was set aside in the quarantine with `reason`.
        case quarantined
        /// An operational failure (a full or read-only disk, a store that cannot be written): the work is
        /// kept and tried again.
        case failed
        /// Work goes through again after operational failures (`message`).
        case resumed
        /// The progress of the current batch changed (`progress`).
        case progress
        /// A batch ended: the inbox is idle again (`progress` holds the batch's totals).
        case batch
        /// The station stopped.
        case stopped
    }

    /// What happened.
    public var event: Kind
    /// When.
    public var at: Date = Date()
    /// The file or document folder, relative to the inbox.
    public var path: String?
    /// The files of the document, relative to the inbox.
    public var files: [String]?
    /// The case.
    public var caseNumber: String?
    /// The document kind.
    public var kind: String?
    /// The case version that holds the document.
    public var version: Int?
    /// The evidence ids of the pages, in order.
    public var evidenceIDs: [UUID]?
    /// Pages the intake flagged (verdict review or rejected), by file.
    public var flagged: [String]?
    /// Why a file was quarantined.
    public var reason: StationReason?
    /// The reason codes the store recorded with a document (such as `metadata-incomplete`), or that refused
    /// it (such as `resolution-too-low`).
    public var findings: [String]?
    /// A message for a person (Portuguese / English).
    public var message: String?
    /// The batch's counts.
    public var progress: StationProgress?

    /// Makes an event.
    public init(_ event: Kind, path: String? = nil, message: String? = nil) {
        self.event = event
        self.path = path
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case event, at, path, files, kind, version, flagged, reason, findings, message, progress
        case caseNumber = "case"
        case evidenceIDs = "evidence_ids"
    }

    /// Encodes with the date as ISO 8601 and ids in lowercase.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(event, forKey: .event)
        try c.encode(at.formatted(.iso8601), forKey: .at)
        try c.encodeIfPresent(path, forKey: .path)
        try c.encodeIfPresent(files, forKey: .files)
        try c.encodeIfPresent(caseNumber, forKey: .caseNumber)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encodeIfPresent(version, forKey: .version)
        try c.encodeIfPresent(evidenceIDs?.map { $0.uuidString.lowercased() }, forKey: .evidenceIDs)
        try c.encodeIfPresent(flagged, forKey: .flagged)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(findings, forKey: .findings)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encodeIfPresent(progress, forKey: .progress)
    }
}

/// The counts of one batch: from the first file seen after the inbox was idle to the next idle moment.
public struct StationProgress: Sendable, Hashable, Codable {
    /// The batch's number since the station started, from 1.
    public var batch = 0
    /// Page files read whole and hashed.
    public var pagesRead = 0
    /// Pages digitized (decoded, checked by the quality gate, read by the OCR engine), as each is done.
    public var pagesDigitized = 0
    /// Documents filed in the store.
    public var documentsFiled = 0
    /// Documents the store refused (their pages in its quarantine).
    public var documentsRefused = 0
    /// Documents whose pages the case already held.
    public var duplicates = 0
    /// Pages the intake flagged (review or rejected).
    public var pagesFlagged = 0
    /// Files quarantined by the station.
    public var failures = 0
    /// Files seen and not yet whole.
    public var waiting = 0

    /// Empty counts.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case batch, duplicates, failures, waiting
        case pagesRead = "pages_read"
        case documentsFiled = "documents_filed"
        case pagesFlagged = "pages_flagged"
        case pagesDigitized = "pages_digitized"
        case documentsRefused = "documents_refused"
    }

    /// The line a person follows: `lote 3: 12 páginas lidas, 4 documentos arquivados, …`.
    public var line: String {
        "lote/batch \(batch): \(pagesRead) páginas lidas/pages read, "
            + (pagesDigitized > 0 ? "\(pagesDigitized) digitalizadas/digitized, " : "")
            + "\(documentsFiled) documentos arquivados/documents filed, "
            + (documentsRefused > 0 ? "\(documentsRefused) recusados/refused, " : "")
            + "\(pagesFlagged) páginas sinalizadas/pages flagged, \(failures) falhas/failures"
            + (duplicates > 0 ? ", \(duplicates) duplicados/duplicates" : "")
            + (waiting > 0 ? ", \(waiting) aguardando/waiting" : "")
    }
}
