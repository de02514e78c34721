package import AcervoCore
import Foundation
package import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension EvidenceStore {
    /// Commits one intake as one new OCFL version of the case's object (v1 for a new case), with its
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
            var transaction = try CommitTransaction(store: self, intake: intake, logger: logger)
            do throws(AcervoError) {
                return try transaction.run()
            } catch {
                if !error.isSimulatedCrash { transaction.abandon() }
                throw error
            }
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
