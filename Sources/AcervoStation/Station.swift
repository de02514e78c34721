public import AcervoCore
public import Foundation
public import Logging
import GRDB
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A scanning station: watches an inbox, waits until each file is whole, routes it to its case, files
/// each document through a ``DocumentFiler``, moves the originals to `done/` once the store holds them,
/// and sets aside in `quarantine/` what it cannot file, with its reasons. A journal makes it restartable
/// at any instant without losing or duplicating a page.
///
/// ```swift
/// let station = try Station(layout: StationLayout(inbox: inbox), settings: settings,
///                           filer: IntakeFiler(archive: archive, operatorName: "digitalizacao"), logger: logger)
/// let stop = StopSignals.install(station)         // SIGTERM, SIGINT: finish the documents in hand, then stop
/// try await station.run { event in print(event) }
/// ```
public actor Station {
    /// Where the station keeps things.
    public let layout: StationLayout
    /// How it behaves.
    public let settings: StationSettings
    /// How it learns of new files.
    public let mode: WatchMode
    /// The store the filer writes to, when known: `status` checks its disk too.
    public let store: URL?
    private let filer: any DocumentFiler
    private let routers: [any StackRouter]
    /// Reads stacks no folder routes for cover sheets; `nil` quarantines them as `no-route`.
    let sheets: (any CoverSheetReading)?
    let journal: StationJournal
    private let logger: Logger
    private let stopRequested = Mutex(false)

    var tracked: [String: Observation] = [:]
    var held: Set<String> = []
    var progress = StationProgress()
    private(set) var batchOpen = false
    var emit: @Sendable (StationEvent) -> Void = { _ in }
    var retryAt: [Int64: Date] = [:]
    var nextFullScan = Date.distantPast
    /// After an operational failure: until when no new work is taken, when the failure was last said (`nil`
    /// once the station resumed), and whether the recovery of a previous run is still to finish.
    var pausedUntil: Date?
    var problemSaidAt: Date?
    var recoveryPending = false
    var overlap = FilingOverlap()

    /// One file seen in the inbox and not yet taken.
    struct Observation {
        var identity: FileMoves.Identity
        var changedAt: Date
        var journalID: Int64
        var checked: FileMoves.Identity?
        var finding: Completeness.Finding?
    }

    /// A station on `layout`, filing with `filer`. `mode` defaults to what the inbox's file system allows:
    /// inotify on local file systems, polling every `poll_seconds` on SMB/CIFS and NFS. With `sheets`,
    /// stacks that no folder routes are read for cover sheets and split at them (see ``SheetSplit``);
    /// without, they go to quarantine as `no-route`. `store`, the filer's store directory, is recorded for
    /// ``StationStatus`` to check its disk.
    public init(layout: StationLayout, settings: StationSettings, filer: any DocumentFiler, mode: WatchMode? = nil,
                routers: [any StackRouter] = [FolderRouter()], sheets: (any CoverSheetReading)? = nil,
                store: URL? = nil, logger: Logger) throws(AcervoError) {
        self.layout = layout
        self.store = store
        self.settings = settings
        self.filer = filer
        self.routers = routers
        self.sheets = sheets
        self.logger = logger
        for folder in [layout.inbox, layout.done, layout.quarantine, layout.stationDirectory, layout.hand] {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw AcervoError(.io, english: "cannot make \(folder.path): \(error.localizedDescription)",
                                  portuguese: "não foi possível criar \(folder.path)", path: folder.path)
            }
        }
        self.mode = mode ?? WatchMode.choose(for: layout.inbox.path, pollSeconds: settings.pollSeconds)
        journal = try StationJournal(url: layout.journal)
    }

    /// Asks the station to stop: the documents in hand are finished first. Safe from any thread (a signal handler's queue).
    public nonisolated func stop() {
        stopRequested.withLock { $0 = true }
    }

    var stopping: Bool { stopRequested.withLock { $0 } }

    /// Runs until ``stop()``: finishes what a previous run left, lists the inbox, then watches it.
    /// `events` is called on the station's executor for every event.
    public func run(events: @escaping @Sendable (StationEvent) -> Void = { _ in }) async throws(AcervoError) {
        emit = events
        // Facts for `status`: a disk that cannot take them now does not keep the station from running.
        try? journal.setFact("mode", mode.description)
        try? journal.setFact("pid", String(ProcessInfo.processInfo.processIdentifier))
        try? journal.setFact("started", StationJournal.now())
        try? journal.setFact("store", store?.standardizedFileURL.path)
        emit(StationEvent(.started, path: layout.inbox.path, message: "observando/watching \(layout.inbox.path) (\(mode))"))
        do {
            try await recover()
        } catch {
            recoveryPending = true
            operationalFailure(error)
        }
        let watcher: InboxEvents? = if case .events = mode { try InboxEvents(root: layout.inbox) } else { nil }
        let tick: Duration = .milliseconds(min(200, max(20, Int(settings.settleSeconds * 1000 / 5))))
        while !stopping {
            let now = Date()
            if let watcher {
                let changes = watcher.drain()
                if changes.needsRescan {
                    nextFullScan = .distantPast
                } else {
                    for folder in changes.folders { scan(folder: folder, now: now) }
                    for path in changes.paths { observe(absolute: path, now: now) }
                }
            }
            if now >= nextFullScan {
                // Set before the scan: a file the scan cannot journal brings the next one forward (see
                // `operationalFailure`).
                if case .polling(let seconds) = mode { nextFullScan = now.addingTimeInterval(seconds) } else {
                    nextFullScan = now.addingTimeInterval(settings.rescanSeconds)
                }
                scan(folder: layout.inbox.path, now: now)
            }
            await advance()
            noteRecovery()
            try? await Task.sleep(for: tick)
        }
        await drainFilings()
        if batchOpen { endBatch() }
        try? journal.setFact("pid", nil)
        emit(StationEvent(.stopped, path: layout.inbox.path, message: "parada/stopped"))
    }

    // MARK: Seeing files

    private func scan(folder: String, now: Date) {
        var pending = [folder]
        var seen: Set<String> = []
        while let current = pending.popLast() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: current) else { continue }
            for name in names where !IgnoredNames.ignores(name) {
                let path = current + "/" + name
                switch FileMoves.kind(path) {
                case .folder: pending.append(path)
                case .file: observe(absolute: path, now: now); seen.insert(path)
                default: continue
                }
            }
        }
        // Files tracked under this folder that the listing no longer shows are gone.
        let prefix = folder == layout.inbox.path ? "" : (layout.relativePath(of: URL(fileURLWithPath: folder)) ?? "") + "/"
        for (relative, _) in tracked where relative.hasPrefix(prefix) && !seen.contains(layout.inbox.path + "/" + relative) {
            observe(absolute: layout.inbox.path + "/" + relative, now: now)
        }
    }

    private func observe(absolute path: String, now: Date) {
        guard let relative = layout.relativePath(of: URL(fileURLWithPath: path)),
              !IgnoredNames.ignores(relativePath: relative), !held.contains(relative) else { return }
        switch FileMoves.kind(path) {
        case .file(let identity):
            if var known = tracked[relative] {
                if known.identity != identity {
                    known.identity = identity
                    known.changedAt = now
                    tracked[relative] = known
                }
                return
            }
            let id: Int64
            do {
                id = try recordSeen(relative, identity: identity)
            } catch {
                // Not tracked: the full scan after the pause sees it again.
                return operationalFailure(error)
            }
            tracked[relative] = Observation(identity: identity, changedAt: now, journalID: id)
            if !batchOpen { openBatch() }
        case .folder:
            // A folder that appeared, or one whose event arrived before its watch: list it.
            if tracked[relative] == nil { scan(folder: path, now: now) }
        case .missing, .other:
            if let known = tracked.removeValue(forKey: relative) {
                try? journal.write { db in
                    try db.execute(sql: "UPDATE files SET state = 'gone', updated = ? WHERE id = ? AND state = 'pending'",
                                   arguments: [StationJournal.now(), known.journalID])
                }
            }
        }
    }

    /// The journal row of a file seen at `relative`: the pending one a previous run left, or a new one.
    private func recordSeen(_ relative: String, identity: FileMoves.Identity) throws(AcervoError) -> Int64 {
        try journal.write { db in
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM files WHERE path = ? AND state = 'pending' ORDER BY id DESC LIMIT 1",
                                           arguments: [relative]) {
                try db.execute(sql: "UPDATE files SET byte_count = ?, mtime_ns = ?, updated = ? WHERE id = ?",
                               arguments: [identity.size, identity.mtimeNanoseconds, StationJournal.now(), id])
                return id
            }
            let now = StationJournal.now()
            try db.execute(sql: """
                INSERT INTO files(path, byte_count, mtime_ns, state, first_seen, updated) VALUES (?, ?, ?, 'pending', ?, ?)
                """, arguments: [relative, identity.size, identity.mtimeNanoseconds, now, now])
            return db.lastInsertedRowID
        }
    }

    // MARK: Deciding what is ready

    private func advance() async {
        // After an operational failure, nothing is taken until the pause is over.
        if paused { return }
        if recoveryPending {
            recoveryPending = false
            await drainFilings()
            do {
                try await recover()
            } catch {
                recoveryPending = true
                return operationalFailure(error)
            }
        }
        let now = Date()
        var groups: [String: (route: Route, members: [String])] = [:]
        var stacks: [String: [String]] = [:]
        var waiting = 0
        for relative in tracked.keys.sorted() {
            guard var observation = tracked[relative] else { continue }
            // Files are looked at again on every tick: an event is a hint, `stat` is the truth.
            let path = layout.inbox.path + "/" + relative
            guard let identity = FileMoves.identity(path) else { observe(absolute: path, now: now); continue }
            if identity != observation.identity {
                observation.identity = identity
                observation.changedAt = now
                tracked[relative] = observation
                waiting += 1
                continue
            }
            let quiet = now.timeIntervalSince(observation.changedAt)
            guard quiet >= settings.settleSeconds else { waiting += 1; continue }
            if observation.checked != identity {
                observation.finding = Completeness.check(path)
                observation.checked = identity
                tracked[relative] = observation
            }
            switch observation.finding {
            case .complete?:
                switch FolderRouting.decide(relative) {
                case .routed(let route, let document):
                    groups[document, default: (route, [])].members.append(relative)
                case .unrouted(let reason):
                    if sheets != nil && reason.code == StationReason.noRoute.code {
                        // No folder routes it: its stack may start with a cover sheet.
                        stacks[Self.stackKey(relative), default: []].append(relative)
                    } else {
                        quarantine(relative, reason: reason)
                    }
                }
            case .notAScan(let detail)?:
                if detail == "empty" {
                    if quiet >= settings.incompleteSeconds { quarantine(relative, reason: .empty) } else { waiting += 1 }
                } else {
                    quarantine(relative, reason: .notAScan(detail))
                }
            case .incomplete(_, let detail)?:
                if quiet >= settings.incompleteSeconds {
                    quarantine(relative, reason: .truncated(detail, seconds: settings.incompleteSeconds))
                } else {
                    waiting += 1
                }
            case nil:
                waiting += 1
            }
        }
        if progress.waiting != waiting && batchOpen {
            progress.waiting = waiting
        }
        // A document folder is taken when every file in it is ready and none changed for the settle time.
        let ordered = groups.sorted { $0.key < $1.key }
        for (key, group) in ordered where !stopping {
            let everything = tracked.keys.filter { $0 == key || $0.hasPrefix(key + "/") }
            guard everything.count == group.members.count else { continue }
            let latest = group.members.compactMap { tracked[$0]?.changedAt }.max() ?? now
            guard now.timeIntervalSince(latest) >= settings.settleSeconds else { continue }
            await startFiling(key: key, route: group.route, members: group.members.sorted())
        }
        // A stack is taken when every file of it is ready and none changed for the settle time.
        if !stacks.isEmpty { await drainFilings() }
        for (key, members) in stacks.sorted(by: { $0.key < $1.key }) where !stopping {
            guard tracked.keys.filter({ Self.stackKey($0) == key }).count == members.count else { continue }
            let latest = members.compactMap { tracked[$0]?.changedAt }.max() ?? now
            guard now.timeIntervalSince(latest) >= settings.settleSeconds else { continue }
            await takeStack(key: key, members: members.sorted())
        }
        // Documents whose filing failed for an operational reason are tried again after a pause.
        if retryAt.values.contains(where: { $0 <= Date() }) && !paused { await drainFilings() }
        for (id, when) in retryAt.sorted(by: { $0.key < $1.key }) where when <= Date() && !stopping && !paused {
            retryAt[id] = nil
            await proceed(documentID: id, recovering: true)
        }
        if batchOpen && tracked.isEmpty && held.isEmpty && retryAt.isEmpty { endBatch() }
    }

    // MARK: Taking a document

    /// A file copied into the station's hand: where it is in the inbox, the copy, and what was seen of it.
    typealias HandCopy = (relative: String, page: PageFile, observation: Observation)

    /// Copies `members` into a new folder of the station's hand, each hashed as it is read and checked whole
    /// again; `nil` (and nothing left in hand) when one changed or went while read, to be read again once
    /// stable, or when the hand cannot be made.
    func copyIntoHand(_ members: [String]) -> (name: String, folder: URL, pages: [HandCopy])? {
        let handName = UUID().uuidString.lowercased()
        let hand = layout.hand.appending(path: handName)
        var pages: [HandCopy] = []
        do {
            try FileManager.default.createDirectory(at: hand, withIntermediateDirectories: true)
        } catch {
            operationalFailure(AcervoError.system("mkdir", path: hand.path, errno: AcervoError.posixCode(of: error) ?? EIO))
            return nil
        }
        for (position, relative) in members.enumerated() {
            guard let observation = tracked[relative] else { discard(hand); return nil }
            let source = layout.inbox.path + "/" + relative
            let copy = hand.appending(path: String(format: "%04d-", position + 1) + (relative as NSString).lastPathComponent)
            let copied: (sha256: String, byteCount: Int64)
            do {
                copied = try HashedCopy.copy(source, to: copy.path)
            } catch {
                discard(hand)
                if error.path == copy.path {
                    // The copy could not be written (a full or read-only disk): the original waits, unjudged.
                    operationalFailure(error)
                } else {
                    // Removed or unreadable while read: look again when it is stable.
                    tracked[relative]?.changedAt = Date()
                }
                return nil
            }
            guard FileMoves.identity(source) == observation.identity, copied.byteCount == observation.identity.size,
                  case .complete(let format, let count) = Completeness.check(copy.path) else {
                // Changed while it was read: read again once it is stable.
                tracked[relative]?.changedAt = Date()
                discard(hand)
                return nil
            }
            pages.append((relative, PageFile(url: copy, inboxPath: relative, sha256: copied.sha256,
                                             byteCount: copied.byteCount, format: format, pageCount: count), observation))
        }
        FileMoves.syncFile(hand.path)
        return (handName, hand, pages)
    }

    func take(key: String, route: Route, members: [String]) async {
        guard let (handName, hand, pages) = copyIntoHand(members) else { return }
        var stack = ReadyStack(pages: pages.map(\.page), route: route)
        for router in routers {
            if let documents = router.documents(in: stack), let first = documents.first {
                stack = first
                break
            }
        }
        guard let route = stack.route else {
            for page in pages { quarantine(page.relative, reason: .noRoute) }
            return discard(hand)
        }
        let profile = route.profile ?? settings.defaultProfile
        let documentID: Int64
        do {
            documentID = try journal.write { db in
                let now = StationJournal.now()
                try db.execute(sql: """
                    INSERT INTO documents(document_key, case_number, kind, profile, profile_named, hand, state, created, updated)
                    VALUES (?, ?, ?, ?, ?, ?, 'routed', ?, ?)
                    """, arguments: [key, route.caseNumber.rawValue, route.kind.rawValue, profile.rawValue,
                                     route.profile != nil, handName, now, now])
                let id = db.lastInsertedRowID
                for (position, page) in pages.enumerated() {
                    try db.execute(sql: """
                        UPDATE files SET state = 'in-hand', sha256 = ?, format = ?, pages = ?, document_id = ?, position = ?,
                               byte_count = ?, mtime_ns = ?, updated = ? WHERE id = ?
                        """, arguments: [page.page.sha256, page.page.format.rawValue, page.page.pageCount, id, position,
                                         page.observation.identity.size, page.observation.identity.mtimeNanoseconds, now,
                                         page.observation.journalID])
                }
                return id
            }
        } catch {
            operationalFailure(error)
            return discard(hand)
        }
        for page in pages {
            tracked[page.relative] = nil
            held.insert(page.relative)
            progress.pagesRead += page.page.pageCount
        }
        publishProgress()
        await proceed(documentID: documentID, recovering: false)
    }

    func discard(_ hand: URL) {
        try? FileManager.default.removeItem(at: hand)
    }

    // MARK: Filing a document, from whatever state the journal says

    /// A document as the journal holds it.
    struct JournalDocument {
        var id: Int64
        var key: String
        var state: String
        var hand: String
        var document: RoutedDocument
        var holdingsBefore: StoreHoldings?
        var filed: FiledDocument?
        var files: [DocumentFileRow]
        /// The hand name of the stack the document was split from, when cover sheets split one.
        var stack: String?
    }

    /// A file row of a document: an original from the inbox, or a part of a split stack's original
    /// (`sourceID`, `sourcePages`), which has no file of its own in the inbox.
    struct DocumentFileRow {
        var id: Int64
        var path: String
        var identity: FileMoves.Identity
        var state: String
        var movedTo: String?
        var sourceID: Int64?
        var sourcePages: ClosedRange<Int>?
    }

    private func load(_ id: Int64) throws(AcervoError) -> JournalDocument? {
        try journal.read { db -> JournalDocument? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM documents WHERE id = ?", arguments: [id]),
                  let caseNumber = CaseNumber(rawValue: row["case_number"]),
                  let kind = DocumentKind(rawValue: row["kind"]),
                  let profile = DigitizationProfile(rawValue: row["profile"]) else { return nil }
            let hand = layout.hand.appending(path: row["hand"] as String)
            let fileRows = try Row.fetchAll(db, sql: "SELECT * FROM files WHERE document_id = ? ORDER BY position", arguments: [id])
            var pages: [PageFile] = []
            var files: [DocumentFileRow] = []
            for (position, file) in fileRows.enumerated() {
                let path: String = file["path"]
                let name = (file["hand_name"] as String?) ?? String(format: "%04d-", position + 1) + (path as NSString).lastPathComponent
                pages.append(PageFile(url: hand.appending(path: name), inboxPath: path, sha256: file["sha256"],
                                      byteCount: file["byte_count"], format: ScanFormat(rawValue: file["format"]) ?? .pdf,
                                      pageCount: file["pages"] ?? 1))
                files.append(DocumentFileRow(id: file["id"], path: path,
                                         identity: FileMoves.Identity(size: file["byte_count"], mtimeNanoseconds: file["mtime_ns"], inode: 0),
                                         state: file["state"], movedTo: file["moved_to"], sourceID: file["source_id"],
                                         sourcePages: (file["source_pages"] as String?).flatMap(Self.pageRange)))
            }
            let metadata = StationMetadata(responsavelDigitalizacao: settings.responsavelDigitalizacao,
                                           localDigitalizacao: settings.localDigitalizacao, identifier: "station-\(id)",
                                           pageHashes: pages.map(\.sha256), title: row["title"])
            let sheet = (row["cover_sheet"] as String?).flatMap { try? JSONDecoder().decode(PageFile.self, from: Data($0.utf8)) }
            let document = RoutedDocument(journalID: id, pages: pages, caseNumber: caseNumber, kind: kind, profile: profile,
                                          profileNamed: (row["profile_named"] as Int) != 0, metadata: metadata, coverSheet: sheet)
            let before = (row["holdings_before"] as String?).flatMap { try? JSONDecoder().decode(StoreHoldings.self, from: Data($0.utf8)) }
            let filed = (row["filed"] as String?).flatMap { try? JSONDecoder().decode(FiledDocument.self, from: Data($0.utf8)) }
            return JournalDocument(id: id, key: row["document_key"], state: row["state"], hand: row["hand"], document: document,
                                   holdingsBefore: before, filed: filed, files: files, stack: row["stack"])
        }
    }

    /// Moves a document on from its journal state to `done`, each step recorded before the next.
    func proceed(documentID: Int64, recovering: Bool) async {
        do throws(AcervoError) {
            guard var current = try load(documentID) else { return }
            for file in current.files { held.insert(file.path) }
            if current.state == "routed" {
                try ensureHand(current)
                let before = try await filer.holdings(of: current.document)
                if let existing = Self.duplicate(current.document, holdings: before) {
                    try record(current, state: "duplicate", filed: existing, fileState: "duplicate")
                    current = try load(documentID) ?? current
                } else {
                    let json = String(decoding: (try? JSONEncoder.sorted.encode(before)) ?? Data(), as: UTF8.self)
                    try journal.write { db in
                        try db.execute(sql: "UPDATE documents SET state = 'filing', holdings_before = ?, updated = ? WHERE id = ?",
                                       arguments: [json, StationJournal.now(), documentID])
                    }
                    current.state = "filing"
                    current.holdingsBefore = before
                }
            }
            if current.state == "filing" {
                try ensureHand(current)
                var filed: FiledDocument?
                if recovering {
                    // A kill may have come after the store committed: what appeared since is that filing.
                    let now = try await filer.holdings(of: current.document)
                    filed = Self.appeared(current.document, before: current.holdingsBefore ?? StoreHoldings(), now: now)
                }
                if filed == nil { filed = try await fileFollowingProgress(current.document) }
                try record(current, state: "filed", filed: filed!, fileState: "filed")
                current = try load(documentID) ?? current
            }
            if current.state == "filed" || current.state == "duplicate" {
                try finish(current)
            }
        } catch {
            operationalFailure(error)
            retryAt[documentID] = pausedUntil ?? Date()
        }
    }

    /// Files `document`, each page the filer finishes counted and shown as it comes.
    private func fileFollowingProgress(_ document: RoutedDocument) async throws(AcervoError) -> FiledDocument {
        let (steps, continuation) = AsyncStream.makeStream(of: FilingProgress.self)
        let filer = self.filer
        let work = Task { () async -> Result<FiledDocument, AcervoError> in
            defer { continuation.finish() }
            do throws(AcervoError) {
                return .success(try await filer.file(document) { step in continuation.yield(step) })
            } catch {
                return .failure(error)
            }
        }
        for await step in steps {
            progress.pagesDigitized += 1
            filingProgressed(document, step)
            publishProgress()
        }
        return try await work.value.get()
    }

    /// The existing evidence when the case holds every page already; `nil` otherwise. Records the store
    /// rejected do not count: a refused document set right and sent again is filed anew.
    static func duplicate(_ document: RoutedDocument, holdings: StoreHoldings) -> FiledDocument? {
        var pages: [FiledPage] = []
        for page in document.pages {
            let records = (holdings.records[page.sha256] ?? []).filter { $0.verdict != .rejected }
            guard let original = records.first(where: { $0.duplicateOf == nil }) ?? records.first else { return nil }
            pages.append(FiledPage(sha256: page.sha256, evidenceID: original.duplicateOf ?? original.id, verdict: original.verdict,
                                   duplicateOf: original.duplicateOf ?? original.id))
        }
        let version = holdings.records[document.pages[0].sha256]?.first { $0.verdict != .rejected }?.version
        return FiledDocument(version: version, pages: pages)
    }

    /// The filing that completed since `before`, when a new record appeared for every page; `nil` otherwise.
    static func appeared(_ document: RoutedDocument, before: StoreHoldings, now: StoreHoldings) -> FiledDocument? {
        var used: Set<UUID> = []
        var pages: [FiledPage] = []
        var version: Int?
        for page in document.pages {
            let old = Set((before.records[page.sha256] ?? []).map(\.id))
            guard let new = (now.records[page.sha256] ?? []).first(where: { !old.contains($0.id) && !used.contains($0.id) }) else {
                return nil
            }
            used.insert(new.id)
            version = version ?? new.version
            pages.append(FiledPage(sha256: page.sha256, evidenceID: new.id, verdict: new.verdict, reasons: new.reasons ?? [],
                                   duplicateOf: new.duplicateOf))
        }
        return FiledDocument(version: version, pages: pages)
    }

    /// Recreates the copies in hand from the originals when a crash lost them (they are synced, so only
    /// a lost disk cache does); the originals must still hash the same.
    private func ensureHand(_ current: JournalDocument) throws(AcervoError) {
        let hand = layout.hand.appending(path: current.hand)
        try? FileManager.default.createDirectory(at: hand, withIntermediateDirectories: true)
        if current.stack != nil { return try ensureStackHand(current) }
        for page in current.document.pages where HashedCopy.sha256(page.url.path) != page.sha256 {
            try? FileManager.default.removeItem(at: page.url)
            let copied = try HashedCopy.copy(layout.inbox.path + "/" + page.inboxPath, to: page.url.path)
            guard copied.sha256 == page.sha256 else {
                try? FileManager.default.removeItem(at: page.url)
                throw AcervoError(.io, english: "\(page.inboxPath) changed before it was filed; it will be read again",
                                  portuguese: "\(page.inboxPath) mudou antes de ser arquivado; será lido de novo")
            }
        }
    }

    private func record(_ current: JournalDocument, state: String, filed: FiledDocument, fileState: String) throws(AcervoError) {
        let json = String(decoding: (try? JSONEncoder.sorted.encode(filed)) ?? Data(), as: UTF8.self)
        // The originals of a refused document are set aside in the quarantine, for the operator to set right.
        let refused = state == "filed" && filed.refused
        try journal.write { db in
            let now = StationJournal.now()
            try db.execute(sql: "UPDATE documents SET state = ?, filed = ?, version = ?, updated = ? WHERE id = ?",
                           arguments: [state, json, filed.version, now, current.id])
            for (index, file) in current.files.enumerated() {
                let page = filed.pages[index]
                // A part of a split stack has no file of its own: its original leaves with its stack.
                let target = file.sourceID != nil ? nil
                    : refused ? freeQuarantineName(file.path) : settings.after == .done ? freeDoneName(file.path) : nil
                try db.execute(sql: """
                    UPDATE files SET state = ?, evidence_id = ?, duplicate_of = ?, moved_to = ?, updated = ? WHERE id = ?
                    """, arguments: [fileState, page.evidenceID.uuidString.lowercased(), page.duplicateOf?.uuidString.lowercased(),
                                     target, now, file.id])
            }
        }
    }

    func freeDoneName(_ relative: String) -> String {
        let target = FileMoves.freeName(layout.done.appending(path: relative))
        return layout.relative(target, to: layout.done) ?? relative
    }

    func freeQuarantineName(_ relative: String) -> String {
        let target = FileMoves.freeName(layout.quarantine.appending(path: relative))
        return layout.relative(target, to: layout.quarantine) ?? relative
    }

    /// Moves (or deletes) the originals the store now holds, then closes the document. The originals of a
    /// document the store refused go to the quarantine instead, with the store's reasons beside them.
    private func finish(_ current: JournalDocument) throws(AcervoError) {
        let refusal: StationReason? = if current.state == "filed", let filed = current.filed, filed.refused {
            .refused(filed.reasonCodes, caseNumber: current.document.caseNumber.rawValue)
        } else {
            nil
        }
        for file in current.files where file.state != "done" && file.state != "quarantined" {
            let source = URL(fileURLWithPath: layout.inbox.path + "/" + file.path)
            let now = file.sourceID == nil ? FileMoves.identity(source.path) : nil
            // Only the file that was filed: one dropped again under the same name since is a new file.
            if let now, now.size == file.identity.size, now.mtimeNanoseconds == file.identity.mtimeNanoseconds {
                if let refusal, let movedTo = file.movedTo {
                    try place(relative: file.path, target: layout.quarantine.appending(path: movedTo), identity: file.identity,
                              reason: refusal)
                } else if let movedTo = file.movedTo {
                    try FileMoves.move(source, to: layout.done.appending(path: movedTo))
                } else if unlink(source.path) != 0 && errno != ENOENT {
                    throw AcervoError.system("unlink", path: source.path, errno: errno)
                }
            }
            try journal.write { db in
                // A part of a split stack is done either way: its original carries the quarantine.
                if let refusal, file.sourceID == nil {
                    try db.execute(sql: "UPDATE files SET state = 'quarantined', reason_code = ?, reason = ?, updated = ? WHERE id = ?",
                                   arguments: [refusal.code, refusal.english, StationJournal.now(), file.id])
                } else {
                    try db.execute(sql: "UPDATE files SET state = 'done', updated = ? WHERE id = ?", arguments: [StationJournal.now(), file.id])
                }
            }
            held.remove(file.path)
        }
        if current.stack == nil && !current.files.contains(where: { $0.path == current.key }) {
            // A document folder: gone with its files (rmdir only removes it when empty; a newer file keeps it).
            removeEmptyFolders(layout.inbox.path + "/" + current.key)
        }
        let duplicate = current.state == "duplicate"
        try journal.write { db in
            try db.execute(sql: "UPDATE documents SET state = 'done', updated = ? WHERE id = ?",
                           arguments: [StationJournal.now(), current.id])
        }
        if let stack = current.stack {
            // The stack's originals and hand go once its last document is done.
            try finishStack(stack)
        } else {
            discard(layout.hand.appending(path: current.hand))
        }
        let filed = current.filed
        var event = StationEvent(duplicate ? .duplicate : refusal != nil ? .refused : .filed, path: current.key)
        event.files = current.files.map(\.path)
        event.caseNumber = current.document.caseNumber.rawValue
        event.kind = current.document.kind.rawValue
        event.version = filed?.version
        event.evidenceIDs = filed?.evidenceIDs
        let flagged = zip(current.files, filed?.pages ?? []).filter { $0.1.verdict != .accepted }.map(\.0.path)
        if !flagged.isEmpty { event.flagged = flagged }
        let codes = duplicate ? [] : filed?.reasonCodes ?? []
        if !codes.isEmpty { event.findings = codes }
        let listed = codes.isEmpty ? "" : " [\(codes.joined(separator: ", "))]"
        if duplicate {
            event.message = "já arquivado no processo/already in the case: \(filed?.evidenceIDs.map { $0.uuidString.lowercased() }.joined(separator: ", ") ?? "")"
            progress.duplicates += 1
        } else if let refusal {
            event.reason = refusal
            event.message = "recusado, na quarentena/refused, quarantined\(listed): páginas na quarentena do acervo/pages in the store's quarantine"
            progress.documentsRefused += 1
            progress.failures += current.files.count
        } else {
            event.message = "arquivado/filed in \(current.document.caseNumber.rawValue) v\(filed?.version ?? 0)\(listed)"
            progress.documentsFiled += 1
            progress.pagesFlagged += flagged.count
        }
        emit(event)
        publishProgress()
    }

    func removeEmptyFolders(_ path: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            if case .folder = FileMoves.kind(path + "/" + name) { removeEmptyFolders(path + "/" + name) }
        }
        _ = rmdir(path)
    }

    // MARK: Quarantine

    func quarantine(_ relative: String, reason: StationReason) {
        guard let observation = tracked[relative] else { return }
        let target = FileMoves.freeName(layout.quarantine.appending(path: relative))
        let targetRelative = layout.relative(target, to: layout.quarantine) ?? relative
        do {
            try journal.write { db in
                try db.execute(sql: """
                    UPDATE files SET state = 'quarantining', reason_code = ?, reason = ?, moved_to = ?, updated = ? WHERE id = ?
                    """, arguments: [reason.code, reason.english, targetRelative, StationJournal.now(), observation.journalID])
            }
            try place(relative: relative, target: target, identity: observation.identity, reason: reason)
            try journal.write { db in
                try db.execute(sql: "UPDATE files SET state = 'quarantined', updated = ? WHERE id = ?",
                               arguments: [StationJournal.now(), observation.journalID])
            }
        } catch {
            operationalFailure(error)
            return
        }
        tracked[relative] = nil
        progress.failures += 1
        var event = StationEvent(.quarantined, path: relative, message: "\(reason.portuguese) / \(reason.english)")
        event.reason = reason
        emit(event)
        publishProgress()
    }

    func place(relative: String, target: URL, identity: FileMoves.Identity, reason: StationReason) throws(AcervoError) {
        let source = URL(fileURLWithPath: layout.inbox.path + "/" + relative)
        let note = QuarantineNote(file: target.lastPathComponent, inboxPath: relative, quarantinedAt: StationJournal.now(),
                                  byteCount: identity.size, sha256: nil, reasons: [reason])
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try note.write(beside: target)
        } catch let error as AcervoError {
            throw error
        } catch {
            throw AcervoError(.io, english: "cannot write the quarantine note of \(relative): \(error.localizedDescription)",
                              portuguese: "não foi possível escrever o motivo de \(relative)", path: target.path)
        }
        if FileMoves.identity(source.path) != nil { try FileMoves.move(source, to: target) }
    }

    // MARK: Recovery

    /// Finishes what a killed run left: documents not done, files half quarantined, copies no document holds.
    func recover() async throws(AcervoError) {
        let (documents, quarantining, hands) = try journal.read { db in
            (try Int64.fetchAll(db, sql: "SELECT id FROM documents WHERE state NOT IN ('done') ORDER BY id"),
             try Row.fetchAll(db, sql: "SELECT * FROM files WHERE state = 'quarantining'"),
             Set(try String.fetchAll(db, sql: "SELECT hand FROM documents WHERE state NOT IN ('done')")))
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: layout.hand.path)) ?? [] where !hands.contains(name) {
            discard(layout.hand.appending(path: name))
        }
        for row in quarantining {
            let relative: String = row["path"]
            let target = layout.quarantine.appending(path: row["moved_to"] as String)
            let reason = StationReason(code: row["reason_code"], portuguese: row["reason"], english: row["reason"])
            let known = StationReason.codes.contains(reason.code)
            try place(relative: relative, target: target,
                      identity: FileMoves.Identity(size: row["byte_count"], mtimeNanoseconds: row["mtime_ns"], inode: 0),
                      reason: known ? Self.reason(code: reason.code) ?? reason : reason)
            try journal.write { db in
                try db.execute(sql: "UPDATE files SET state = 'quarantined', updated = ? WHERE id = ?",
                               arguments: [StationJournal.now(), row["id"] as Int64])
            }
        }
        // The originals of split stacks stay in the inbox until every document of theirs is done.
        let splitStacks = try journal.read { db in
            try Row.fetchAll(db, sql: "SELECT path, stack FROM files WHERE state = 'split'")
        }
        for row in splitStacks { held.insert(row["path"]) }
        for id in documents where !stopping {
            if !batchOpen { openBatch() }
            await proceed(documentID: id, recovering: true)
        }
        for stack in Set(splitStacks.compactMap { $0["stack"] as String? }) where !stopping {
            try finishStack(stack)
        }
    }

    private static func reason(code: String) -> StationReason? {
        switch code {
        case "no-route": .noRoute
        case "empty": .empty
        default: nil
        }
    }

    // MARK: Progress

    func openBatch() {
        batchOpen = true
        let number = progress.batch + 1
        progress = StationProgress()
        progress.batch = number
    }

    private func endBatch() {
        batchOpen = false
        progress.waiting = 0
        var event = StationEvent(.batch, path: nil, message: progress.line)
        event.progress = progress
        emit(event)
    }

    func publishProgress() {
        var event = StationEvent(.progress)
        event.progress = progress
        emit(event)
    }

    func reportFailure(_ message: String) {
        logger.error("\(message)")
        try? journal.setFact("last_error", message)
        try? journal.setFact("last_error_at", StationJournal.now())
        emit(StationEvent(.failed, message: message))
    }
}
