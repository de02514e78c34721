import AcervoCore
import AcervoSystem
import Foundation
import Logging

/// Finishing or undoing the commits a crashed writer left behind. Runs at open, under the exclusive
/// lock, so no live writer is mid-commit: every marker and transaction directory is a leftover.
extension EvidenceStore {
    /// Returns how many leftovers of killed processes it removed (transactions, staged files, stale files).
    @discardableResult
    func recover() throws(AcervoError) -> Int {
        var removed = 0
        for name in DurableFiles.names(in: layout.journal) {
            let url = layout.journal.appendingPathComponent(name)
            guard name.hasSuffix(".json"),
                  let data = try? DurableFiles.read(url, limit: 1 << 20),
                  let journal = try? StoreJSON.decode(CommitJournal.self, from: data) else {
                // A marker is written whole and synced before anything depends on it; one that cannot
                // be read was being written when the writer died, so its commit never started.
                logger.warning("removing unreadable commit marker", metadata: ["marker": "\(name)"])
                DurableFiles.remove(url)
                continue
            }
            try settle(journal)
        }
        try DurableFiles.syncDirectory(layout.journal)
        for name in DurableFiles.names(in: layout.transactions) {
            logger.notice("removing staging leftover", metadata: ["transaction": "\(name)"])
            DurableFiles.remove(layout.transactions.appendingPathComponent(name))
            removed += 1
        }
        removed += StagingOwner.reclaim(layout, logger: logger)
        removed += finishInterruptedPurges()
        let cutoff = Date().addingTimeInterval(-Self.staleIncomingAge)
        for name in DurableFiles.names(in: layout.incoming) {
            let url = layout.incoming.appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate]) as? Date
            if let modified, modified < cutoff {
                logger.notice("removing stale incoming file", metadata: ["file": "\(name)"])
                DurableFiles.remove(url)
                removed += 1
            }
        }
        return removed
    }

    /// Rolls a commit forward when its version reached the object, discards it otherwise, and brings
    /// the case's ledger rows in line with the object either way.
    func settle(_ journal: CommitJournal) throws(AcervoError) {
        if let piece = journal.piece {
            // A commit into the open version: the piece is the whole commit, published by one rename.
            let pieceDirectory = OpenVersion(layout: layout, caseNumber: journal.caseNumber).directory
                .appendingPathComponent(piece)
            if DurableFiles.isDirectory(pieceDirectory) {
                logger.notice("rolling forward an interrupted upload", metadata: ["case": "\(journal.caseNumber)", "piece": "\(piece)"])
                for id in journal.quarantined {
                    try publishQuarantine(id, from: pieceDirectory.appendingPathComponent("quarantine"))
                }
                try DurableFiles.syncDirectory(layout.quarantine)
            } else {
                logger.notice("discarding an interrupted upload", metadata: ["case": "\(journal.caseNumber)", "piece": "\(piece)"])
            }
            DurableFiles.remove(layout.transactions.appendingPathComponent(journal.transaction))
            try reindexCase(journal.caseNumber)
            DurableFiles.remove(CommitJournal.url(layout, transaction: journal.transaction))
            return
        }
        let object = layout.object(journal.caseNumber)
        let versionName = OCFLInventory.versionName(journal.version)
        let versionDirectory = object.appendingPathComponent(versionName)
        let transaction = layout.transactions.appendingPathComponent(journal.transaction)
        let stagedVersion = transaction.appendingPathComponent(versionName)
        if !DurableFiles.isDirectory(versionDirectory), DurableFiles.isDirectory(stagedVersion),
           rootHead(of: object, journal) == journal.version {
            // The commit's renames are not separated by an fsync: a crash can keep the root inventory's
            // rename and lose the version directory's. The version was whole before the marker was
            // written, so it goes in now and the commit rolls forward.
            logger.notice("moving in the version an interrupted commit had already named",
                          metadata: ["case": "\(journal.caseNumber)", "version": "\(versionName)"])
            try DurableFiles.rename(stagedVersion, to: versionDirectory)
            try DurableFiles.syncDirectory(object)
        }
        if DurableFiles.isDirectory(versionDirectory) {
            logger.notice("rolling forward an interrupted commit",
                          metadata: ["case": "\(journal.caseNumber)", "version": "\(versionName)"])
            try rollForward(journal, object: object, versionDirectory: versionDirectory, transaction: transaction)
        } else {
            logger.notice("discarding an interrupted commit",
                          metadata: ["case": "\(journal.caseNumber)", "version": "\(versionName)"])
        }
        DurableFiles.remove(transaction)
        try reindexCase(journal.caseNumber)
        DurableFiles.remove(CommitJournal.url(layout, transaction: journal.transaction))
    }

    private func rollForward(_ journal: CommitJournal, object: URL, versionDirectory: URL,
                             transaction: URL) throws(AcervoError) {
        // A root inventory already past this version means the marker outlived a later commit: the
        // object is newer than the journal, and rewinding it would lose that commit.
        if (rootHead(of: object, journal) ?? 0) <= journal.version {
            let inventory = try DurableFiles.read(versionDirectory.appendingPathComponent("inventory.json"),
                                                  limit: CaseSnapshot.inventoryLimit)
            try DurableFiles.makeDirectory(layout.transactions)
            try DurableFiles.replace(object.appendingPathComponent("inventory.json"), with: inventory,
                                     scratch: layout.transactions)
            try DurableFiles.replace(object.appendingPathComponent(OCFLInventory.sidecarName),
                                     with: OCFLInventory.sidecar(for: inventory), scratch: layout.transactions)
        }
        if let sealed = journal.sealedPieces { try removeSealedPieces(sealed, of: journal.caseNumber) }
        for id in journal.quarantined {
            try publishQuarantine(id, from: transaction.appendingPathComponent("quarantine"))
        }
        try DurableFiles.syncDirectory(layout.quarantine)
    }

    /// The head the object's root inventory names, read without its sidecar (which may lag a crash).
    private func rootHead(of object: URL, _ journal: CommitJournal) -> Int? {
        let rootData = try? DurableFiles.read(object.appendingPathComponent("inventory.json"),
                                              limit: CaseSnapshot.inventoryLimit)
        return rootData.flatMap { try? OCFLInventory.decode($0, object: journal.caseNumber.rawValue) }?.headNumber
    }

    /// Moves one quarantine entry (directory, then sidecar) from a transaction into the quarantine;
    /// parts already moved are left alone, so it can be repeated after a crash.
    func publishQuarantine(_ id: UUID, from staged: URL) throws(AcervoError) {
        let component = EvidencePaths.idComponent(id)
        let directory = staged.appendingPathComponent(component)
        if DurableFiles.exists(directory) && !DurableFiles.exists(layout.quarantineDirectory(id)) {
            try DurableFiles.rename(directory, to: layout.quarantineDirectory(id))
        }
        let sidecar = staged.appendingPathComponent(component + ".json")
        if DurableFiles.exists(sidecar) && !DurableFiles.exists(layout.quarantineSidecar(id)) {
            try DurableFiles.rename(sidecar, to: layout.quarantineSidecar(id))
        }
    }
}

extension EvidenceStore {
    /// Removes the open version's pieces a commit sealed into its version: each leaves by one rename
    /// into the transaction area, so none is ever half there. Repeated by recovery after a crash.
    func removeSealedPieces(_ names: [String], of caseNumber: CaseNumber) throws(AcervoError) {
        let open = OpenVersion(layout: layout, caseNumber: caseNumber)
        guard DurableFiles.isDirectory(open.directory) else { return }
        let trash = layout.transactions.appendingPathComponent("sealed-\(UUID().uuidString.lowercased())")
        try DurableFiles.makeDirectory(trash)
        for name in names where DurableFiles.exists(open.directory.appendingPathComponent(name)) {
            try DurableFiles.rename(open.directory.appendingPathComponent(name), to: trash.appendingPathComponent(name))
        }
        try DurableFiles.syncDirectory(open.directory)
        DurableFiles.remove(trash)
        if DurableFiles.names(in: open.directory).isEmpty { try? FileManager.default.removeItem(at: open.directory) }
    }
}
