public import AcervoCore
import AcervoSystem
import Foundation
package import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension EvidenceStore {
    /// Commits one intake as one new OCFL version of the case's object (v1 for a new case), or into the
    /// case's open version when `intake.versioning` says so (see `seal(_:)`), with its
    /// quarantine entries, custody events and ledger rows, atomically: a crash at any point leaves the
    /// previous version intact, and the next `open` either finishes the commit or discards it.
    ///
    /// Staged files are consumed on success; on failure they stay where they were. Items whose
    /// evidence id the case already holds are not stored again (a retried intake is a no-op), and an
    /// item repeating the bytes of evidence of the same kind is recorded as a duplicate without a
    /// second copy: its record's `duplicateOf` names the original. The store only reports the repetition;
    /// what it weighs is the policy's to say, before the commit (an item the policy does not accept comes
    /// with disposition `quarantine` and is kept there).
    package func commit(_ intake: IntakeCommit) throws(AcervoError) -> CommitOutcome {
        try commit(intake, logger: logger)
    }

    /// Commits one intake, logging to `logger` (the caller's, with its request or batch metadata)
    /// instead of the store's own; see `commit(_:)`.
    package func commit(_ intake: IntakeCommit, logger: Logger) throws(AcervoError) -> CommitOutcome {
        try holding(case: intake.caseNumber, .exclusive) { () throws(AcervoError) -> CommitOutcome in
            var intake = intake
            if case .openVersion = intake.versioning, !DurableFiles.isDirectory(layout.object(intake.caseNumber)) {
                // A new case becomes its OCFL object at once, its first intake v1: any reader finds the case.
                intake.versioning = .newVersion
            }
            let outcome = try run(intake, logger: logger)
            guard case .openVersion(let limits) = intake.versioning else { return outcome }
            do throws(AcervoError) {
                if try openVersionReached(limits, of: intake.caseNumber) {
                    _ = try run(sealing(intake.caseNumber), logger: logger)
                }
            } catch {
                // The upload is committed whatever becomes of the seal: the next commit or seal tries again.
                if error.isSimulatedCrash { throw error }
                logger.error("could not seal the open version", metadata: ["case": "\(intake.caseNumber)", "error": "\(error)"])
            }
            return outcome
        }
    }

    /// Seals the case's open version into one OCFL version now; does nothing when it has none.
    ///
    /// Uploads that join a case's open version (`EvidenceArchive.Configuration.openVersion`) are durable,
    /// indexed and readable at once, but reach the OCFL object (case versions, other OCFL tools) only when
    /// it is sealed: when it reaches its limits, when a dossier is built, or here.
    public func seal(_ caseNumber: CaseNumber) throws(AcervoError) {
        try holding(case: caseNumber, .exclusive) { () throws(AcervoError) in
            guard !OpenVersion(layout: layout, caseNumber: caseNumber).pieces().isEmpty else { return }
            _ = try run(sealing(caseNumber), logger: logger)
        }
    }

    private func sealing(_ caseNumber: CaseNumber) -> IntakeCommit {
        IntakeCommit(caseNumber: caseNumber, operatorName: "acervo", channel: .api, message: "", items: [], events: [])
    }

    /// Whether the open version reached a limit: read from its newest piece's running totals alone.
    private func openVersionReached(_ limits: OpenVersionLimits, of caseNumber: CaseNumber) throws(AcervoError) -> Bool {
        guard let last = OpenVersion(layout: layout, caseNumber: caseNumber).pieces().last else { return false }
        let manifest = try last.manifest()
        let since = StoreDate.parse(manifest.openSince) ?? Date()
        return manifest.openPieces >= limits.uploads || manifest.openBytes >= limits.bytes
            || Date().timeIntervalSince(since) >= limits.age
    }

    /// Runs one transaction; the caller holds the case's lock.
    private func run(_ intake: IntakeCommit, logger: Logger) throws(AcervoError) -> CommitOutcome {
        var transaction = try CommitTransaction(store: self, intake: intake, logger: logger)
        do throws(AcervoError) {
            return try transaction.run()
        } catch {
            if !error.isSimulatedCrash { transaction.abandon() }
            throw error
        }
    }

    /// Stops here when a test asked for a crash at `step`; does nothing in a release build (see
    /// `FaultInjection`).
    func checkpoint(_ step: CommitStep, logger: Logger) throws(AcervoError) {
        #if DEBUG
        if ProcessInfo.processInfo.environment[CommitStep.environmentVariable] == step.rawValue {
            logger.critical("ACERVO_TEST_CRASH_AT: dying at \(step.rawValue)")
            _exit(86)
        }
        if let crashHook, crashHook(step) {
            throw AcervoError(.cancelled, "simulated crash at \(step.rawValue)", underlying: SimulatedCrash(step: step))
        }
        #endif
    }
}
