import AcervoCore
import Foundation

/// The marker a commit writes once its version is fully built and synced, just before it starts
/// changing the case's object, and removes when everything (quarantine, ledger) is done. A marker
/// found at open means a writer died in between: recovery rolls the commit forward when the version
/// reached the object, and discards it when it did not.
struct CommitJournal: Codable, Sendable, Equatable {
    var transaction: String
    var caseNumber: CaseNumber
    var version: Int
    /// Evidence ids whose quarantine entries wait in the transaction directory (in the piece, for a
    /// commit into the open version).
    var quarantined: [UUID]
    /// The piece of the open version this commit publishes (`nil` when it makes an OCFL version).
    var piece: String? = nil
    /// The pieces of the open version this commit seals into its version, removed once it is in place.
    var sealedPieces: [String]? = nil

    static func url(_ layout: StoreLayout, transaction: String) -> URL {
        layout.journal.appendingPathComponent("\(transaction).json")
    }
}

/// The points of a commit where a crash leaves a distinct state on disk. Tests stop a commit at each
/// to check recovery; `ACERVO_TEST_CRASH_AT=<step>` makes a real process die there with `_exit`,
/// which, like SIGKILL, runs no cleanup. Debug builds only: see `FaultInjection`.
enum CommitStep: String, Sendable, CaseIterable {
    /// The version is built and synced in staging; no marker yet.
    case built
    /// The marker is written; the object is untouched.
    case journaled
    /// The version directory (or the whole new object) is in the object; the root inventory is old.
    case versionMoved = "version-moved"
    /// The root inventory is new; its sidecar still names the old one.
    case rootInventory = "root-inventory"
    /// The root inventory and sidecar are new; quarantine entries still wait in staging.
    case rootSidecar = "root-sidecar"
    /// Quarantine entries are in place; the ledger is not updated yet.
    case quarantined
    /// The ledger is updated; the marker and staging leftovers remain.
    case indexed

    static let environmentVariable = "ACERVO_TEST_CRASH_AT"
}

/// Thrown by a test hook to stop a commit as a crash would: no cleanup runs after it.
struct SimulatedCrash: Error, Sendable {
    var step: CommitStep
}

extension AcervoError {
    var isSimulatedCrash: Bool { underlying is SimulatedCrash }
}
