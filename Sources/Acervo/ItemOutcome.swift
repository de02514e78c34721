import AcervoCore
package import AcervoPolicy
package import Foundation

/// One attachment after receive, identify and validate: everything the store stage needs.
package struct ItemOutcome: Sendable {
    package var index: Int
    package var attachment: Attachment
    package var evidenceID: UUID
    var sanitizedName: String
    package var received: ReceivedFile
    var receivedAt: Date
    var identification: Identification
    /// What the policy judged; the store stage adds whether the upload repeats evidence on the case.
    var facts: IntakeFacts
    package var judgement: Judgement
    var identifiedAt: Date
    /// When the last fact was known: after decoding and after the duplicate check.
    package var judgedAt: Date
    /// What the normalize stage made, for accepted images.
    package var normalized: NormalizedImage?
}

/// The derivatives of one accepted image, staged beside its original.
package struct NormalizedImage: Sendable {
    /// Name under `derivatives/<evidence-id>/` and staged file, display image first.
    var files: [(name: String, staged: URL)]
    /// Facts for the custody log.
    var details: [String: String]
    var at: Date
}
