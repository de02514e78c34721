import AcervoCore
import Foundation

/// Where every part of a store directory lives. One place names the layout so the writer, the
/// recovery and the verifier can never disagree about it.
struct StoreLayout: Sendable {
    /// The store directory.
    let root: URL

    /// The marker that says the directory is an Acervo store, and of which format.
    var marker: URL { root.appendingPathComponent(StoreMarker.fileName) }
    /// A marker being written when the store is created; a directory holding only this is still empty.
    var partialMarker: URL { root.appendingPathComponent(StoreMarker.fileName + ".partial") }
    /// The OCFL 1.1 storage root.
    var objects: URL { root.appendingPathComponent("objects", isDirectory: true) }
    /// Incoming uploads, and versions being built, all on the store's filesystem so moves are renames.
    var staging: URL { root.appendingPathComponent("staging", isDirectory: true) }
    /// Where the pipeline streams uploads before they are committed.
    var incoming: URL { staging.appendingPathComponent("incoming", isDirectory: true) }
    /// One directory per commit in progress.
    var transactions: URL { staging.appendingPathComponent("tx", isDirectory: true) }
    /// One marker per commit that passed the point where it may have touched an object.
    var journal: URL { staging.appendingPathComponent("journal", isDirectory: true) }
    /// The cases' open versions: uploads committed durably and indexed, not yet sealed into an OCFL
    /// version (`open/<case>/<piece>/`, see `OpenVersion`).
    var open: URL { root.appendingPathComponent("open", isDirectory: true) }
    /// Rejected and review files with their sidecars.
    var quarantine: URL { root.appendingPathComponent("quarantine", isDirectory: true) }
    /// The GRDB index.
    var ledger: URL { root.appendingPathComponent("ledger.sqlite") }
    /// The advisory lock file of the whole store.
    var lock: URL { root.appendingPathComponent(".lock") }
    /// One advisory lock file per case, taken by commits and readers of that case.
    var caseLocks: URL { staging.appendingPathComponent("locks", isDirectory: true) }

    /// The lock file of one case.
    func caseLock(_ caseNumber: CaseNumber) -> URL {
        caseLocks.appendingPathComponent(caseNumber.rawValue + ".lock")
    }

    /// The directory of a case's OCFL object (flat-direct layout: the id is the directory name).
    func object(_ caseNumber: CaseNumber) -> URL {
        objects.appendingPathComponent(caseNumber.rawValue, isDirectory: true)
    }

    /// A quarantined file's directory (`quarantine/<id>/<name>`).
    func quarantineDirectory(_ evidence: UUID) -> URL {
        quarantine.appendingPathComponent(EvidencePaths.idComponent(evidence), isDirectory: true)
    }

    /// A quarantined file's sidecar (`quarantine/<id>.json`), beside its directory so that no declared
    /// name can ever collide with it.
    func quarantineSidecar(_ evidence: UUID) -> URL {
        quarantine.appendingPathComponent(EvidencePaths.idComponent(evidence) + ".json")
    }

    /// Names at the top of the storage root that flat-direct would confuse with an object.
    static let reservedObjectNames: Set<String> = ["extensions", "ocfl_layout.json"]
}

/// The logical paths of a case object, as DESIGN.md names them.
enum EvidencePaths {
    /// Evidence ids appear in paths in lowercase, the usual spelling of a UUID in a path or URL.
    static func idComponent(_ id: UUID) -> String { id.uuidString.lowercased() }

    static func original(_ id: UUID, name: String) -> String { "originals/\(idComponent(id))/\(name)" }
    static func derivative(_ id: UUID, name: String) -> String { "derivatives/\(idComponent(id))/\(name)" }
    static func record(_ id: UUID) -> String { "metadata/evidence/\(idComponent(id)).json" }
    /// The whole custody log, as stores of format 1 kept it in every version; read as the chain's first
    /// segment when a case still has it.
    static let custody = "metadata/custody.jsonl"
    static let custodySegmentPrefix = "metadata/custody/"
    /// The custody segment a version adds: the events of that version only.
    static func custodySegment(_ version: String) -> String { "\(custodySegmentPrefix)\(version).jsonl" }

    /// The custody segments among `logicalPaths`, in chain order: the legacy whole log first, then one
    /// segment per version by version number.
    static func custodySegments(_ logicalPaths: some Sequence<String>) -> [String] {
        var legacy: [String] = []
        var segments: [(Int, String)] = []
        for path in logicalPaths {
            if path == custody {
                legacy.append(path)
            } else if path.hasPrefix(custodySegmentPrefix), path.hasSuffix(".jsonl"),
                      let number = OCFLInventory.versionNumber(String(path.dropFirst(custodySegmentPrefix.count).dropLast(6))) {
                segments.append((number, path))
            }
        }
        return legacy + segments.sorted { $0.0 < $1.0 }.map(\.1)
    }
    static let recordPrefix = "metadata/evidence/"
    /// The path of a quarantined file relative to the store directory, as recorded in its record.
    static func quarantined(_ id: UUID, name: String) -> String { "quarantine/\(idComponent(id))/\(name)" }
}
