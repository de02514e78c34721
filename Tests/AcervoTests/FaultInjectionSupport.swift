import AcervoStore
import Testing

/// The trait of every test that stops a commit on purpose (`ACERVO_TEST_CRASH_AT` or a crash hook):
/// skipped, and said so, in a release build, which carries no fault injection.
let needsFaultInjection = ConditionTrait.enabled(
    if: FaultInjection.isCompiled,
    "fault injection (ACERVO_TEST_CRASH_AT, crash hooks) is compiled only in debug builds")
