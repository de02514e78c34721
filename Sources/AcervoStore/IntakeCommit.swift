package import AcervoCore
package import Foundation

/// One intake for a case, as the pipeline hands it to the store: everything that becomes one new
/// version of the case's object (and its quarantine entries) at once.
package struct IntakeCommit: Sendable {
    /// What the store does with an item's file.
    public enum Disposition: String, Sendable, Hashable {
        /// Keep it in the case as `originals/<id>/<name>` (accepted evidence).
        case store
        /// Keep it in the quarantine with its record, outside the case (rejected or review).
        case quarantine
    }

    /// A file made from an original (a display image, a thumbnail), stored beside it.
    public struct Derivative: Sendable, Hashable {
        /// Its name under `derivatives/<evidence-id>/`, e.g. `display.jpg`; one safe path component.
        public var name: String
        /// Where the pipeline wrote it, in the store's staging directory.
        public var stagedFile: URL

        /// Makes a derivative.
        public init(name: String, stagedFile: URL) {
            self.name = name
            self.stagedFile = stagedFile
        }

        /// Its logical path in the case object once stored for `evidence`: `derivatives/<evidence-id>/<name>`.
        package func logicalPath(for evidence: UUID) -> String {
            EvidencePaths.derivative(evidence, name: name)
        }
    }

    /// One received file.
    public struct Item: Sendable {
        /// Everything known about it; `sha256` and `byteCount` must describe the staged bytes.
        public var record: EvidenceRecord
        /// Where the receive stage streamed it (normally under `EvidenceStore.stagingDirectory`); `nil` when
        /// no bytes were kept (an upload over the byte limit, or one that could not be read): such an item
        /// can only be quarantined, as its record alone.
        public var stagedFile: URL?
        /// Whether it goes into the case or the quarantine.
        public var disposition: Disposition
        /// Files made from it; only for stored items. They are kept under its own id even when the store
        /// finds its bytes repeat earlier evidence (the pipeline sends none for a duplicate it graded).
        public var derivatives: [Derivative]

        /// Makes an item.
        public init(record: EvidenceRecord, stagedFile: URL?, disposition: Disposition, derivatives: [Derivative] = []) {
            self.record = record
            self.stagedFile = stagedFile
            self.disposition = disposition
            self.derivatives = derivatives
        }
    }

    /// The case.
    public var caseNumber: CaseNumber
    /// Who ran the intake: the OCFL version's user name.
    public var operatorName: String
    /// How the files arrived: the version's user address is `urn:acervo:<channel>`.
    public var channel: Channel
    /// The version message, e.g. "intake of 3 attachments via cli".
    public var message: String
    /// The received files.
    public var items: [Item]
    /// The pipeline's events for this intake (received, identified, validated, ...), in order. The store
    /// puts `opened` before them for a new case and appends its own after them: `stored`, `quarantined` or
    /// `deduplicated` per item.
    public var events: [CustodyDraft]
    /// Whether the intake becomes an OCFL version now or joins the case's open version.
    public var versioning: Versioning

    /// Makes an intake.
    public init(caseNumber: CaseNumber, operatorName: String, channel: Channel, message: String, items: [Item],
                events: [CustodyDraft], versioning: Versioning = .newVersion) {
        self.caseNumber = caseNumber
        self.operatorName = operatorName
        self.channel = channel
        self.message = message
        self.items = items
        self.events = events
        self.versioning = versioning
    }

    /// How an intake reaches the case's OCFL object.
    public enum Versioning: Sendable, Hashable {
        /// One new OCFL version now, holding this intake and whatever waited in the open version.
        case newVersion
        /// Into the case's open version, durable and indexed at once; the open version is sealed into one
        /// OCFL version when it reaches `limits`, when a dossier is built, or on `EvidenceStore.seal(_:)`.
        case openVersion(OpenVersionLimits)
    }
}
