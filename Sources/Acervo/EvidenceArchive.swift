public import AcervoCore
import AcervoIdentify
public import AcervoImaging
public import AcervoPolicy
public import AcervoStore
import AcervoSystem
public import Foundation
public import Logging

/// Acervo as the complaint web API links it: open a store once, then hand it each complaint's
/// attachments and get a verdict for every one.
///
/// ```swift
/// let archive = try EvidenceArchive.open(at: URL(fileURLWithPath: "/srv/acervo"), logger: logger)
/// let report = try await archive.intake(
///     case: try CaseNumber(validating: "MS-2024-000123"),
///     attachments: [.bytes(upload, kind: .receipt, name: "nota.pdf", mime: "application/pdf")],
///     operatorName: "portal")
/// for item in report.items { print(item.verdict, item.reasons.map(\.portuguese)) }
/// ```
///
/// One archive is meant to live as long as the process: it owns one libmagic cookie per core. It is
/// `Sendable`; concurrent intakes are safe, and intakes for the same store from other processes are
/// serialised by the store's lock.
public final class EvidenceArchive: Sendable {
    /// The store the archive writes.
    public let store: EvidenceStore
    /// The policy it judges by.
    public let policy: Policy
    package let pipeline: IntakePipeline
    /// Where the archive's own work (dossiers) logs.
    let logger: Logger

    /// How the pipeline is sized.
    public struct Configuration: Sendable {
        /// Identification workers, each with its own libmagic cookie; default one per core.
        public var identifyWorkers: Int
        /// Attachments between receive and store at once; bounds open files and staging use.
        public var maxInFlight: Int
        /// The display image and thumbnail made from accepted images, and the decoder's limits; `nil`
        /// (the default) takes them from the policy's `images:` section, so one file governs intake.
        public var normalize: NormalizeOptions?
        /// How uploads reach the case's OCFL object. With limits (the default), each intake joins the case's
        /// open version — durable, indexed and readable at once, at a cost that does not grow with the case —
        /// and the open version becomes one OCFL version when it reaches a limit or a dossier is built. With
        /// `nil`, every intake is an OCFL version of its own at once (the `acervo intake` command's choice).
        public var openVersion: OpenVersionLimits?

        /// The default: one identifier and one image decoder per core, twice as many attachments in flight,
        /// derivatives and decoder limits as the policy says (2048 px display images and 320 px thumbnails
        /// at quality 85 in the built-in policy).
        public init(identifyWorkers: Int = ProcessInfo.processInfo.activeProcessorCount, maxInFlight: Int? = nil,
                    normalize: NormalizeOptions? = nil, openVersion: OpenVersionLimits? = OpenVersionLimits()) {
            self.identifyWorkers = max(1, identifyWorkers)
            self.maxInFlight = maxInFlight ?? self.identifyWorkers * 2
            self.normalize = normalize
            self.openVersion = openVersion
        }
    }

    /// Opens (or creates) the store in `directory` and starts the pipeline.
    ///
    /// Throws when the directory holds something other than an Acervo store, when it cannot be written,
    /// or when libmagic's database cannot be loaded.
    public static func open(at directory: URL, policy: Policy = .builtIn, configuration: Configuration = .init(),
                            logger: Logger = Logger(label: "acervo")) throws(AcervoError) -> EvidenceArchive {
        let store = try EvidenceStore.open(at: directory, logger: logger)
        let identifiers: WorkerPool<Identifier>
        do {
            identifiers = try WorkerPool(label: "acervo.identify", count: configuration.identifyWorkers) { _ in
                try Identifier()
            }
        } catch let error as AcervoError {
            throw error
        } catch {
            throw AcervoError(.library, "cannot start the identifier", underlying: error)
        }
        let normalizers = WorkerPool(label: "acervo.normalize", count: configuration.identifyWorkers) { _ in
            ImageNormalizer()
        }
        return EvidenceArchive(store: store, policy: policy, logger: logger, pipeline: IntakePipeline(
            store: store, policy: policy, identifiers: identifiers, normalizers: normalizers,
            normalizeOptions: configuration.normalize ?? NormalizeOptions(policy.images),
            maxInFlight: configuration.maxInFlight,
            versioning: configuration.openVersion.map { .openVersion($0) } ?? .newVersion, logger: logger))
    }

    private init(store: EvidenceStore, policy: Policy, logger: Logger, pipeline: IntakePipeline) {
        self.store = store
        self.policy = policy
        self.logger = logger
        self.pipeline = pipeline
    }

    /// Receives, identifies, validates and stores a complaint's attachments as one new version of the case.
    ///
    /// Files and bytes are received several at a time; streams one after another, in the order given
    /// (see ``intake(case:receiving:operatorName:channel:progress:)`` for parts read from one connection).
    /// Every attachment gets a verdict; bad files never throw. Accepted files become evidence in the case;
    /// rejected and review files go to the quarantine with their reasons. The same bytes sent again for the
    /// same case and kind are a `duplicate`, graded by the policy: accepted (the built-in policy), the item
    /// points at the earlier evidence and no second copy is stored; review or rejected, it goes to the
    /// quarantine. A full disk or an I/O error on Acervo's own files is never a verdict: the intake throws,
    /// judges and stores nothing, and leaves staging empty. A file source must be a regular file: a
    /// symbolic link (never followed), a FIFO, a device or a `/proc` pseudo-file is the caller's mistake
    /// (or a planted link), not the sender's content, and the intake throws `.invalidArgument` the same
    /// way. A file is read to the kind's byte limit plus one byte at most, as a stream is.
    ///
    /// - Parameters:
    ///   - caseNumber: the complaint's protocol number.
    ///   - attachments: the files, with their declared kind, name and MIME type.
    ///   - operatorName: who sent them (a service account, an operator), recorded in the custody log.
    ///   - channel: how they arrived.
    ///   - progress: called from the pipeline's queues as each attachment moves on.
    /// - Throws: `AcervoError` for operational failures only (the store cannot be written; cancelled; a
    ///   stream that threw; a file source that is not a regular file).
    public func intake(case caseNumber: CaseNumber, attachments: [Attachment], operatorName: String = "api",
                       channel: Channel = .api,
                       progress: (@Sendable (IntakeProgress) -> Void)? = nil) async throws(AcervoError) -> IntakeReport {
        try await pipeline.run(caseNumber: caseNumber, attachments: attachments, operatorName: operatorName,
                               channel: channel, progress: progress)
    }

    /// Receives, identifies, validates and stores attachments as they arrive, as one new version of the
    /// case: the intake of a multipart request, whose parts can only be read one after another.
    ///
    /// The sequence is asked for one attachment at a time. An attachment whose source is a stream
    /// (``Attachment/stream(_:kind:name:mime:)``) is received to its end (or to one byte past its kind's
    /// limit) before the sequence is asked for the next one, so a sequence that reads parts from one
    /// connection may give each part's body as that part's stream. Identification and judgement of one
    /// attachment run while the next is received. Nothing is stored until the sequence ends; then every
    /// attachment is committed together, in one version.
    ///
    /// ```swift
    /// let parts = MultipartAttachments(body: request.body, boundary: boundary)   // yields .stream attachments
    /// let report = try await archive.intake(case: caseNumber, receiving: parts)
    /// ```
    ///
    /// - Parameters:
    ///   - case: the complaint's protocol number.
    ///   - attachments: the attachments, in order; a stream's chunks are read before the next element.
    ///   - operatorName: who sent them, recorded in the custody log.
    ///   - channel: how they arrived.
    ///   - progress: called from the pipeline's queues as each attachment moves on.
    /// - Throws: ``AcervoError`` for operational failures only. When the sequence or one of its streams
    ///   throws (the client disconnected, the request body is malformed) or the task is cancelled, the
    ///   intake stores nothing, leaves nothing in staging and throws: an ``AcervoError`` the sequence threw
    ///   as it is, anything else as ``AcervoError/Code/cancelled`` with the original as `underlying`.
    public func intake<Attachments: AsyncSequence>(
        case caseNumber: CaseNumber, receiving attachments: Attachments, operatorName: String = "api",
        channel: Channel = .api, progress: (@Sendable (IntakeProgress) -> Void)? = nil
    ) async throws(AcervoError) -> IntakeReport where Attachments.Element == Attachment {
        try await pipeline.run(caseNumber: caseNumber, attachments: attachments, operatorName: operatorName,
                               channel: channel, progress: progress)
    }
}
