public import AcervoCore
import AcervoSystem
public import Foundation
public import Logging
import Synchronization

/// The evidence store: one directory holding an OCFL storage root of case objects, a quarantine, a
/// staging area and a SQLite ledger.
///
/// A `final class`, not an actor: the pipeline calls it from Dispatch queues as well as async code,
/// and its work is blocking file I/O that belongs on those queues rather than on the cooperative
/// pool. Its state is immutable after `open` except for what is behind locks: commits to one case are
/// serialised by that case's lock, in the process and across processes, while commits to different
/// cases run at the same time; recovery, reindex and verify take the whole store (see `StoreLock`);
/// the ledger is serialised by GRDB's own queue. Reads of the ledger never wait for a commit's file work.
public final class EvidenceStore: Sendable {
    let layout: StoreLayout
    let logger: Logger
    let ledger: any CaseLedger
    /// Stops a commit at a step as a crash would (tests only).
    let crashHook: (@Sendable (CommitStep) -> Bool)?
    /// How many leftovers of killed processes recovery removed when this store was opened.
    let removedAtOpen = Mutex(0)

    /// The store directory.
    public var directory: URL { layout.root }

    /// Where the pipeline's receive stage writes incoming files: on the store's filesystem, so that a
    /// commit moves them without copying. Files left here longer than `staleIncomingAge` are removed
    /// when the store is opened.
    package var stagingDirectory: URL { layout.incoming }

    /// How long an incoming file may wait in staging before recovery takes it for a leftover.
    public static let staleIncomingAge: TimeInterval = 24 * 3600

    private init(layout: StoreLayout, logger: Logger, ledger: any CaseLedger, crashHook: (@Sendable (CommitStep) -> Bool)?) {
        self.layout = layout
        self.logger = logger
        self.ledger = ledger
        self.crashHook = crashHook
    }

    /// Opens the store at `directory`, creating it when the directory is absent or empty, and runs
    /// recovery of any commit a crashed writer left behind.
    ///
    /// A directory that holds anything but an Acervo store is refused with `.storeRefused` and left
    /// exactly as it was.
    public static func open(at directory: URL, logger: Logger) throws(AcervoError) -> EvidenceStore {
        try open(at: directory, logger: logger, crashHook: nil)
    }

    static func open(at directory: URL, logger: Logger,
                     crashHook: (@Sendable (CommitStep) -> Bool)?) throws(AcervoError) -> EvidenceStore {
        let layout = StoreLayout(root: directory.standardizedFileURL)
        try claim(layout, logger: logger)
        try DurableFiles.makeDirectory(layout.transactions)
        try DurableFiles.makeDirectory(layout.journal)
        try DurableFiles.makeDirectory(layout.caseLocks)
        try DurableFiles.makeDirectory(layout.open)
        try DurableFiles.makeDirectory(layout.incoming)
        try DurableFiles.makeDirectory(layout.quarantine)
        try OCFLStorageRoot.ensure(at: layout.objects, scratch: layout.transactions)
        let ledgerWasMissing = !DurableFiles.exists(layout.ledger)
        let store = EvidenceStore(layout: layout, logger: logger, ledger: try SQLiteLedger(url: layout.ledger),
                                  crashHook: crashHook)
        try store.exclusively { () throws(AcervoError) in
            let removed = try store.recover()
            store.removedAtOpen.withLock { $0 = removed }
            if ledgerWasMissing {
                logger.notice("ledger missing, rebuilding it from the objects", metadata: ["store": "\(layout.root.path)"])
                try store.reindexLocked()
            }
        }
        return store
    }

    /// Makes sure `layout.root` is ours: creates the marker in an absent or empty directory, checks it
    /// otherwise, and refuses anything else without writing a byte.
    private static func claim(_ layout: StoreLayout, logger: Logger) throws(AcervoError) {
        let root = layout.root
        if DurableFiles.exists(root) && !DurableFiles.isDirectory(root) {
            throw refusal(root, "it is not a directory", "não é um diretório")
        }
        if DurableFiles.isRegularFile(layout.marker) {
            let data = try DurableFiles.read(layout.marker, limit: 64 << 10)
            guard let marker = try? JSONDecoder().decode(StoreMarker.self, from: data),
                  marker.format == StoreMarker.formatName else {
                throw refusal(root, "\(StoreMarker.fileName) is not an Acervo store marker",
                              "\(StoreMarker.fileName) não é um marcador do Acervo")
            }
            guard marker.version <= StoreMarker.currentVersion else {
                throw refusal(root, "the store has format version \(marker.version), newer than this Acervo (\(StoreMarker.currentVersion))",
                              "o acervo tem versão de formato \(marker.version), mais nova que a deste Acervo")
            }
            if marker.version < StoreMarker.currentVersion {
                // Format 1 → 2: nothing to convert (see StoreMarker); the new marker keeps older Acervos,
                // which would copy only the legacy custody log into a new version, from writing.
                var migrated = marker
                migrated.version = StoreMarker.currentVersion
                try DurableFiles.makeDirectory(layout.staging)
                try DurableFiles.replace(layout.marker, with: (try? StoreJSON.pretty(migrated)) ?? data, scratch: layout.staging)
                logger.notice("store format migrated", metadata: ["store": "\(root.path)", "from": "\(marker.version)",
                                                                  "to": "\(migrated.version)"])
            }
            return
        }
        let present = DurableFiles.names(in: root).filter { $0 != layout.partialMarker.lastPathComponent }
        guard present.isEmpty else {
            throw refusal(root, "it is not empty and holds no \(StoreMarker.fileName); nothing was changed",
                          "o diretório não está vazio e não contém \(StoreMarker.fileName); nada foi alterado")
        }
        try DurableFiles.makeDirectory(root)
        DurableFiles.remove(layout.partialMarker)
        let data = (try? StoreJSON.pretty(StoreMarker.current(now: Date()))) ?? Data()
        // The marker goes first, so a crash while creating leaves a store that the next open completes.
        try DurableFiles.writeNew(data, to: layout.partialMarker)
        try DurableFiles.rename(layout.partialMarker, to: layout.marker)
        try DurableFiles.syncDirectory(root)
        logger.info("created evidence store", metadata: ["store": "\(root.path)"])
    }

    private static func refusal(_ root: URL, _ english: String, _ portuguese: String) -> AcervoError {
        AcervoError(.storeRefused, english: "refusing to use \(root.path) as an evidence store: \(english)",
                    portuguese: "recusando usar \(root.path) como acervo: \(portuguese)")
    }

    /// Runs `body` holding the whole store: no commit runs meanwhile.
    func exclusively<T>(_ body: () throws(AcervoError) -> T) throws(AcervoError) -> T {
        try StoreLock.holding(layout.lock, .exclusive, body)
    }

    /// Runs `body` holding one case: the store lock shared (recovery, reindex and verify wait), the
    /// case's lock in `mode` (exclusive for a commit, shared for a reader of the case's files).
    func holding<T>(case caseNumber: CaseNumber, _ mode: StoreLock.Mode,
                    _ body: () throws(AcervoError) -> T) throws(AcervoError) -> T {
        try StoreLock.holding(layout.lock, .shared) { () throws(AcervoError) -> T in
            try StoreLock.holding(layout.caseLock(caseNumber), mode, body)
        }
    }

    /// Rebuilds the ledger entirely from the objects' head versions and the quarantine sidecars.
    public func reindex() throws(AcervoError) {
        try exclusively { () throws(AcervoError) in try reindexLocked() }
    }

    func reindexLocked() throws(AcervoError) {
        let quarantined = Quarantine.recordsByCase(layout)
        var snapshots: [CaseSnapshot] = []
        var numbers = Set(OpenVersion.cases(layout))
        for name in DurableFiles.names(in: layout.objects) {
            guard let number = CaseNumber(rawValue: name), !StoreLayout.reservedObjectNames.contains(name),
                  DurableFiles.isDirectory(layout.object(number)) else { continue }
            numbers.insert(number)
        }
        for number in numbers.sorted() {
            snapshots.append(try CaseSnapshot.read(layout: layout, caseNumber: number,
                                                   quarantined: quarantined[number] ?? []))
        }
        try ledger.index(snapshots.map(\.ledgerCase), replacingAll: true)
        logger.info("ledger rebuilt", metadata: ["cases": "\(snapshots.count)"])
    }

    /// Reindexes one case from its object and open version (or removes it when it has neither).
    func reindexCase(_ caseNumber: CaseNumber) throws(AcervoError) {
        guard DurableFiles.isDirectory(layout.object(caseNumber))
                || !OpenVersion(layout: layout, caseNumber: caseNumber).pieces().isEmpty else {
            try ledger.remove(caseNumber)
            return
        }
        let quarantined = Quarantine.recordsByCase(layout)[caseNumber] ?? []
        try ledger.index([try CaseSnapshot.read(layout: layout, caseNumber: caseNumber, quarantined: quarantined).ledgerCase],
                         replacingAll: false)
    }
}

extension EvidenceStore {
    /// Checks every object (inventory sidecars, every content digest, no missing or extra files, every
    /// version's state in the manifest, the head's custody chain) and every quarantined file.
    public func verify() -> StoreVerification {
        do {
            // Exclusive: a commit in flight moves inventories and quarantine entries the verifier reads.
            return try StoreLock.holding(layout.lock, .exclusive) { () throws(AcervoError) in
                var verifier = StoreVerifier(layout: layout)
                var result = verifier.run()
                result.staging = StagingCensus.take(layout, removedAtOpen: removedAtOpen.withLock { $0 })
                return result
            }
        } catch {
            return StoreVerification(problems: [.init(kind: .storageRoot, object: "store", message: "cannot lock the store: \(error)")],
                                     objectsChecked: 0, filesChecked: 0, bytesChecked: 0, quarantineChecked: 0)
        }
    }
}
