public import AcervoCore
package import AcervoSystem
public import Foundation
import Logging

/// What the store answers from its ledger. A ledger that cannot be read is an operational failure and
/// throws: it never reads as a store without cases.
extension EvidenceStore {
    /// The original stored in the case for this kind with these bytes, if any: a commit then records a
    /// `deduplicated` event instead of storing a second copy.
    ///
    /// - Throws: ``AcervoError`` with code `.storeCorrupt` when the ledger cannot be read.
    public func existingEvidence(case caseNumber: CaseNumber, kind: DocumentKind,
                                 sha256: String) throws(AcervoError) -> EvidenceRecord? {
        try ledgerQuery { try ledger.existingEvidence(case: caseNumber, kind: kind, sha256: sha256) }
    }

    /// Every case in the store, by protocol number.
    ///
    /// - Throws: ``AcervoError`` with code `.storeCorrupt` when the ledger cannot be read.
    public func cases() throws(AcervoError) -> [CaseSummary] {
        try ledgerQuery { try ledger.cases() }
    }

    /// A case with its evidence, versions and events; `nil` when the store has no such case.
    ///
    /// - Throws: ``AcervoError`` with code `.storeCorrupt` when the ledger cannot be read.
    public func caseDetail(_ caseNumber: CaseNumber) throws(AcervoError) -> CaseDetail? {
        try ledgerQuery { try ledger.caseDetail(caseNumber) }
    }

    /// The evidence record with this id, stored or quarantined, in whichever case holds it; `nil` when
    /// the store has none.
    ///
    /// - Throws: ``AcervoError`` with code `.storeCorrupt` when the ledger cannot be read.
    public func evidence(_ id: UUID) throws(AcervoError) -> EvidenceRecord? {
        try ledgerQuery { try ledger.evidence(id) }
    }

    /// Opens the bytes of an evidence for reading: its original (stored in the case or kept in the
    /// quarantine) or, with `derivative`, one of the files made from it (a logical path listed in the
    /// record's `derivatives`).
    ///
    /// The file is opened under the store's shared lock; what it holds never changes once written, so
    /// it can be read after the lock is released.
    package func openContents(of record: EvidenceRecord, derivative: String?) throws(AcervoError) -> OpenContentFile {
        // The case's lock, shared: a commit to the case renames its inventory and sidecar one after the
        // other, and a reader between the two would take a sound object for a corrupt one.
        try holding(case: record.caseNumber, .shared) { () throws(AcervoError) -> OpenContentFile in
            let notFound = AcervoError(.notFound,
                english: "evidence \(record.id.uuidString.lowercased()) has no \(derivative ?? "stored original") in \(layout.root.path)",
                portuguese: "a evidência \(record.id.uuidString.lowercased()) não tem \(derivative ?? "original guardado") em \(layout.root.path)")
            let logicalPath: String
            if let derivative {
                guard record.derivatives?.contains(derivative) == true else { throw notFound }
                logicalPath = derivative
            } else if let stored = record.storedPath, !stored.hasPrefix("quarantine/") {
                logicalPath = stored
            } else {
                // Review and rejected files: `quarantine/<id>/<name>`, found by id, never by a path read back.
                let directory = layout.quarantineDirectory(record.id)
                guard let name = DurableFiles.names(in: directory).first else { throw notFound }
                return try OpenContentFile(directory.appendingPathComponent(name))
            }
            // Newest first: an upload waiting in the case's open version, then the object's head.
            for piece in OpenVersion(layout: layout, caseNumber: record.caseNumber).pieces().reversed() {
                if let url = try piece.contentURL(of: logicalPath) { return try OpenContentFile(url) }
            }
            let objectDirectory = layout.object(record.caseNumber)
            guard DurableFiles.isDirectory(objectDirectory) else { throw notFound }
            let inventory = try CaseSnapshot.readInventory(objectDirectory: objectDirectory, id: record.caseNumber.rawValue)
            guard let url = CaseSnapshot.contentURL(objectDirectory: objectDirectory, inventory: inventory,
                                                    logicalPath: logicalPath) else { throw notFound }
            return try OpenContentFile(url)
        }
    }

    /// Runs a ledger query, turning its failure into an operational error.
    private func ledgerQuery<T>(_ body: () throws -> T) throws(AcervoError) -> T {
        do {
            return try body()
        } catch {
            logger.error("ledger query failed", metadata: ["error": "\(error)"])
            throw AcervoError(.storeCorrupt,
                              english: "cannot read the ledger \(layout.ledger.path) (acervo store reindex rebuilds it)",
                              portuguese: "não foi possível ler o índice \(layout.ledger.path) (acervo store reindex o reconstrói)",
                              underlying: error)
        }
    }
}
