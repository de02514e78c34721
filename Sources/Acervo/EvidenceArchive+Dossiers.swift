import AcervoDossier
import AcervoCore
public import Foundation

/// Dossiers of the archive's cases: BagIt 1.0 bags in tar, zip or tar.zst, built, verified and extracted
/// off the cooperative pool, with progress.
extension EvidenceArchive {
    /// Builds the dossier of a case version into `output`, atomically: `output` appears only when it is
    /// complete. Every file's bytes are checked against the store's inventory as they are bundled.
    ///
    /// - Parameters:
    ///   - caseNumber: the complaint's protocol number.
    ///   - version: the case version to bundle; by default the newest that holds more than `bundled` events.
    ///   - format: `.tar` (pax), `.zip` or `.tarZstd`.
    ///   - recordedBy: who builds it, recorded as a `bundled` custody event with the archive's SHA-256;
    ///     `nil` records nothing.
    ///   - output: the archive to write.
    ///   - progress: called from the dossier's queue as files are bundled.
    /// - Throws: `AcervoError`: `.notFound` for an unknown case or version, `.io` when writing fails,
    ///   `.cancelled` when the calling task is cancelled (nothing is left at `output`).
    public func buildDossier(case caseNumber: CaseNumber, version: Int? = nil, format: DossierFormat = .tar,
                             recordedBy: String? = nil, to output: URL,
                             progress: (@Sendable (DossierProgress) -> Void)? = nil) async throws(AcervoError) -> DossierBuild {
        try await buildDossier(DossierRequest(caseNumber: caseNumber, version: version, format: format,
                                              recordedBy: recordedBy), to: output, progress: progress)
    }

    /// Builds a dossier as `request` describes it (manifest algorithms, `Source-Organization`, agency…)
    /// into `output`, atomically.
    ///
    /// - Throws: `AcervoError` as ``buildDossier(case:version:format:recordedBy:to:progress:)`` does.
    public func buildDossier(_ request: DossierRequest, to output: URL,
                             progress: (@Sendable (DossierProgress) -> Void)? = nil) async throws(AcervoError) -> DossierBuild {
        try await Dossier.build(request, from: store, to: output, logger: logger, progress: progress)
    }

    /// Checks a dossier without extracting it: completeness, every checksum (unless `fast`), Payload-Oxum
    /// and the tag manifest. A hostile archive is refused, not opened further: the result then holds a
    /// `.refused` problem.
    ///
    /// - Throws: `AcervoError` only when the archive cannot be read at all or the task is cancelled.
    public func verifyDossier(at archive: URL, fast: Bool = false, limits: DossierLimits = DossierLimits(),
                              progress: (@Sendable (DossierProgress) -> Void)? = nil) async throws(AcervoError) -> DossierVerification {
        try await Dossier.verify(archive, fast: fast, limits: limits, progress: progress)
    }

    /// Extracts a dossier into `directory` (absent or empty), checking it in the same pass. Links,
    /// devices, `..` and archive bombs are refused and whatever was written is removed; a bag that
    /// extracts but fails its checks stays, with the problems in the result.
    ///
    /// - Throws: `AcervoError` with code `.invalidArgument` when `directory` is not empty, or when the
    ///   archive cannot be read.
    public func extractDossier(at archive: URL, to directory: URL, limits: DossierLimits = DossierLimits(),
                               progress: (@Sendable (DossierProgress) -> Void)? = nil) async throws(AcervoError) -> DossierVerification {
        try await Dossier.extract(archive, to: directory, limits: limits, progress: progress)
    }

    /// The entries of a dossier archive with their sizes, refusing what ``verifyDossier(at:fast:limits:progress:)``
    /// refuses.
    public func dossierEntries(at archive: URL, limits: DossierLimits = DossierLimits()) async throws(AcervoError) -> [DossierEntry] {
        try await Dossier.list(archive, limits: limits)
    }
}
