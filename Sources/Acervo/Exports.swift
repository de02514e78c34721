// What a caller of Acervo names: one `import Acervo` brings it all. Each module keeps what only the
// package's own modules share at `package` access, so re-exporting a module exposes its public API only.

/// Case numbers, document kinds, verdicts, reasons, evidence records, custody events, errors.
@_exported public import AcervoCore
/// Policies and how they judge.
@_exported public import AcervoPolicy
/// The evidence store, case summaries and details, store verification.
@_exported public import AcervoStore
/// Dossiers: requests, builds, verifications, limits, progress.
@_exported public import AcervoDossier
/// The image derivatives' options and limits.
@_exported public import AcervoImaging
