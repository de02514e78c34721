package import AcervoCore
package import Foundation

/// The index of a store's cases, evidence, versions and custody events: what the store answers questions
/// from (the cases, a case's detail, whether the same bytes are already on a case) without reading its
/// objects. It is never the truth: the objects and the quarantine are, and `acervo store reindex`
/// rebuilds the ledger from them.
///
/// The store holds its ledger behind this protocol so that another database can take SQLite's place
/// (``SQLiteLedger``, one file per store, shared by the processes of one machine): PostgreSQL, shared by
/// the processes of many. Whatever the database, an implementation must:
/// - apply a ``LedgerChange`` in one transaction, and idempotently: recovery applies a commit's change
///   again when a process died between the ledger and the end of the commit, so records replace the rows
///   of the same ids and events those of the same case and sequence;
/// - give the same rows for a case whether they came from the changes of its commits or from
///   ``index(_:replacingAll:)`` of what its object holds (``contentsForComparison()`` lists them, for the
///   contract tests to compare);
/// - throw when its database cannot be reached, read or written, never answer as if it were empty: the
///   store turns a failed update into an operational error (code `io`) and a failed query into one that
///   names `acervo store reindex` (code `storeCorrupt`), and a store that cannot read its ledger must not
///   take evidence it cannot check for a duplicate.
///
/// The ledger contract tests (`LedgerContractTests`) hold every implementation to this.
package protocol CaseLedger: Sendable {
    /// Replaces everything the ledger holds about these cases; with `replacingAll`, about every case.
    func index(_ cases: [LedgerCase], replacingAll: Bool) throws(AcervoError)
    /// Removes a case (its object is gone, e.g. a discarded first version).
    func remove(_ caseNumber: CaseNumber) throws(AcervoError)
    /// Adds what one commit wrote, without reading or rewriting the rest of the case.
    func apply(_ change: LedgerChange) throws(AcervoError)
    /// Which of `ids` the ledger already holds for the case.
    func knownEvidence(case caseNumber: CaseNumber, among ids: [UUID]) throws(AcervoError) -> Set<UUID>
    /// Every case, by number.
    func cases() throws -> [CaseSummary]
    /// One case with its evidence, versions and events; `nil` when the ledger has no such case.
    func caseDetail(_ caseNumber: CaseNumber) throws -> CaseDetail?
    /// The evidence of the case and kind with these bytes, if the case holds it.
    func existingEvidence(case caseNumber: CaseNumber, kind: DocumentKind, sha256: String) throws -> EvidenceRecord?
    /// One evidence record by id.
    func evidence(_ id: UUID) throws -> EvidenceRecord?
    /// Every row in a canonical text form, sorted: two ledgers that index the same store give equal lists.
    func contentsForComparison() throws -> [String]
}

/// One OCFL version of a case, as the ledger lists it.
package struct LedgerVersion: Sendable, Hashable {
    /// The version's number (`v3` is 3).
    package var number: Int
    /// When it was made (the inventory's `created`).
    package var created: String
    package var message: String
    package var userName: String
    package var userAddress: String

    package init(number: Int, created: String, message: String = "", userName: String = "", userAddress: String = "") {
        self.number = number
        self.created = created
        self.message = message
        self.userName = userName
        self.userAddress = userAddress
    }
}

/// Everything the ledger holds about one case, as read from its object and quarantine by `reindex`.
package struct LedgerCase: Sendable {
    package var caseNumber: CaseNumber
    /// When the case opened: its first version's `created`, or its first event for a case still wholly
    /// in its open version.
    package var openedAt: String
    /// The head version's number; 0 for a case still wholly in its open version.
    package var headVersion: Int
    package var versions: [LedgerVersion]
    /// The records in the head version and the case's quarantine sidecars.
    package var records: [EvidenceRecord]
    package var events: [CustodyEvent]

    package init(caseNumber: CaseNumber, openedAt: String, headVersion: Int, versions: [LedgerVersion],
                 records: [EvidenceRecord], events: [CustodyEvent]) {
        self.caseNumber = caseNumber
        self.openedAt = openedAt
        self.headVersion = headVersion
        self.versions = versions
        self.records = records
        self.events = events
    }
}

/// What one commit wrote, for ``CaseLedger/apply(_:)``.
package struct LedgerChange: Sendable {
    package var caseNumber: CaseNumber
    /// When the case opened, for a commit that opens it or makes its v1.
    package var openedAt: String?
    /// The OCFL version the commit made, if it made one.
    package var version: LedgerVersion?
    /// The records the commit wrote (new, or replacing the same ids).
    package var records: [EvidenceRecord]
    /// The events it appended.
    package var events: [CustodyEvent]

    package init(caseNumber: CaseNumber, openedAt: String? = nil, version: LedgerVersion? = nil,
                 records: [EvidenceRecord], events: [CustodyEvent]) {
        self.caseNumber = caseNumber
        self.openedAt = openedAt
        self.version = version
        self.records = records
        self.events = events
    }
}

extension CustodyEvent {
    /// The version each evidence entered its case in: the one named by the store's own event for it
    /// (`stored`, `quarantined`, `deduplicated`). Every ledger derives an evidence's version this way.
    package static func entryVersions(of events: [CustodyEvent]) -> [UUID: Int] {
        var versionOf: [UUID: Int] = [:]
        for event in events where [.stored, .quarantined, .deduplicated].contains(event.type) {
            if let id = event.evidence, let v = event.details["version"].flatMap(OCFLInventory.versionNumber) {
                versionOf[id] = v
            }
        }
        return versionOf
    }
}

extension LedgerVersion {
    /// The ledger's form of an inventory's version `number`.
    init(number: Int, _ version: OCFLInventory.Version) {
        self.init(number: number, created: version.created, message: version.message ?? "",
                  userName: version.user?.name ?? "", userAddress: version.user?.address ?? "")
    }
}

extension CaseSnapshot {
    /// What the ledger holds of this case.
    var ledgerCase: LedgerCase {
        // A case still wholly in its open version opened with its first event.
        let opened = inventory?.versions["v1"]?.created ?? events.first.map { StoreDate.string($0.at) } ?? ""
        let versions = (inventory?.versions ?? [:]).map { name, version in
            LedgerVersion(number: OCFLInventory.versionNumber(name) ?? 0, version)
        }.sorted { $0.number < $1.number }
        return LedgerCase(caseNumber: caseNumber, openedAt: opened, headVersion: inventory?.headNumber ?? 0,
                          versions: versions, records: records, events: events)
    }
}
