import AcervoCore
import Foundation

/// Operational failures: a disk that is full or read-only, a journal or store that cannot be written, a
/// library that cannot be loaded. None of them is a verdict on a file: what failed stays where it was
/// (in the inbox, or journaled in hand), the station says so once, takes no new work for a pause, then
/// tries again, and says it resumed once a round of work goes through and its disks can take writes.
extension Station {
    /// How long the station takes no new work after an operational failure.
    var pauseSeconds: Double { max(1, min(settings.pollSeconds, 30)) }

    /// Whether the station is pausing after an operational failure.
    var paused: Bool { pausedUntil.map { Date() < $0 } ?? false }

    /// The same failure, still failing, is said again after this long, so a log shows it goes on.
    private static let repeatAfter: TimeInterval = 60

    /// Records an operational failure: pauses, then the work is tried again; the failure is said (logged,
    /// kept as the status's last error when the journal can be written, and emitted as `failed`, with
    /// what `statvfs` says of the station's disks) when it is new or has gone on for a minute.
    func operationalFailure(_ error: AcervoError) {
        let now = Date()
        pausedUntil = now.addingTimeInterval(pauseSeconds)
        // A full scan after the pause finds what could not be journaled while it lasted.
        nextFullScan = min(nextFullScan, pausedUntil ?? now)
        if let said = problemSaidAt, now.timeIntervalSince(said) < Self.repeatAfter { return }
        problemSaidAt = now
        let disks = DiskProblem.check(layout).map(\.message)
        let pause = "pausa de \(Int(pauseSeconds)) s/pausing \(Int(pauseSeconds)) s"
        reportFailure(([error.message] + disks + [pause]).joined(separator: "; "))
    }

    /// After a tick in which nothing failed (a failure pauses for at least a second, so a tick that failed
    /// ends paused), once its disks can take writes: the station says it resumed.
    func noteRecovery() {
        guard problemSaidAt != nil, !paused, !recoveryPending, DiskProblem.check(layout).isEmpty else { return }
        problemSaidAt = nil
        pausedUntil = nil
        emit(StationEvent(.resumed, path: layout.inbox.path, message: "retomada/resumed"))
    }
}
