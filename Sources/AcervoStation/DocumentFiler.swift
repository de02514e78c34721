public import AcervoCore
public import Foundation

/// A routed document, ready to be filed: its page files in order, its case and kind, its Anexo I
/// profile and the Anexo II metadata the station knows.
public struct RoutedDocument: Sendable, Hashable {
    /// The journal's id for the document: stable across restarts (`station-<number>` in metadata).
    public var journalID: Int64
    /// The page files, in order.
    public var pages: [PageFile]
    /// The complaint's protocol number.
    public var caseNumber: CaseNumber
    /// The document kind.
    public var kind: DocumentKind
    /// The Anexo I profile: the route's, or the settings' default.
    public var profile: DigitizationProfile
    /// Whether the profile was named by the route (rather than taken from the settings' default).
    public var profileNamed: Bool
    /// Anexo II metadata: the station's (responsável and local da digitalização, identifier); the
    /// document's own (título, autor) come from cover sheets or the policy's kind defaults.
    public var metadata: StationMetadata
    /// The scanned cover sheet that started the document, when a stack was split at its sheets: no page of
    /// the document, kept beside it in custody (``DigitizingFiler`` stores it as `folha-de-rosto.<ext>`).
    public var coverSheet: PageFile?

    /// Makes a routed document.
    public init(journalID: Int64, pages: [PageFile], caseNumber: CaseNumber, kind: DocumentKind,
                profile: DigitizationProfile, profileNamed: Bool, metadata: StationMetadata, coverSheet: PageFile? = nil) {
        self.journalID = journalID
        self.pages = pages
        self.caseNumber = caseNumber
        self.kind = kind
        self.profile = profile
        self.profileNamed = profileNamed
        self.metadata = metadata
        self.coverSheet = coverSheet
    }
}

/// What the store holds for a document once filed.
public struct FiledDocument: Sendable, Hashable, Codable {
    /// The case version that holds the document, when known.
    public var version: Int?
    /// One entry per page file, in the document's order.
    public var pages: [FiledPage]
    /// The codes of the Anexo I quality gate's findings recorded with a digitized document (such as
    /// `metadata-incomplete` or `blank-page`), or that refused it; `nil` when the filer digitizes nothing.
    public var findings: [String]?

    /// Makes a filed document.
    public init(version: Int?, pages: [FiledPage], findings: [String]? = nil) {
        self.version = version
        self.pages = pages
        self.findings = findings
    }

    /// The evidence ids, page by page.
    public var evidenceIDs: [UUID] { pages.map(\.evidenceID) }

    /// Whether the store took the document into no case: no page was accepted, so every page file is in
    /// the store's quarantine (a digitized document the quality gate refused; pages the policy rejected
    /// or holds for review).
    public var refused: Bool { !pages.isEmpty && !pages.contains { $0.verdict == .accepted } }

    /// The reason codes behind a refusal or a flag: the findings' and the pages' own, each once, in order.
    public var reasonCodes: [String] {
        var seen: Set<String> = []
        return ((findings ?? []) + pages.flatMap(\.reasons)).filter { seen.insert($0).inserted }
    }
}

/// How far the filing of a document is: pages of it digitized (decoded, checked by the quality gate and
/// read by the OCR engine) out of all its pages.
public struct FilingProgress: Sendable, Hashable {
    /// Pages finished so far.
    public var pagesDone: Int
    /// Pages in the document.
    public var pageCount: Int

    /// Makes a progress report.
    public init(pagesDone: Int, pageCount: Int) {
        self.pagesDone = pagesDone
        self.pageCount = pageCount
    }
}

/// What the store holds for one page file.
public struct FiledPage: Sendable, Hashable, Codable {
    /// SHA-256 of the page file.
    public var sha256: String
    /// The evidence (of the earlier copy, when the store recorded the page as a duplicate).
    public var evidenceID: UUID
    /// The verdict of the intake: accepted (in the case), review or rejected (in the store's quarantine).
    public var verdict: Verdict
    /// Reason codes behind the verdict.
    public var reasons: [String]
    /// The earlier evidence the page repeats, when the store kept no second copy.
    public var duplicateOf: UUID?

    /// Makes a filed page.
    public init(sha256: String, evidenceID: UUID, verdict: Verdict, reasons: [String] = [], duplicateOf: UUID? = nil) {
        self.sha256 = sha256
        self.evidenceID = evidenceID
        self.verdict = verdict
        self.reasons = reasons
        self.duplicateOf = duplicateOf
    }
}

/// What a store already holds of some page contents in a case: the evidence records per SHA-256.
public struct StoreHoldings: Sendable, Hashable, Codable {
    /// Evidence ids (records that are not themselves duplicates, and those that are) by page SHA-256.
    public var records: [String: [HeldRecord]]

    /// Makes holdings.
    public init(records: [String: [HeldRecord]] = [:]) { self.records = records }

    /// One evidence record holding a page's content.
    public struct HeldRecord: Sendable, Hashable, Codable {
        /// The evidence id.
        public var id: UUID
        /// Its verdict.
        public var verdict: Verdict
        /// The case version it was stored in, when known.
        public var version: Int?
        /// The original, when the record is a duplicate of it.
        public var duplicateOf: UUID?
        /// The reason codes behind its verdict, when known.
        public var reasons: [String]?

        /// Makes a held record.
        public init(id: UUID, verdict: Verdict, version: Int?, duplicateOf: UUID?, reasons: [String]? = nil) {
            self.id = id
            self.verdict = verdict
            self.version = version
            self.duplicateOf = duplicateOf
            self.reasons = reasons
        }
    }
}

/// Files routed documents in the store: the one seam between the station and what a document becomes.
///
/// The station calls ``holdings(of:)`` before filing (a document whose every page the case already
/// holds is a duplicate, reported with the existing evidence, never filed twice) and records the answer
/// in its journal; after a crash mid-filing it calls it again, and the records that appeared since
/// are the filing that completed: so a restart stores nothing twice. ``file(_:)`` must store the
/// document atomically (one case version, or nothing).
///
/// A document the store refuses (``FiledDocument/refused``) is no operational failure: its pages are in the
/// store's quarantine with their reasons, and the station reports it refused and sets its originals aside.
///
/// ``DigitizingFiler`` makes the legal digital document (Decreto 10.278/2020) from the page files and takes
/// both into the case; ``IntakeFiler`` files the page files alone, as evidence copies.
public protocol DocumentFiler: Sendable {
    /// What the document's case holds of the document's page contents, for its kind.
    func holdings(of document: RoutedDocument) async throws(AcervoError) -> StoreHoldings
    /// Files the document, reporting pages as they are done; throws only for operational failures
    /// (nothing is stored then).
    func file(_ document: RoutedDocument, progress: @escaping @Sendable (FilingProgress) -> Void)
        async throws(AcervoError) -> FiledDocument
}

extension DocumentFiler {
    /// Files the document without following its progress.
    public func file(_ document: RoutedDocument) async throws(AcervoError) -> FiledDocument {
        try await file(document, progress: { _ in })
    }
}
