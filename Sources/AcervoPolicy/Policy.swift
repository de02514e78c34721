public import AcervoCore

/// The rules an intake applies: which formats each document kind takes, how large, what goes to review,
/// how grave each structural finding is, and what an image may ask of its decoder. Loaded from YAML
/// (`Pipelines/complaint-intake.yml`).
public struct Policy: Sendable, Hashable {
    /// The rules of one document kind.
    public struct KindRule: Sendable, Hashable {
        /// Formats stored as evidence when nothing else is wrong.
        public var accept: Set<FileFormat>
        /// Formats taken only after a person reviews them.
        public var review: Set<FileFormat>
        /// The largest upload this kind takes, in bytes.
        public var maxBytes: Int64
        /// The body's classification plan and retention table for this kind (its `archive:` section):
        /// the Anexo II fields a digitized document of this kind starts from. `nil` when the kind has no
        /// such section: paper of this kind is not digitized as a legal document (Decreto 10.278 does not
        /// cover identity documents, for one), it stays an evidence copy.
        public var archive: ArchivalMetadata?

        /// Makes a rule.
        public init(accept: Set<FileFormat>, review: Set<FileFormat> = [], maxBytes: Int64,
                    archive: ArchivalMetadata? = nil) {
            self.accept = accept
            self.review = review
            self.maxBytes = maxBytes
            self.archive = archive
        }
    }

    /// The policy file's format version.
    public var version: Int
    /// Formats refused whatever the kind.
    public var alwaysRejected: Set<FileFormat>
    /// The verdict each reason code carries. Codes not listed here carry `review`: an unknown
    /// problem is a person's call, never silently accepted.
    public var gravity: [ReasonCode: Verdict]
    /// The rules of every document kind.
    public var kinds: [DocumentKind: KindRule]
    /// Decoder limits checked before an image is decoded, and the sizes of its derivatives.
    public var images: ImagePolicy

    /// Makes a policy from its parts. Every document kind must have a rule.
    public init(version: Int = 1, alwaysRejected: Set<FileFormat>, gravity: [ReasonCode: Verdict],
                kinds: [DocumentKind: KindRule], images: ImagePolicy = .standard) {
        self.version = version
        self.alwaysRejected = alwaysRejected
        self.gravity = gravity
        self.kinds = kinds
        self.images = images
    }

    /// The rule of a kind. Every loaded policy has one for each kind.
    public func rule(for kind: DocumentKind) -> KindRule {
        kinds[kind] ?? KindRule(accept: [], maxBytes: 0)
    }

    /// A reason with the gravity this policy gives its code.
    public func reason(_ code: ReasonCode, _ detail: String = "") -> Reason {
        Reason(code: code, verdict: Self.fixedGravity[code] ?? gravity[code] ?? .review, detail: detail)
    }

    /// The Anexo II fields a kind's `archive:` section may set: the classification plan and retention
    /// table, and defaults for what a scanning station cannot know.
    public static let archiveFields: [ArchivalMetadata.Field] = [
        .classe, .tipoDocumental, .genero, .prazoGuarda, .destinacaoPrevista, .titulo, .assunto, .autor,
    ]

    /// Codes whose gravity is part of what they mean, whatever a policy file says. A scanned page that is
    /// too large, cannot be read or is not taken has no image to archive: a document written without it
    /// would lack a page of the paper, so those always refuse the document.
    package static let fixedGravity: [ReasonCode: Verdict] = [
        .empty: .rejected, .tooLarge: .rejected, .typeNotAllowed: .rejected, .forbiddenType: .rejected,
        .needsReview: .review, .pageTooLarge: .rejected, .unreadablePage: .rejected, .unsupportedPage: .rejected,
    ]

    /// Acervo's built-in policy: the text of `Pipelines/complaint-intake.yml`, embedded in the library.
    public static let builtIn: Policy = {
        do {
            return try Policy(yaml: builtInPolicyText, source: "built-in complaint-intake.yml")
        } catch {
            // The embedded text is checked by the test suite; reaching this is a build defect.
            fatalError("the built-in policy does not load: \(error)")
        }
    }()
}
