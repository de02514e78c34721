public import Acervo
import AcervoCore
import AcervoStore
import Foundation

/// An intake report as the API answers it: the fields and names `acervo intake --json` prints, one
/// object per attachment, in an envelope with the case and version.
public struct IntakeReportJSON: Codable, Sendable {
    /// One attachment's outcome.
    public struct Item: Codable, Sendable {
        /// One reason behind the verdict, in English and Portuguese.
        public struct ReasonJSON: Codable, Sendable {
            public var code: String
            public var verdict: String
            public var detail: String
            public var message: String
            public var message_pt: String
        }
        public var index: Int
        public var file: String
        public var kind: String
        public var verdict: String
        public var reasons: [ReasonJSON]
        public var format: String
        public var mime: String
        public var description: String
        public var sha256: String
        public var bytes: Int64
        public var evidence: String
        public var stored_path: String?
        public var duplicate_of: String?
    }
    public var `case`: String
    public var version: Int?
    public var items: [Item]

    /// The JSON form of `report`.
    public init(_ report: IntakeReport) {
        `case` = report.caseNumber.rawValue
        version = report.version
        items = report.items.map { item in
            Item(index: item.index, file: item.declaredName, kind: item.kind.rawValue, verdict: item.verdict.rawValue,
                 reasons: item.reasons.map {
                     .init(code: $0.code.rawValue, verdict: $0.verdict.rawValue, detail: $0.detail,
                           message: $0.english, message_pt: $0.portuguese)
                 },
                 format: item.identification.format.rawValue, mime: item.identification.mime,
                 description: item.identification.description, sha256: item.sha256, bytes: item.byteCount,
                 evidence: item.evidenceID.uuidString.lowercased(), stored_path: item.storedPath,
                 duplicate_of: item.duplicateOf?.uuidString.lowercased())
        }
    }
}

/// A case as the API answers it: its summary, evidence records, versions and custody events.
struct CaseJSON: Encodable {
    var `case`: String
    var head_version: Int
    var evidence: [EvidenceRecord]
    var versions: [Int]
    var events: [CustodyEvent]

    init(_ detail: CaseDetail) {
        `case` = detail.summary.caseNumber.rawValue
        head_version = detail.summary.headVersion
        evidence = detail.evidence
        versions = detail.versions.map(\.number)
        events = detail.events
    }
}
