public import AcervoCore
public import Foundation

/// One case as the ledger lists it.
public struct CaseSummary: Sendable, Hashable {
    /// The protocol number.
    public var caseNumber: CaseNumber
    /// When the case's first version was created.
    public var openedAt: Date
    /// The number of the case's latest version.
    public var headVersion: Int
    /// Evidence on file for the case, stored or quarantined, duplicates included.
    public var evidenceCount: Int
    /// Evidence accepted into the case.
    public var acceptedCount: Int
    /// Evidence waiting for a person in the quarantine.
    public var reviewCount: Int
    /// Evidence refused and kept in the quarantine.
    public var rejectedCount: Int
    /// Events in the chain of custody.
    public var eventCount: Int
}

/// One version of a case object.
public struct VersionSummary: Sendable, Hashable {
    /// The version number, from 1.
    public var number: Int
    /// When it was created, UTC.
    public var created: Date
    /// Its message.
    public var message: String
    /// The operator who made it.
    public var userName: String
    /// `urn:acervo:<channel>`.
    public var userAddress: String
}

/// Everything the ledger knows about a case.
public struct CaseDetail: Sendable, Hashable {
    /// The summary.
    public var summary: CaseSummary
    /// Every evidence record, stored and quarantined, ordered by receipt.
    public var evidence: [EvidenceRecord]
    /// Every version, oldest first.
    public var versions: [VersionSummary]
    /// The chain of custody, in sequence.
    public var events: [CustodyEvent]
}
