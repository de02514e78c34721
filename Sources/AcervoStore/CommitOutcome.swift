package import AcervoCore
package import Foundation

/// What a commit did.
package struct CommitOutcome: Sendable, Hashable {
    /// What became of one item.
    public enum Placement: Sendable, Hashable {
        /// Stored in the case at this logical path.
        case stored(path: String)
        /// The same bytes were already stored for the case and kind: no second copy; the record points
        /// at the earlier evidence and its path.
        case deduplicated(of: UUID, path: String)
        /// Set aside at this path, relative to the store directory.
        case quarantined(path: String)
    }

    /// One item's outcome.
    public struct ItemOutcome: Sendable, Hashable {
        /// The evidence id.
        public var evidence: UUID
        /// Where it went.
        public var placement: Placement
        /// The record as stored (with `storedPath`, `duplicateOf` and reasons filled in).
        public var record: EvidenceRecord
    }

    /// The case.
    public var caseNumber: CaseNumber
    /// The new version's number (1 for a new case).
    public var version: Int
    /// When the version was created, UTC.
    public var created: Date
    /// One outcome per item, in the intake's order.
    public var items: [ItemOutcome]
    /// Every event this intake appended to the case's chain, hashed.
    public var events: [CustodyEvent]
}
