import AcervoCore
import AcervoDigitize
import AcervoPolicy
import AcervoStore
import AcervoSystem
import Foundation

/// The intake of a scanned document: its page files staged and judged like any upload, the legal digital
/// document made from the staged copies, and both committed as one version, or every page file
/// quarantined with the reasons that refused the document.
extension IntakePipeline {
    func runDigitized(pages: [URL], caseNumber: CaseNumber, kind: DocumentKind, options: DigitizedIntakeOptions,
                      progress: (@Sendable (DigitizedIntakeProgress) -> Void)?) async throws(AcervoError) -> DigitizedIntakeReport {
        guard !pages.isEmpty else {
            throw AcervoError(.invalidArgument, english: "a digitized document needs at least one page file",
                              portuguese: "um documento digitalizado precisa de ao menos um arquivo de página")
        }
        // The metadata is checked before a byte is staged: a missing field is the operator's to fix.
        let metadata = try options.metadata(for: kind, policy: policy)
        let names = options.pageNames?.count == pages.count ? options.pageNames : nil
        var remaining = pages.enumerated().map { Attachment.file($1, kind: kind, name: names?[$0]) }.makeIterator()
        let outcomes = try await judged(next: { remaining.next() },
                                        progress: progress.map { report in { @Sendable step in report(.intake(step)) } })

        var staged: StagedDocument?
        // The commit consumes the document's files; their directory goes once the intake ends, however.
        defer { if let directory = staged?.directory { DurableFiles.remove(directory) } }
        var findings: [DigitizationFinding] = []
        if outcomes.allSatisfy({ $0.judgement.verdict == .accepted && $0.received.stagedURL != nil }) {
            do throws(AcervoError) {
                switch try await digitize(outcomes, caseNumber: caseNumber, metadata: metadata, options: options,
                                          progress: progress) {
                case .written(let document):
                    staged = document
                    findings = document.result.findings
                case .refused(let refusal):
                    findings = refusal
                }
            } catch {
                for outcome in outcomes { discardStaged(outcome.received, outcome.normalized) }
                throw error
            }
        }

        let store = self.store
        let logger = self.logger
        let policy = self.policy
        let versioning = self.versioning
        let document = staged
        let refusal = findings
        let (report, stored) = try await BlockingWork.run(on: storeQueue) {
            _ throws(AcervoError) -> (IntakeReport, StagedDocument?) in
            let caseLock = self.caseLock(caseNumber)
            caseLock.lock()
            defer { caseLock.unlock() }
            do throws(AcervoError) {
                var graded = outcomes
                var kept = document
                if document != nil {
                    graded = try StoreStage.gradeDuplicates(outcomes, caseNumber: caseNumber, store: store, policy: policy)
                    // A page the policy sends to the quarantine as a repetition takes the document with it.
                    if !graded.allSatisfy({ $0.judgement.verdict == .accepted }) { kept = nil }
                }
                if kept == nil { graded = Self.refusing(graded, findings: refusal) }
                for outcome in graded {
                    progress?(.intake(.judged(index: outcome.index, verdict: outcome.judgement.verdict)))
                }
                let report = try StoreStage.commit(graded, caseNumber: caseNumber, operatorName: options.operatorName,
                                                   channel: options.channel, store: store, policy: policy,
                                                   versioning: versioning, document: kept, logger: logger)
                return (report, kept)
            } catch {
                for outcome in outcomes { self.discardStaged(outcome.received, outcome.normalized) }
                throw error
            }
        }
        if let version = report.version { progress?(.intake(.stored(version: version))) }
        let description = stored.map { $0.description(firstPage: outcomes[0].evidenceID, sources: outcomes.map(\.evidenceID)) }
        return DigitizedIntakeReport(intake: report, document: description, findings: findings)
    }

    /// What the digitizer made of the staged pages: the document in a staging directory of its own, or the
    /// quality gate's refusal (nothing written, the directory removed).
    private enum Digitization {
        case written(StagedDocument)
        case refused([DigitizationFinding])
    }

    /// Digitizes the staged copies of the page files: the document is made from the very bytes the case
    /// keeps. Its identifier is `<case>/<first page's evidence id>`, which names it wherever it goes
    /// (the first page's derivatives are at `derivatives/<that id>/`).
    private func digitize(_ outcomes: [ItemOutcome], caseNumber: CaseNumber, metadata: ArchivalMetadata,
                          options: DigitizedIntakeOptions,
                          progress: (@Sendable (DigitizedIntakeProgress) -> Void)?) async throws(AcervoError) -> Digitization {
        let first = outcomes[0].evidenceID
        let directory = store.stagingDirectory.appending(path: store.stagingPrefix + "documento-" + first.uuidString.lowercased())
        try DurableFiles.makeDirectory(directory)
        let output = directory.appending(path: options.profile.outputIsPNG ? "documento.png" : "documento.pdf")
        let request = DigitizationRequest(
            pages: outcomes.compactMap { $0.received.stagedURL?.path }, profile: options.profile,
            conformance: options.conformance, ocr: options.ocr, statedDPI: options.statedDPI, metadata: metadata,
            signer: options.signer, grades: policy.digitizationGrades, tessdata: options.tessdata,
            concurrentPages: options.concurrentPages, incompleteMetadata: options.incompleteMetadata)
        let outcome: DigitizationOutcome
        do {
            outcome = try await Digitizer().digitize(
                request, to: output, identifier: Self.identifier(caseNumber: caseNumber, firstPage: first),
                digitizedAt: Date()) { step in progress?(.digitization(step)) }
        } catch {
            DurableFiles.remove(directory)
            throw Self.operational(error)
        }
        // The digitizer read the staged copies: its findings name the files as the sender did.
        let names = Dictionary(outcomes.compactMap { o in o.received.stagedURL.map { ($0.lastPathComponent, o.attachment.declaredName) } },
                               uniquingKeysWith: { a, _ in a })
        func named(_ findings: [DigitizationFinding]) -> [DigitizationFinding] {
            findings.map { finding in
                var renamed = finding
                for (staged, declared) in names {
                    renamed.detail = renamed.detail.replacingOccurrences(of: staged, with: declared)
                    renamed.detailPortuguese = renamed.detailPortuguese?.replacingOccurrences(of: staged, with: declared)
                }
                return renamed
            }
        }
        switch outcome {
        case .written(var result):
            result.findings = named(result.findings)
            var document = StagedDocument(result: result, directory: directory, writtenAt: Date())
            if let sheet = options.coverSheet {
                do throws(AcervoError) {
                    document.coverSheet = try Self.stageCoverSheet(sheet, in: directory)
                } catch {
                    DurableFiles.remove(directory)
                    throw error
                }
            }
            return .written(document)
        case .refused(let findings, _):
            DurableFiles.remove(directory)
            return .refused(named(findings))
        }
    }

    /// Copies the scanned cover sheet at `sheet` into the document's staging `directory` as
    /// `folha-de-rosto.<ext>` (its own extension, lowercased; `bin` without one), hashing it as it goes.
    private static func stageCoverSheet(_ sheet: URL, in directory: URL) throws(AcervoError) -> StagedDocument.CoverSheetCopy {
        let ext = sheet.pathExtension.lowercased().filter { $0.isLetter || $0.isNumber }
        let name = "folha-de-rosto." + (ext.isEmpty ? "bin" : String(ext.prefix(8)))
        let target = directory.appending(path: name)
        // A sheet is one scanned page: 64 MB is far more than one holds.
        let bytes = try DurableFiles.read(sheet, limit: 64 << 20)
        try DurableFiles.writeNew(bytes, to: target)
        let digest = Hex.sha256(bytes)
        return StagedDocument.CoverSheetCopy(name: name, stagedFile: target, sha256: digest)
    }

    /// The Anexo II identifier of a document digitized into a case: `<case>/<first page's evidence id>`.
    static func identifier(caseNumber: CaseNumber, firstPage: UUID) -> String {
        "\(caseNumber.rawValue)/\(firstPage.uuidString.lowercased())"
    }

    /// A digitizer's failure as the intake's operational error.
    private static func operational(_ error: any Error) -> AcervoError {
        switch error {
        case let error as AcervoError: error
        case let error as SigningError: error.acervoError
        case is CancellationError:
            AcervoError(.cancelled, english: "intake cancelled before anything was stored", portuguese: "recebimento cancelado")
        default:
            AcervoError(.library, english: "the document could not be digitized: \(error)",
                        portuguese: "o documento não pôde ser digitalizado: \(error)", underlying: error)
        }
    }

    /// The page files of a refused document, each judged with its own reasons and the document's: the gate's
    /// findings (their page in the detail) and the reasons other page files were not accepted (their name
    /// in the detail). Every one goes to the quarantine; nothing of the document enters the case.
    static func refusing(_ outcomes: [ItemOutcome], findings: [DigitizationFinding]) -> [ItemOutcome] {
        let gate = findings.map { finding in
            let portuguese = finding.detailPortuguese ?? finding.detail
            return Reason(code: finding.code.reasonCode, verdict: finding.verdict,
                          detail: finding.page.map { "page \($0)" + (finding.detail.isEmpty ? "" : ": \(finding.detail)") } ?? finding.detail,
                          detailPortuguese: finding.page.map { "página \($0)" + (portuguese.isEmpty ? "" : ": \(portuguese)") } ?? portuguese)
        }
        let pageReasons = outcomes.map { outcome in
            outcome.judgement.reasons.filter { $0.verdict != .accepted }.map { reason in
                Reason(code: reason.code, verdict: reason.verdict,
                       detail: outcome.attachment.declaredName + (reason.detail.isEmpty ? "" : ": \(reason.detail)"),
                       detailPortuguese: reason.detailPortuguese.map { outcome.attachment.declaredName + ($0.isEmpty ? "" : ": \($0)") })
            }
        }
        return outcomes.enumerated().map { index, outcome in
            var refused = outcome
            let others = pageReasons.enumerated().filter { $0.offset != index }.flatMap(\.element)
            refused.judgement = Judgement(reasons: outcome.judgement.reasons + gate + others)
            refused.judgedAt = Date()
            return refused
        }
    }
}
