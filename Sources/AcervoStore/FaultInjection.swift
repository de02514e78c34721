/// Whether this build can stop a commit on purpose, at a `CommitStep`, for the crash tests: through the
/// `ACERVO_TEST_CRASH_AT` environment variable (a real process dies there) or a store's crash hook.
///
/// Only debug builds carry it: in a release build the checkpoints compile to nothing, so no environment
/// variable can make a shipped `acervo` die half-way through a commit. Tests that need it skip there.
package enum FaultInjection {
    /// `true` in a debug build, where commits obey the crash tests' requests.
    package static let isCompiled: Bool = {
        #if DEBUG
        true
        #else
        false
        #endif
    }()
}
