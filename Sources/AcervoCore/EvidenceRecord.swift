public import Foundation

/// Everything Acervo knows about one received file. Stored as `metadata/evidence/<id>.json` in the
/// case's OCFL object (accepted evidence) or beside the file in the quarantine (review, rejected).
public struct EvidenceRecord: Sendable, Hashable, Codable, Identifiable {
    /// The evidence id, assigned on receipt.
    public var id: UUID
    /// The case it was sent for.
    public var caseNumber: CaseNumber
    /// The kind the sender declared.
    public var kind: DocumentKind
    /// The file name as declared by the sender (untrusted, kept for the record).
    public var declaredName: String
    /// The MIME type as declared by the sender (untrusted, kept for the record).
    public var declaredMIME: String?
    /// The name the file is stored under.
    public var sanitizedName: String
    /// Size of the original bytes.
    public var byteCount: Int64
    /// SHA-256 of the original bytes, lowercase hex.
    public var sha256: String
    /// What the content is.
    public var identification: Identification
    /// The verdict of the kind's policy.
    public var verdict: Verdict
    /// Every reason behind the verdict, including those only recorded.
    public var reasons: [Reason]
    /// When the last byte was received.
    public var receivedAt: Date
    /// How it arrived.
    public var channel: Channel
    /// Who sent or scanned it (a user name, an operator id, a service account).
    public var operatorName: String
    /// The logical path of the original in the case object, for accepted evidence.
    public var storedPath: String?
    /// The evidence this one repeats, when the same bytes were already stored for the case and kind.
    public var duplicateOf: UUID?
    /// Logical paths of the files made from the original (display image, thumbnail), for accepted
    /// images; absent in records written before Acervo made derivatives.
    public var derivatives: [String]?
    /// The legal digital document made from this page file and the others of its scan, on the record of
    /// its first page; absent for every other evidence.
    public var digitized: DigitizedDocument?

    /// Makes a record.
    public init(id: UUID, caseNumber: CaseNumber, kind: DocumentKind, declaredName: String, declaredMIME: String?,
                sanitizedName: String, byteCount: Int64, sha256: String, identification: Identification,
                verdict: Verdict, reasons: [Reason], receivedAt: Date, channel: Channel, operatorName: String,
                storedPath: String? = nil, duplicateOf: UUID? = nil, derivatives: [String]? = nil,
                digitized: DigitizedDocument? = nil) {
        self.id = id
        self.caseNumber = caseNumber
        self.kind = kind
        self.declaredName = declaredName
        self.declaredMIME = declaredMIME
        self.sanitizedName = sanitizedName
        self.byteCount = byteCount
        self.sha256 = sha256
        self.identification = identification
        self.verdict = verdict
        self.reasons = reasons
        self.receivedAt = receivedAt
        self.channel = channel
        self.operatorName = operatorName
        self.storedPath = storedPath
        self.duplicateOf = duplicateOf
        self.derivatives = derivatives
        self.digitized = digitized
    }
}
