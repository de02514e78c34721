public import Acervo
public import AcervoCore
import Foundation

/// Files a document's page files, byte for byte, through the library's intake: one case version per
/// document, every page judged by the intake policy (accepted pages become evidence in the case; review
/// and rejected ones go to the store's quarantine with their reasons, like any upload).
///
/// The filer of a station that keeps evidence copies only (`digitize: false` in its settings), and of
/// kinds the decree does not cover (no `archive:` section in the policy) under ``DigitizingFiler``. It
/// keeps the same page files as originals as ``DigitizingFiler`` does, so what a restart looks up is the same.
///
/// A document a cover sheet started keeps its sheet in the same case version, as an evidence copy of its
/// own named `folha-de-rosto-<the sheet's file>` (with its custody events, like any page file): no page of
/// the document, so it is in none of the ``FiledDocument``'s pages.
public struct IntakeFiler: DocumentFiler {
    /// The archive the documents go to.
    public let archive: EvidenceArchive
    /// Who files, recorded in the custody log.
    public let operatorName: String

    /// A filer into `archive`, recording `operatorName` in custody.
    public init(archive: EvidenceArchive, operatorName: String) {
        self.archive = archive
        self.operatorName = operatorName
    }

    /// The records of the document's case, of its kind, whose content is one of its pages'.
    public func holdings(of document: RoutedDocument) async throws(AcervoError) -> StoreHoldings {
        guard let detail = try await archive.caseDetail(document.caseNumber) else { return StoreHoldings() }
        let wanted = Set(document.pages.map(\.sha256))
        var versions: [UUID: Int] = [:]
        for event in detail.events {
            if let evidence = event.evidence, let version = event.details["version"], versions[evidence] == nil {
                versions[evidence] = Int(version.dropFirst())
            }
        }
        var holdings = StoreHoldings()
        for record in detail.evidence where record.kind == document.kind && wanted.contains(record.sha256) {
            holdings.records[record.sha256, default: []].append(.init(
                id: record.id, verdict: record.verdict, version: versions[record.id], duplicateOf: record.duplicateOf,
                reasons: record.reasons.filter { $0.verdict != .accepted }.map(\.code.rawValue)))
        }
        return holdings
    }

    /// One intake of the page files, in order, as one new case version (nothing is digitized, so
    /// `progress` hears nothing).
    public func file(_ document: RoutedDocument, progress: @escaping @Sendable (FilingProgress) -> Void)
    async throws(AcervoError) -> FiledDocument {
        var attachments = document.pages.map { Attachment.file($0.url, kind: document.kind, name: $0.recordedName) }
        if let sheet = document.coverSheet {
            attachments.append(.file(sheet.url, kind: document.kind, name: "folha-de-rosto-" + sheet.recordedName))
        }
        let report = try await archive.intake(case: document.caseNumber, attachments: attachments,
                                              operatorName: operatorName, channel: .scanStation)
        // The items come in the attachments' order: the document's pages, then its sheet.
        return FiledDocument(version: report.version, pages: report.items.prefix(document.pages.count).map { item in
            FiledPage(sha256: item.sha256, evidenceID: item.evidenceID, verdict: item.verdict,
                      reasons: item.reasons.filter { $0.verdict != .accepted }.map(\.code.rawValue), duplicateOf: item.duplicateOf)
        })
    }
}
