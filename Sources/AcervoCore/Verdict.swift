/// The outcome of validating an attachment against the policy of its document kind.
///
/// Ordered by gravity: `accepted < review < rejected`, so the verdict of several reasons is the maximum.
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Stored as evidence in the case.
    case accepted
    /// Kept aside in the quarantine for a person to decide.
    case review
    /// Refused; kept in the quarantine with its reasons, never in the case.
    case rejected

    private var rank: Int {
        switch self {
        case .accepted: 0
        case .review: 1
        case .rejected: 2
        }
    }

    /// Orders verdicts by gravity: accepted, review, rejected.
    public static func < (a: Verdict, b: Verdict) -> Bool { a.rank < b.rank }

    /// The verdict in Portuguese, as a consumer reads it.
    public var portuguese: String {
        switch self {
        case .accepted: "aceito"
        case .review: "em análise"
        case .rejected: "recusado"
        }
    }
}
