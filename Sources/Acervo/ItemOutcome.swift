import AcervoCore
import AcervoPolicy
import Foundation

/// One attachment after receive, identify and validate: everything the store stage needs.
struct ItemOutcome: Sendable {
    var index: Int
    var attachment: Attachment
    var evidenceID: UUID
    var sanitizedName: String
    var received: ReceivedFile
    var receivedAt: Date
    var identification: Identification
    var judgement: Judgement
    var identifiedAt: Date
    var judgedAt: Date
}
