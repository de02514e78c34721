public import Foundation

/// One link of a case's chain of custody. Append-only: `hash` is SHA-256 over `previousHash` and the
/// canonical JSON of every other field, so editing any event breaks every hash after it.
public struct CustodyEvent: Sendable, Hashable, Codable {
    /// What happened.
    public struct EventType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        /// The stable name, as stored and printed.
        public let rawValue: String
        /// Wraps a stable name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The stable name, as stored and printed.
        public var description: String { rawValue }
        /// Reads the value from its stable name, a JSON string.
        public init(from decoder: any Decoder) throws {
            self.rawValue = try decoder.singleValueContainer().decode(String.self)
        }
        /// Writes the value as its stable name, a JSON string.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(rawValue)
        }

        /// The case was opened in the store.
        public static let opened = EventType(rawValue: "opened")
        /// The bytes were received and hashed.
        public static let received = EventType(rawValue: "received")
        /// The content was identified.
        public static let identified = EventType(rawValue: "identified")
        /// The policy gave a verdict.
        public static let validated = EventType(rawValue: "validated")
        /// Derivatives were made.
        public static let normalized = EventType(rawValue: "normalized")
        /// The original was stored in a version of the case.
        public static let stored = EventType(rawValue: "stored")
        /// The file was set aside in the quarantine.
        public static let quarantined = EventType(rawValue: "quarantined")
        /// The same bytes were already stored; the new receipt points at them.
        public static let deduplicated = EventType(rawValue: "deduplicated")
        /// Scanned pages were made into a legal digital document (PDF/A or PNG), with its Anexo II metadata.
        public static let digitized = EventType(rawValue: "digitized")
        /// A digitized document was signed; or, with `signed: false`, was stored without the signature that
        /// gives it the paper's legal value.
        public static let signed = EventType(rawValue: "signed")
        /// A dossier was built.
        public static let bundled = EventType(rawValue: "bundled")
        /// The case's fixity was verified.
        public static let verified = EventType(rawValue: "verified")
    }

    /// Position in the case's chain, from 1.
    public var sequence: Int
    /// The case.
    public var caseNumber: CaseNumber
    /// The evidence concerned, if any.
    public var evidence: UUID?
    /// What happened.
    public var type: EventType
    /// When, in UTC.
    public var at: Date
    /// Who did it: an operator, a service, `acervo`.
    public var actor: String
    /// Facts about the event (a digest, a verdict, a version), as strings.
    public var details: [String: String]
    /// The hash of the previous event; 64 zeros for the first.
    public var previousHash: String
    /// SHA-256 over `previousHash` and the canonical JSON of the other fields.
    public var hash: String

    /// Makes an event; the hash is computed by the custody log that appends it.
    public init(sequence: Int, caseNumber: CaseNumber, evidence: UUID?, type: EventType, at: Date, actor: String,
                details: [String: String], previousHash: String, hash: String = "") {
        self.sequence = sequence
        self.caseNumber = caseNumber
        self.evidence = evidence
        self.type = type
        self.at = at
        self.actor = actor
        self.details = details
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The hash of the first event's predecessor.
    public static let genesisHash = String(repeating: "0", count: 64)
}
