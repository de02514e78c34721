public import AcervoCore
public import Foundation

/// What happened to each attachment of an intake.
public struct IntakeReport: Sendable, Hashable {
    /// The case the attachments were sent for.
    public var caseNumber: CaseNumber
    /// The case version the intake wrote, `nil` if it wrote none (e.g. it was cancelled before storing).
    public var version: Int?
    /// One entry per attachment, in the order given.
    public var items: [Item]

    /// The outcome of one attachment.
    public struct Item: Sendable, Hashable {
        /// Position in the attachments given, from 0.
        public var index: Int
        /// The name the sender gave.
        public var declaredName: String
        /// The kind the sender declared.
        public var kind: DocumentKind
        /// The verdict.
        public var verdict: Verdict
        /// Every reason behind the verdict, gravest first, with messages in Portuguese and English.
        public var reasons: [Reason]
        /// The evidence id: of the stored evidence for accepted files (of the earlier copy for a
        /// duplicate), of the quarantined upload otherwise.
        public var evidenceID: UUID
        /// What the content is.
        public var identification: Identification
        /// Size of the original bytes.
        public var byteCount: Int64
        /// SHA-256 of the original bytes, lowercase hex.
        public var sha256: String
        /// The logical path of the original in the case object, for accepted evidence.
        public var storedPath: String?
        /// The earlier evidence these same bytes repeat, when no second copy was stored.
        public var duplicateOf: UUID?
    }

    /// How many items got each verdict.
    public var counts: [Verdict: Int] {
        Dictionary(grouping: items, by: \.verdict).mapValues(\.count)
    }
}

/// Progress of an intake, reported as each attachment moves through the stages.
public enum IntakeProgress: Sendable, Hashable {
    /// The attachment's bytes are staged and hashed.
    case received(index: Int, byteCount: Int64)
    /// The attachment's content was identified.
    case identified(index: Int, format: FileFormat)
    /// The display image and thumbnail of an accepted image were made (or the image could not be decoded,
    /// which rejects it).
    case normalized(index: Int, succeeded: Bool)
    /// The attachment's final verdict: the policy's judgement of its content, of whether an image it
    /// accepted could be decoded, and of whether it repeats evidence on the case. Sent once, after
    /// `normalized` where there is one, once every attachment of the intake is known (a duplicate is only
    /// known then), just before the store writes.
    case judged(index: Int, verdict: Verdict)
    /// The case version holding the intake was written.
    case stored(version: Int)
}
