import Synchronization

/// The one way a task's cancellation reaches blocking work on a thread: the task's cancellation handler
/// sets the flag, and the work (a dossier pass, a batch of sniffed files) reads it between items.
package final class CancellationFlag: Sendable {
    private let value = Atomic<Bool>(false)

    package init() {}

    /// `true` once the task that started the work was cancelled.
    package var isSet: Bool { value.load(ordering: .relaxed) }

    /// Marks the work cancelled; called from the task's cancellation handler.
    package func set() { value.store(true, ordering: .relaxed) }
}
