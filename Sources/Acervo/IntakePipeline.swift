package import AcervoCore
import AcervoIdentify
import AcervoImaging
package import AcervoPolicy
package import AcervoStore
import AcervoSystem
package import Dispatch
package import Foundation
package import Logging

/// The intake pipeline: receive → identify → validate → normalize → store.
///
/// Receive streams each upload to the store's staging area on a receive queue; identify runs on a pool of
/// workers, each with its own libmagic cookie; validate is a pure function of the policy; normalize makes
/// the display image and thumbnail of accepted JPEG and PNG images, one decoder per worker; store writes one
/// atomic OCFL version per intake on the store's own queue. At most `maxInFlight` attachments are between
/// receive and validate at once, and none of them is held in memory, so a batch of any size runs in flat
/// memory.
package final class IntakePipeline: Sendable {
    let identifiers: WorkerPool<Identifier>
    let normalizers: WorkerPool<ImageNormalizer>
    let normalizeOptions: NormalizeOptions
    package let policy: Policy
    package let store: EvidenceStore
    package let logger: Logger
    let maxInFlight: Int
    /// Whether each intake becomes an OCFL version at once or joins its case's open version.
    package let versioning: IntakeCommit.Versioning
    /// Receive workers: serial queues, each with a thread of its own when busy. A concurrent queue would
    /// draw on Dispatch's shared pool, which blocking work elsewhere in the host process can starve.
    private let receivers: WorkerPool<Void>
    package let storeQueue: DispatchQueue
    /// One lock per case this archive has committed to: grading duplicates and committing happen under it,
    /// so two intakes of one case in this process never both take the same bytes for new. (Across
    /// processes the store still stores one copy, but only this process's policy grades the repetition.)
    private let caseLocks = Shared<[CaseNumber: NSLock]>([:])

    /// The lock this archive commits to `caseNumber` under.
    package func caseLock(_ caseNumber: CaseNumber) -> NSLock {
        caseLocks.withLock { locks in
            if let lock = locks[caseNumber] { return lock }
            let lock = NSLock()
            locks[caseNumber] = lock
            return lock
        }
    }

    init(store: EvidenceStore, policy: Policy, identifiers: WorkerPool<Identifier>,
         normalizers: WorkerPool<ImageNormalizer>, normalizeOptions: NormalizeOptions, maxInFlight: Int,
         versioning: IntakeCommit.Versioning, logger: Logger) {
        self.store = store
        self.policy = policy
        self.identifiers = identifiers
        self.normalizers = normalizers
        self.normalizeOptions = normalizeOptions
        self.maxInFlight = max(1, maxInFlight)
        self.versioning = versioning
        self.logger = logger
        self.receivers = WorkerPool(label: "acervo.receive", count: self.maxInFlight) { _ in () }
        // Concurrent: intakes for different cases commit at the same time (the store locks each case).
        self.storeQueue = DispatchQueue(label: "acervo.store", qos: .userInitiated, attributes: .concurrent)
    }

    func run(caseNumber: CaseNumber, attachments: [Attachment], operatorName: String, channel: Channel,
             progress: (@Sendable (IntakeProgress) -> Void)?) async throws(AcervoError) -> IntakeReport {
        var remaining = attachments.makeIterator()
        return try await run(caseNumber: caseNumber, next: { remaining.next() }, operatorName: operatorName,
                             channel: channel, progress: progress)
    }

    func run<Attachments: AsyncSequence>(
        caseNumber: CaseNumber, attachments: Attachments, operatorName: String, channel: Channel,
        progress: (@Sendable (IntakeProgress) -> Void)?
    ) async throws(AcervoError) -> IntakeReport where Attachments.Element == Attachment {
        var remaining = attachments.makeAsyncIterator()
        return try await run(caseNumber: caseNumber, next: { try await remaining.next() }, operatorName: operatorName,
                             channel: channel, progress: progress)
    }

    private func run(caseNumber: CaseNumber, next: () async throws -> Attachment?, operatorName: String,
                     channel: Channel,
                     progress: (@Sendable (IntakeProgress) -> Void)?) async throws(AcervoError) -> IntakeReport {
        let outcomes = try await judged(next: next, progress: progress)
        logger.debug("intake judged", metadata: ["case": "\(caseNumber)", "items": "\(outcomes.count)"])
        let store = self.store
        let logger = self.logger
        let report = try await BlockingWork.run(on: storeQueue) { _ throws(AcervoError) -> IntakeReport in
            let caseLock = self.caseLock(caseNumber)
            caseLock.lock()
            defer { caseLock.unlock() }
            do throws(AcervoError) {
                // Duplicates are known only once the whole intake is: graded here, on the store's queue,
                // so each verdict is reported once, final.
                let outcomes = try StoreStage.gradeDuplicates(outcomes, caseNumber: caseNumber, store: store,
                                                          policy: self.policy)
                for outcome in outcomes {
                    progress?(.judged(index: outcome.index, verdict: outcome.judgement.verdict))
                }
                return try StoreStage.commit(outcomes, caseNumber: caseNumber, operatorName: operatorName,
                                             channel: channel, store: store, policy: self.policy,
                                             versioning: self.versioning, logger: logger)
            } catch {
                // The store keeps staged files for a retry; this intake failed as an operation and
                // will not retry, so it leaves nothing in staging.
                for outcome in outcomes { self.discardStaged(outcome.received, outcome.normalized) }
                throw error
            }
        }
        if let version = report.version { progress?(.stored(version: version)) }
        return report
    }

    /// Receives, identifies and judges every attachment `next` gives (see ``judgeAll(next:progress:)``),
    /// with what stopped it as the intake's error: nothing was judged then, so it is never a verdict.
    package func judged(next: () async throws -> Attachment?,
                progress: (@Sendable (IntakeProgress) -> Void)?) async throws(AcervoError) -> [ItemOutcome] {
        do {
            return try await judgeAll(next: next, progress: progress)
        } catch let error as AcervoError {
            throw error
        } catch is CancellationError {
            throw AcervoError(.cancelled, english: "intake cancelled before anything was stored",
                              portuguese: "recebimento cancelado")
        } catch {
            // An upload's stream or the sequence of attachments failed: the client went away, or its
            // request could not be read. Nothing was judged, so this is the intake's failure, not a verdict.
            throw AcervoError(.cancelled, english: "an upload stopped before its end; nothing was stored",
                              portuguese: "um envio parou antes do fim; nada foi guardado", underlying: error)
        }
    }

    /// Receives, identifies and judges every attachment `next` gives, at most `maxInFlight` at a time;
    /// returns them in the order given. Files and bytes are received concurrently. A stream is received
    /// here, in the caller's task, before `next` is asked for the following attachment: the parts of a
    /// multipart body can only be read one after another. Its identification and judgement then run
    /// beside the next receive. Throws what `next` or a stream throws, or `CancellationError`, after
    /// removing everything it staged.
    private func judgeAll(next: () async throws -> Attachment?,
                          progress: (@Sendable (IntakeProgress) -> Void)?) async throws -> [ItemOutcome] {
        var outcomes: [ItemOutcome?] = []
        try await withThrowingTaskGroup(of: ItemOutcome.self) { group in
            do {
                var inFlight = 0
                while let attachment = try await next() {
                    while inFlight >= maxInFlight, let outcome = try await group.next() {
                        outcomes[outcome.index] = outcome
                        inFlight -= 1
                    }
                    let index = outcomes.count
                    outcomes.append(nil)
                    if case .stream(let upload) = attachment.source {
                        let received = try await receiveStream(upload, of: attachment)
                        group.addTask {
                            try await self.judge(attachment, index: index, received: received, progress: progress)
                        }
                    } else {
                        group.addTask { try await self.process(attachment, index: index, progress: progress) }
                    }
                    inFlight += 1
                }
                while let outcome = try await group.next() { outcomes[outcome.index] = outcome }
            } catch {
                group.cancelAll()
                while let result = await group.nextResult() {
                    if case .success(let outcome) = result { outcomes[outcome.index] = outcome }
                }
                for case let outcome? in outcomes { discardStaged(outcome.received, outcome.normalized) }
                throw error
            }
        }
        return outcomes.map { $0! }
    }

    /// A received attachment on its way to identification.
    private struct Receipt: Sendable {
        var evidenceID: UUID
        var file: ReceivedFile
        var at: Date
        /// The first bytes of a stream over the limit, to identify and then remove.
        var overLimitPrefix: URL?
    }

    private func stagingURL(for evidenceID: UUID) -> URL {
        store.stagingDirectory.appending(path: store.stagingPrefix + evidenceID.uuidString.lowercased())
    }

    /// Receives a streamed attachment into staging, in the caller's task; removes it again when the
    /// stream fails or the task is cancelled, and rethrows.
    private func receiveStream(_ upload: UploadStream, of attachment: Attachment) async throws -> Receipt {
        let evidenceID = UUID()
        let received = try await StreamReceiver.receive(
            upload, into: stagingURL(for: evidenceID), limit: policy.rule(for: attachment.kind).maxBytes,
            writers: receivers)
        return Receipt(evidenceID: evidenceID, file: received.file, at: Date(), overLimitPrefix: received.overLimitPrefix)
    }

    private func process(_ attachment: Attachment, index: Int,
                         progress: (@Sendable (IntakeProgress) -> Void)?) async throws -> ItemOutcome {
        try Task.checkCancellation()
        let evidenceID = UUID()
        let limit = policy.rule(for: attachment.kind).maxBytes
        let staged = stagingURL(for: evidenceID)
        // The receive runs on a Dispatch queue, where task cancellation cannot be seen: a flag carries it.
        let received: ReceivedFile = await receivers.run(withCancellation: { _, cancelled in
            Receiver.receive(attachment.source, into: staged, limit: limit, shouldStop: { cancelled.isSet })
        })
        return try await judge(attachment, index: index,
                               received: Receipt(evidenceID: evidenceID, file: received, at: Date(),
                                                 overLimitPrefix: received.overLimitPrefix),
                               progress: progress)
    }

    /// Identifies, judges and normalizes a received attachment. Throws `CancellationError` only, after
    /// removing what the attachment staged.
    private func judge(_ attachment: Attachment, index: Int, received receipt: Receipt,
                       progress: (@Sendable (IntakeProgress) -> Void)?) async throws -> ItemOutcome {
        let evidenceID = receipt.evidenceID
        let received = receipt.file
        let receivedAt = receipt.at
        defer { if let prefix = receipt.overLimitPrefix { try? FileManager.default.removeItem(at: prefix) } }
        progress?(.received(index: index, byteCount: received.byteCount))
        if Task.isCancelled || received.readError == Receiver.cancelled {
            discardStaged(received, nil)
            throw CancellationError()
        }
        if let error = received.sourceRefusal {
            // A link, FIFO, device or pseudo-file was handed over as a file: not the sender's content but
            // the caller's mistake (or a planted link), so it gets no verdict; the intake stops.
            throw error
        }
        if let error = received.stagingError {
            // Acervo's own staging file could not be written (a full disk, an I/O error): that says nothing
            // of the upload, so it gets no verdict; the intake stops as an operation.
            discardStaged(received, nil)
            throw error
        }

        let identification: Identification
        if let failure = received.readError {
            identification = Identification(format: .unknown, mime: "application/octet-stream",
                                            description: "unreadable", findings: [Finding(.unreadable, failure)])
        } else if let prefix = receipt.overLimitPrefix {
            // A stream over the limit was not read to its end: its first bytes say what it began as, and
            // what they lack says nothing about the upload, so their findings are left out.
            let head = await identifiers.run { identifier in identifier.identify(fileAt: prefix) }
            identification = Identification(format: head.format, mime: head.mime,
                                            description: head.description + " (first bytes only)")
        } else {
            // Over the limit nothing was staged; the source is identified where it is.
            let target: Attachment.Source = received.stagedURL.map { .file($0) } ?? attachment.source
            identification = await identifiers.run { identifier in
                switch target {
                case .file(let url): identifier.identify(fileAt: url)
                case .bytes(let data): identifier.identify(data: data)
                case .stream: Identification(format: .unknown, mime: "application/octet-stream",
                                             description: "not received")
                }
            }
        }
        let identifiedAt = Date()
        progress?(.identified(index: index, format: identification.format))

        let (sanitized, changed) = StoredName.sanitize(attachment.declaredName)
        var facts = IntakeFacts(kind: attachment.kind, identification: identification, byteCount: received.byteCount,
                                declaredName: attachment.declaredName, declaredMIME: attachment.declaredMIME,
                                sanitizedName: changed ? sanitized : nil)
        var judgement = policy.judge(facts)

        var normalized: NormalizedImage?
        if judgement.verdict == .accepted, NormalizeStage.formats.contains(identification.format),
           let staged = received.stagedURL {
            let format = identification.format
            let options = normalizeOptions
            let result = await normalizers.run { normalizer in
                NormalizeStage.normalize(staged, evidence: evidenceID, format: format, options: options, with: normalizer)
            }
            switch result {
            case .made(let image):
                normalized = image
            case .notDecoded(let failure):
                // Identified as an image, but not decodable within the limits: a fact the policy grades.
                facts.decodeFailure = failure
                judgement = policy.judge(facts)
            case .notWritten(let error):
                // Acervo could not write its own files (a full disk): no verdict, the intake stops.
                discardStaged(received, nil)
                throw error
            }
            progress?(.normalized(index: index, succeeded: normalized != nil))
        }
        if Task.isCancelled {
            discardStaged(received, normalized)
            throw CancellationError()
        }
        return ItemOutcome(index: index, attachment: attachment, evidenceID: evidenceID, sanitizedName: sanitized,
                           received: received, receivedAt: receivedAt, identification: identification,
                           facts: facts, judgement: judgement, identifiedAt: identifiedAt, judgedAt: Date(),
                           normalized: normalized)
    }

    /// Removes what an attachment left in staging when the intake stops before storing it.
    package func discardStaged(_ received: ReceivedFile, _ normalized: NormalizedImage?) {
        if let url = received.stagedURL { try? FileManager.default.removeItem(at: url) }
        for file in normalized?.files ?? [] { try? FileManager.default.removeItem(at: file.staged) }
    }
}
