public import AcervoCore
public import AcervoStore
import AcervoSystem
public import Foundation
public import Logging
import Synchronization

/// Case dossiers: BagIt 1.0 bags (RFC 8493) of a case version, serialized with libarchive, and the
/// checks an archivist runs on them.
///
/// ```swift
/// let built = try await Dossier.build(DossierRequest(caseNumber: number), from: store,
///                                     to: URL(fileURLWithPath: "MS-2024-000123.tar"), logger: logger)
/// let check = try await Dossier.verify(URL(fileURLWithPath: built.archivePath))
/// assert(check.isValid)
/// ```
///
/// The work is blocking file I/O, so it runs on a Dispatch queue of its own, never on the
/// cooperative pool; cancelling the calling task stops it at the next file.
public enum Dossier {
    /// Builds the dossier of a case version into `output` in one pass, atomically: `output` appears
    /// only when it is complete. Every file's bytes are checked against the store's inventory as
    /// they are bundled. With `request.recordedBy`, a `bundled` custody event carrying the archive's
    /// SHA-256 is then committed to the case (once: the same dossier built again records nothing).
    /// The case's open version, if it has one, is sealed first.
    public static func build(_ request: DossierRequest, from store: EvidenceStore, to output: URL, logger: Logger,
                             progress: (@Sendable (DossierProgress) -> Void)? = nil) async throws(AcervoError) -> DossierBuild {
        let result = try await offload { cancelled throws(AcervoError) in
            // Uploads waiting in the case's open version belong in its latest dossier.
            try store.seal(request.caseNumber)
            return try DossierBuilder(store: store, request: request).build(to: output, cancelled: cancelled, progress: progress)
        }
        logger.info("dossier built", metadata: [
            "case": "\(request.caseNumber)", "version": "v\(result.version)", "archive": "\(output.path)",
            "bytes": "\(result.archiveBytes)", "sha256": "\(result.archiveSHA256)",
        ])
        return result
    }

    /// Checks a dossier archive without extracting it: completeness, every checksum (unless `fast`),
    /// Payload-Oxum and the tag manifest. A hostile archive is refused, not opened further: the
    /// result then holds a `.refused` problem.
    public static func verify(_ archive: URL, fast: Bool = false, limits: DossierLimits = DossierLimits(),
                              progress: (@Sendable (DossierProgress) -> Void)? = nil) async throws(AcervoError) -> DossierVerification {
        try await offload { cancelled throws(AcervoError) in
            try DossierReading.run(archive, fast: fast, limits: limits, target: nil, cancelled: cancelled, progress: progress)
        }
    }

    /// Extracts a dossier into `directory` (absent or empty), checking it in the same pass. A hostile
    /// archive is refused and whatever was written is removed; a bag that extracts but fails its
    /// checks stays, with the problems in the result.
    public static func extract(_ archive: URL, to directory: URL, limits: DossierLimits = DossierLimits(),
                               progress: (@Sendable (DossierProgress) -> Void)? = nil) async throws(AcervoError) -> DossierVerification {
        try await offload { cancelled throws(AcervoError) in
            let target = try ExtractionTarget(directory: directory)
            return try DossierReading.run(archive, fast: false, limits: limits, target: target, cancelled: cancelled,
                                          progress: progress)
        }
    }

    /// The entries of a dossier archive, refusing what `verify` refuses.
    public static func list(_ archive: URL, limits: DossierLimits = DossierLimits()) async throws(AcervoError) -> [DossierEntry] {
        try await offload { _ throws(AcervoError) in try DossierReading.list(archive, limits: limits) }
    }

    private static let queue = DispatchQueue(label: "acervo.dossier", qos: .userInitiated, attributes: .concurrent)

    /// Runs blocking work on the dossier queue; cancelling the task sets a flag the work polls.
    private static func offload<T: Sendable>(
        _ work: @escaping @Sendable (_ cancelled: () -> Bool) throws(AcervoError) -> T
    ) async throws(AcervoError) -> T {
        try await BlockingWork.run(on: queue) { flag throws(AcervoError) in try work { flag.isSet } }
    }
}
