import AcervoCore
import AcervoSystem
import Foundation
import Logging

/// One commit in progress: builds version N of a case object in `staging/tx/<id>/`, then publishes it
/// by renames (see `run`). A commit into the open version builds a piece instead and publishes it with one
/// rename outside the object (see `OpenVersion`), so the object is valid for any reader throughout; a
/// commit that makes a version seals the open version's pieces into it. A new object appears whole, by
/// one rename; a later version takes three, and an OCFL reader that does not take the case's lock can
/// find the object invalid in the microseconds between them (StoreLayout.md says what remains).
struct CommitTransaction {
    let store: EvidenceStore
    let intake: IntakeCommit
    let logger: Logger
    let id = UUID().uuidString.lowercased()
    let now = StoreDate.normalized(Date())
    var layout: StoreLayout { store.layout }
    var directory: URL { layout.transactions.appendingPathComponent(id, isDirectory: true) }
    var objectDirectory: URL { layout.object(intake.caseNumber) }

    private var previous: OCFLInventory?
    private var number = 1
    private var manifest: [String: [String]] = [:]
    private var fixity: [String: [String]] = [:]
    private var state: [String: [String]] = [:]
    private var createdDirectories: [URL] = []
    private var consumed: [URL] = []
    private var journaled = false
    /// The intake joins the open version as a piece instead of making a version.
    private let parking: Bool
    /// The open version's pieces this commit seals (none when parking).
    private var pieces: [OpenPiece] = []
    /// The last piece of the open version before this commit, when parking.
    private var lastPiece: OpenPiece?
    /// The logical paths this commit adds, for the piece's manifest.
    private var entries: [OpenPieceManifest.Entry] = []
    /// The last event of the chain this commit continues.
    private var tail: CustodyEvent?
    private var open: OpenVersion { OpenVersion(layout: layout, caseNumber: intake.caseNumber) }

    init(store: EvidenceStore, intake: IntakeCommit, logger: Logger) throws(AcervoError) {
        self.store = store
        self.intake = intake
        self.logger = logger
        if case .openVersion = intake.versioning { parking = true } else { parking = false }
        try validate()
    }

    private var versionName: String { OCFLInventory.versionName(number) }
    /// Where version N is built: inside a whole new object for v1, alone otherwise; a piece when parking.
    private var stagedVersion: URL {
        if parking { return directory.appendingPathComponent("piece") }
        return number == 1 ? directory.appendingPathComponent("object/v1") : directory.appendingPathComponent(versionName)
    }
    /// Where the commit's quarantine entries wait until they are moved into the quarantine.
    private var quarantineStaging: URL {
        parking ? stagedVersion.appendingPathComponent("quarantine") : directory.appendingPathComponent("quarantine")
    }

    // MARK: Checks

    private func validate() throws(AcervoError) {
        let number = intake.caseNumber
        guard !StoreLayout.reservedObjectNames.contains(number.rawValue) else {
            throw AcervoError(.invalidArgument, "protocol number \(number) is reserved by the storage root")
        }
        var ids = Set<UUID>()
        for item in intake.items {
            let record = item.record
            guard record.caseNumber == number else {
                throw AcervoError(.invalidArgument, "evidence \(record.id) belongs to \(record.caseNumber), not \(number)")
            }
            guard ids.insert(record.id).inserted else {
                throw AcervoError(.invalidArgument, "evidence \(record.id) appears twice in the intake")
            }
            guard StoredName.sanitize(record.sanitizedName).name == record.sanitizedName else {
                throw AcervoError(.invalidArgument, "evidence \(record.id): '\(record.sanitizedName)' is not a sanitized name")
            }
            guard item.disposition == .store || item.derivatives.isEmpty else {
                throw AcervoError(.invalidArgument, "evidence \(record.id): quarantined files take no derivatives")
            }
            var names = Set<String>()
            for derivative in item.derivatives {
                guard StoredName.sanitize(derivative.name).name == derivative.name, names.insert(derivative.name).inserted else {
                    throw AcervoError(.invalidArgument, "evidence \(record.id): bad or repeated derivative name '\(derivative.name)'")
                }
            }
        }
    }

    // MARK: Run

    /// Build, journal, publish, index, clean up. The object changes only by renames: first the version
    /// directory (or the whole new object), then the root inventory and its sidecar; a piece of the open
    /// version by one rename into `open/<case>/`. Until the marker is written nothing outside staging has
    /// changed; after it, recovery can finish the job.
    mutating func run() throws(AcervoError) -> CommitOutcome {
        let openPieces = open.pieces()
        if parking {
            // Nothing of the object is read: its newest version directory gives the number, the
            // newest segment (or the last piece) the end of the chain.
            lastPiece = openPieces.last
            number = (try lastPiece?.manifest().version) ?? (highestVersion() + 1)
            if let lastPiece {
                tail = try lastPiece.events().last
            } else if number > 1 {
                tail = try sealedTail(OCFLInventory.versionName(number - 1))
            }
        } else {
            if DurableFiles.exists(objectDirectory) {
                let inventory = try CaseSnapshot.readInventory(objectDirectory: objectDirectory, id: intake.caseNumber.rawValue)
                previous = inventory
                number = (inventory.headNumber ?? 0) + 1
                manifest = inventory.manifest
                fixity = inventory.fixity?[OCFLInventory.fixityAlgorithm] ?? [:]
                state = inventory.versions[inventory.head]?.state ?? [:]
                tail = try CustodySegments.lastEvent(caseNumber: intake.caseNumber, objectDirectory: objectDirectory,
                                                     inventory: inventory, version: inventory.head)
            }
            pieces = openPieces
            if let last = pieces.last { tail = try last.events().last }
        }
        // Only the chain's last event is read (the whole chain is `store verify`'s to check); it must at
        // least hold, or the new events would extend a chain already broken.
        if let tail, CustodyLog.hash(of: tail) != tail.hash {
            throw AcervoError(.storeCorrupt, "the custody chain of \(intake.caseNumber) is broken at event \(tail.sequence); refusing to extend it")
        }
        var log = CustodyLog(caseNumber: intake.caseNumber, continuing: tail)
        var existingIDs = try store.ledger.knownEvidence(case: intake.caseNumber, among: intake.items.map(\.record.id))
        existingIDs.formUnion(intake.items.map(\.record.id).filter { DurableFiles.exists(layout.quarantineSidecar($0)) })
        let items = intake.items.filter { !existingIDs.contains($0.record.id) }
        if !intake.items.isEmpty && items.isEmpty {
            return try alreadyCommitted()
        }

        let initialEventCount = log.events.count
        try makeDirectory(directory)
        try makeDirectory(stagedVersion.appendingPathComponent("content"))
        var sealedEvents: [CustodyEvent] = []
        for piece in pieces {
            for entry in try piece.manifest().contents {
                try addContent(entry.path, digest: FileDigest(byteCount: entry.bytes, sha256: entry.sha256, sha512: entry.sha512),
                               from: piece.contentURL(entry.path))
            }
            sealedEvents += try piece.events()
        }
        if number == 1 && tail == nil {
            // The case opens before anything is received into it: first in the chain, dated no later
            // than the first receipt.
            let openedAt = min(now, intake.events.map(\.at).min() ?? now)
            log.append(CustodyDraft(type: .opened, evidence: nil, at: openedAt, actor: "acervo",
                                    details: ["version": versionName, "operator": intake.operatorName,
                                              "channel": intake.channel.rawValue]))
        }
        for draft in intake.events { log.append(draft) }

        var outcomes: [CommitOutcome.ItemOutcome] = []
        var storedHere: [String: EvidenceRecord] = [:]
        var quarantined: [UUID] = []
        for item in items {
            var record = item.record
            guard let stagedFile = item.stagedFile else {
                // Nothing was kept of this upload: only its record goes to the quarantine.
                guard item.disposition == .quarantine else {
                    throw AcervoError(.invalidArgument, "evidence \(record.id): an item without bytes cannot be stored in the case")
                }
                record.storedPath = nil
                let staged = quarantineStaging.appendingPathComponent(EvidencePaths.idComponent(record.id))
                try makeDirectory(staged)
                let json = try encode(record)
                try DurableFiles.writeNew(json, to: staged.appendingPathExtension("json"))
                record = try decodeRecord(json)
                quarantined.append(record.id)
                log.append(CustodyDraft(type: .quarantined, evidence: record.id, at: now, actor: "acervo",
                                        details: ["version": versionName, "path": "", "payload": "none",
                                                  "sha256": record.sha256, "verdict": record.verdict.rawValue]))
                outcomes.append(.init(evidence: record.id, placement: .quarantined(path: ""), record: record))
                consumed += item.derivatives.map(\.stagedFile)
                continue
            }
            let digest = try FileDigest.of(stagedFile)
            guard digest.sha256 == record.sha256.lowercased(), digest.byteCount == record.byteCount else {
                throw AcervoError(.invalidArgument, """
                    evidence \(record.id): the staged file has \(digest.byteCount) bytes with sha256 \(digest.sha256), \
                    the record says \(record.byteCount) bytes with sha256 \(record.sha256)
                    """)
            }
            record.sha256 = digest.sha256
            consumed.append(stagedFile)
            consumed += item.derivatives.map(\.stagedFile)
            let placement: CommitOutcome.Placement
            switch item.disposition {
            case .store:
                let key = "\(record.kind.rawValue) \(digest.sha256)"
                var original = storedHere[key]
                if original == nil {
                    original = try store.existingEvidence(case: intake.caseNumber, kind: record.kind, sha256: digest.sha256)
                }
                if let original, let path = original.storedPath {
                    // The store only reports the repetition; the policy, upstream, grades it.
                    record.duplicateOf = original.id
                    record.storedPath = path
                    placement = .deduplicated(of: original.id, path: path)
                    log.append(CustodyDraft(type: .deduplicated, evidence: record.id, at: now, actor: "acervo",
                                            details: ["version": versionName, "duplicateOf": original.id.uuidString,
                                                      "path": path, "sha256": digest.sha256]))
                    // What was made from this receipt alone (a digitized document whose first page repeats
                    // earlier evidence) is new, so it is kept under this receipt's id.
                    try addDerivatives(item.derivatives, to: &record)
                } else {
                    let path = EvidencePaths.original(record.id, name: record.sanitizedName)
                    record.storedPath = path
                    try addContent(path, digest: digest, from: stagedFile)
                    try addDerivatives(item.derivatives, to: &record)
                    storedHere[key] = record
                    placement = .stored(path: path)
                    log.append(CustodyDraft(type: .stored, evidence: record.id, at: now, actor: "acervo",
                                            details: ["version": versionName, "path": path, "sha256": digest.sha256,
                                                      "sha512": digest.sha512]))
                }
                let json = try encode(record)
                try addContent(EvidencePaths.record(record.id), data: json)
                record = try decodeRecord(json)
            case .quarantine:
                let path = EvidencePaths.quarantined(record.id, name: record.sanitizedName)
                record.storedPath = path
                let staged = quarantineStaging.appendingPathComponent(EvidencePaths.idComponent(record.id))
                try makeDirectory(staged)
                try DurableFiles.linkOrCopy(stagedFile, to: staged.appendingPathComponent(record.sanitizedName))
                try DurableFiles.syncFile(staged.appendingPathComponent(record.sanitizedName))
                let json = try encode(record)
                try DurableFiles.writeNew(json, to: staged.appendingPathExtension("json"))
                record = try decodeRecord(json)
                quarantined.append(record.id)
                placement = .quarantined(path: path)
                log.append(CustodyDraft(type: .quarantined, evidence: record.id, at: now, actor: "acervo",
                                        details: ["version": versionName, "path": path, "sha256": digest.sha256,
                                                  "verdict": record.verdict.rawValue]))
            }
            outcomes.append(.init(evidence: record.id, placement: placement, record: record))
        }
        var inventory: OCFLInventory?
        if parking {
            try writePiece(log: log, quarantined: quarantined)
        } else {
            // The version's custody segment: the sealed pieces' events, then this commit's.
            var segment = Data()
            for event in sealedEvents {
                segment.append((try? StoreJSON.canonical(event)) ?? Data())
                segment.append(0x0A)
            }
            segment.append(log.jsonLines)
            try addContent(EvidencePaths.custodySegment(versionName), data: segment)
            inventory = try writeInventories()
        }
        for url in createdDirectories.reversed() { try DurableFiles.syncDirectory(url) }
        try store.checkpoint(.built, logger: logger)

        if parking { try DurableFiles.makeDirectory(open.directory) }
        let journal = CommitJournal(transaction: id, caseNumber: intake.caseNumber, version: number, quarantined: quarantined,
                                    piece: parking ? pieceName : nil, sealedPieces: pieces.isEmpty ? nil : pieces.map(\.name))
        try DurableFiles.writeNew(try encode(journal), to: CommitJournal.url(layout, transaction: id))
        try DurableFiles.syncDirectory(layout.journal)
        journaled = true
        try store.checkpoint(.journaled, logger: logger)

        if parking {
            try DurableFiles.rename(stagedVersion, to: open.directory.appendingPathComponent(pieceName))
            try DurableFiles.syncDirectory(open.directory)
            try DurableFiles.syncDirectory(layout.open)
            try store.checkpoint(.versionMoved, logger: logger)
            try store.checkpoint(.rootInventory, logger: logger)
        } else if number == 1 {
            try DurableFiles.rename(directory.appendingPathComponent("object"), to: objectDirectory)
            try DurableFiles.syncDirectory(layout.objects)
            try store.checkpoint(.versionMoved, logger: logger)
            try store.checkpoint(.rootInventory, logger: logger)
        } else {
            // Three renames, back to back: OCFL cannot be changed by one, so an outside reader that looks
            // between them sees a version directory the root inventory does not list yet, then an
            // inventory its sidecar does not match. No fsync separates them, so that window lasts
            // microseconds; they reach the disk together below, and recovery finishes them in any order
            // a crash leaves (see `settle`). Acervo's own readers hold the case's lock and never look.
            try DurableFiles.rename(stagedVersion, to: objectDirectory.appendingPathComponent(versionName))
            try store.checkpoint(.versionMoved, logger: logger)
            try DurableFiles.rename(directory.appendingPathComponent("inventory.json"),
                                    to: objectDirectory.appendingPathComponent("inventory.json"))
            try store.checkpoint(.rootInventory, logger: logger)
            try DurableFiles.rename(directory.appendingPathComponent(OCFLInventory.sidecarName),
                                    to: objectDirectory.appendingPathComponent(OCFLInventory.sidecarName))
            try DurableFiles.syncDirectory(objectDirectory)
        }
        try store.checkpoint(.rootSidecar, logger: logger)
        if !pieces.isEmpty { try store.removeSealedPieces(pieces.map(\.name), of: intake.caseNumber) }

        let quarantineSource = parking ? open.directory.appendingPathComponent("\(pieceName)/quarantine") : quarantineStaging
        for id in quarantined { try store.publishQuarantine(id, from: quarantineSource) }
        try DurableFiles.syncDirectory(layout.quarantine)
        try store.checkpoint(.quarantined, logger: logger)

        let appendedEvents = try CustodyLog(caseNumber: intake.caseNumber, jsonLines: log.jsonLines).events
        var change = LedgerChange(caseNumber: intake.caseNumber, openedAt: nil, version: nil,
                                  records: outcomes.map(\.record), events: appendedEvents)
        if let inventory, let entry = inventory.versions[versionName] {
            change.version = LedgerVersion(number: number, entry)
            if number == 1 { change.openedAt = entry.created }
        } else if number == 1 && tail == nil {
            change.openedAt = appendedEvents.first.map { StoreDate.string($0.at) }
        }
        try store.ledger.apply(change)
        try store.checkpoint(.indexed, logger: logger)


        for url in consumed { DurableFiles.remove(url) }
        DurableFiles.remove(directory)
        if parking { DurableFiles.remove(open.directory.appendingPathComponent("\(pieceName)/quarantine")) }
        DurableFiles.remove(CommitJournal.url(layout, transaction: id))
        try? DurableFiles.syncDirectory(layout.journal)
        logger.info("committed intake", metadata: [
            "case": "\(intake.caseNumber)", "version": "\(versionName)", "items": "\(outcomes.count)",
        ])
        let appended = Array(log.events[initialEventCount...])
        return CommitOutcome(caseNumber: intake.caseNumber, version: number, created: now, items: outcomes, events: appended)
    }

    /// Undoes a commit that failed by error (not by crash): before the marker nothing outside staging
    /// changed, so the transaction is dropped; after it, recovery decides as it would after a crash.
    func abandon() {
        if journaled {
            if let data = try? DurableFiles.read(CommitJournal.url(layout, transaction: id), limit: 1 << 20),
               let journal = try? StoreJSON.decode(CommitJournal.self, from: data) {
                do {
                    try store.settle(journal)
                } catch {
                    logger.error("could not settle a failed commit; the next open will", metadata: ["error": "\(error)"])
                }
            }
        } else {
            DurableFiles.remove(directory)
        }
    }

    // MARK: Building

    private mutating func makeDirectory(_ url: URL) throws(AcervoError) {
        try DurableFiles.makeDirectory(url)
        var cursor = url
        // Every new directory between the transaction and the file must be synced for the rename of
        // the version to carry a complete tree.
        while cursor.path.hasPrefix(directory.path) && cursor.path.count >= directory.path.count {
            if !createdDirectories.contains(cursor) { createdDirectories.append(cursor) }
            cursor = cursor.deletingLastPathComponent()
        }
    }

    /// Points a logical path of the new state at `digest`, replacing what the previous version had
    /// there (the custody log changes in every version): a path appears once in a state.
    private mutating func setState(_ logicalPath: String, to digest: String) {
        for (existing, paths) in state where paths.contains(logicalPath) {
            let rest = paths.filter { $0 != logicalPath }
            state[existing] = rest.isEmpty ? nil : rest
        }
        state[digest, default: []].append(logicalPath)
    }

    /// Adds a logical path to the new state. Content already in the manifest (any version, or this
    /// one) is not stored again: OCFL's forward-delta.
    private mutating func addContent(_ logicalPath: String, digest: FileDigest, from source: URL) throws(AcervoError) {
        entries.append(.init(path: logicalPath, sha512: digest.sha512, sha256: digest.sha256, bytes: digest.byteCount))
        guard let target = try claimContent(logicalPath, digest: digest) else { return }
        try DurableFiles.linkOrCopy(source, to: target)
        try DurableFiles.syncFile(target)
    }

    /// Adds an item's derivatives under `derivatives/<its id>/` and lists them in its record.
    private mutating func addDerivatives(_ derivatives: [IntakeCommit.Derivative],
                                         to record: inout EvidenceRecord) throws(AcervoError) {
        for derivative in derivatives {
            let derivativePath = EvidencePaths.derivative(record.id, name: derivative.name)
            try addContent(derivativePath, digest: try FileDigest.of(derivative.stagedFile), from: derivative.stagedFile)
            record.derivatives = (record.derivatives ?? []) + [derivativePath]
        }
    }

    private mutating func addContent(_ logicalPath: String, data: Data) throws(AcervoError) {
        let digest = FileDigest(byteCount: Int64(data.count), sha256: Hex.sha256(data), sha512: Hex.sha512(data))
        entries.append(.init(path: logicalPath, sha512: digest.sha512, sha256: digest.sha256, bytes: digest.byteCount))
        guard let target = try claimContent(logicalPath, digest: digest) else { return }
        try DurableFiles.writeNew(data, to: target)
    }

    /// Puts `logicalPath` in the new state and, when its content is new to the object, enters it in the
    /// manifest and fixity and returns where to write it in the staged version; `nil` when it is known.
    private mutating func claimContent(_ logicalPath: String, digest: FileDigest) throws(AcervoError) -> URL? {
        setState(logicalPath, to: digest.sha512)
        guard manifest[digest.sha512] == nil else { return nil }
        let contentPath = "\(versionName)/content/\(logicalPath)"
        let target = stagedVersion.appendingPathComponent("content/\(logicalPath)")
        try makeDirectory(target.deletingLastPathComponent())
        manifest[digest.sha512] = [contentPath]
        fixity[digest.sha256, default: []].append(contentPath)
        return target
    }

    /// The name of the piece this commit adds to the open version.
    private var pieceName: String { OpenVersion.pieceName(after: lastPiece) }

    /// The highest version directory of the object (0 when it has none).
    private func highestVersion() -> Int {
        DurableFiles.names(in: objectDirectory).compactMap(OCFLInventory.versionNumber).max() ?? 0
    }

    /// The last event of sealed version `version`: its segment is new content in that version, so its
    /// content path is known without reading the inventory (format 1 wrote the whole log there).
    private func sealedTail(_ version: String) throws(AcervoError) -> CustodyEvent? {
        let content = objectDirectory.appendingPathComponent("\(version)/content")
        let segment = content.appendingPathComponent(EvidencePaths.custodySegment(version))
        let url = DurableFiles.isRegularFile(segment) ? segment : content.appendingPathComponent(EvidencePaths.custody)
        return try CustodyLog.events(caseNumber: intake.caseNumber,
                                     jsonLines: try DurableFiles.read(url, limit: CaseSnapshot.custodyLimit)).last
    }

    /// Writes the piece's events and manifest, with the open version's running totals.
    private func writePiece(log: CustodyLog, quarantined: [UUID]) throws(AcervoError) {
        let before = try lastPiece?.manifest()
        let added = entries.reduce(Int64(0)) { $0 + $1.bytes }
        let manifest = OpenPieceManifest(
            caseNumber: intake.caseNumber, version: number, created: StoreDate.string(now), operatorName: intake.operatorName,
            channel: intake.channel.rawValue, message: intake.message, contents: entries, quarantined: quarantined,
            openPieces: (before?.openPieces ?? 0) + 1, openBytes: (before?.openBytes ?? 0) + added,
            openSince: before?.openSince ?? StoreDate.string(now))
        try DurableFiles.writeNew(log.jsonLines, to: stagedVersion.appendingPathComponent("custody.jsonl"))
        try DurableFiles.writeNew(try encode(manifest), to: stagedVersion.appendingPathComponent("piece.json"))
    }

    /// Writes the new inventory and sidecar into the version, and the root copies beside it.
    private mutating func writeInventories() throws(AcervoError) -> OCFLInventory {
        var versions = previous?.versions ?? [:]
        for (digest, paths) in state { state[digest] = paths.sorted() }
        var message = intake.message
        if !pieces.isEmpty {
            let sealed = "\(pieces.count) upload\(pieces.count == 1 ? "" : "s") of the open version"
            message = intake.items.isEmpty && intake.events.isEmpty ? "sealed \(sealed)" : "\(message), with \(sealed)"
        }
        versions[versionName] = OCFLInventory.Version(
            created: StoreDate.string(now), message: message, state: state,
            user: .init(name: intake.operatorName, address: "urn:acervo:\(intake.channel.rawValue)"))
        let inventory = OCFLInventory(
            id: intake.caseNumber.rawValue, type: OCFLInventory.type, digestAlgorithm: OCFLInventory.digestAlgorithm,
            head: versionName, contentDirectory: nil, manifest: manifest, versions: versions,
            fixity: [OCFLInventory.fixityAlgorithm: fixity.mapValues { $0.sorted() }])
        let data = try inventory.encoded()
        let sidecar = OCFLInventory.sidecar(for: data)
        try DurableFiles.writeNew(data, to: stagedVersion.appendingPathComponent("inventory.json"))
        try DurableFiles.writeNew(sidecar, to: stagedVersion.appendingPathComponent(OCFLInventory.sidecarName))
        let root = number == 1 ? directory.appendingPathComponent("object") : directory
        try DurableFiles.writeNew(data, to: root.appendingPathComponent("inventory.json"))
        try DurableFiles.writeNew(sidecar, to: root.appendingPathComponent(OCFLInventory.sidecarName))
        if number == 1 {
            try DurableFiles.writeNew(Data(OCFLInventory.objectDeclarationContent.utf8),
                                      to: root.appendingPathComponent(OCFLInventory.objectDeclaration))
        }
        return inventory
    }

    /// The outcome of an intake whose every item the case already holds: nothing is written.
    private func alreadyCommitted() throws(AcervoError) -> CommitOutcome {
        guard let detail = try store.caseDetail(intake.caseNumber) else {
            throw AcervoError(.storeCorrupt, "\(intake.caseNumber) holds the evidence but the ledger does not")
        }
        let byID = Dictionary(detail.evidence.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var outcomes: [CommitOutcome.ItemOutcome] = []
        for item in intake.items {
            guard let record = byID[item.record.id] else { continue }
            let path = record.storedPath ?? ""
            let placement: CommitOutcome.Placement = if let original = record.duplicateOf {
                .deduplicated(of: original, path: path)
            } else if record.verdict == .accepted {
                .stored(path: path)
            } else {
                .quarantined(path: path)
            }
            outcomes.append(.init(evidence: record.id, placement: placement, record: record))
            if let stagedFile = item.stagedFile { DurableFiles.remove(stagedFile) }
            for derivative in item.derivatives { DurableFiles.remove(derivative.stagedFile) }
        }
        logger.info("intake already committed", metadata: ["case": "\(intake.caseNumber)"])
        return CommitOutcome(caseNumber: intake.caseNumber, version: detail.summary.headVersion,
                             created: detail.versions.last?.created ?? now, items: outcomes, events: [])
    }

    private func encode<T: Encodable>(_ value: T) throws(AcervoError) -> Data {
        do {
            return try StoreJSON.pretty(value)
        } catch {
            throw AcervoError(.io, "cannot encode \(T.self)", underlying: error)
        }
    }

    private func decodeRecord(_ data: Data) throws(AcervoError) -> EvidenceRecord {
        do {
            return try StoreJSON.decode(EvidenceRecord.self, from: data)
        } catch {
            throw AcervoError(.storeCorrupt, "an evidence record does not read back", underlying: error)
        }
    }
}
