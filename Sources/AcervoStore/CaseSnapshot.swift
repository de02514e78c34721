import AcervoCore
import AcervoSystem
import Foundation

/// Everything the ledger indexes about one case, read from its object's head version, its open version
/// and the quarantine. Commits add to the ledger what they wrote (`LedgerChange`) and never read this;
/// both give equal rows because records and events are always decoded from their stored JSON.
struct CaseSnapshot: Sendable {
    var caseNumber: CaseNumber
    /// The object's inventory; `nil` while the case is wholly in its open version.
    var inventory: OCFLInventory?
    /// The records in the head version and the case's quarantine sidecars.
    var records: [EvidenceRecord]
    var events: [CustodyEvent]

    /// Limits on what the store reads back whole: far above anything a real case reaches, low enough
    /// that a damaged or hostile file cannot exhaust memory.
    static let inventoryLimit = 64 << 20
    static let recordLimit = 4 << 20
    static let custodyLimit = 256 << 20
    static let sidecarLimit = 4 << 10

    /// Reads the root inventory of an object, checking it against its sidecar.
    static func readInventory(objectDirectory: URL, id: String) throws(AcervoError) -> OCFLInventory {
        let data = try DurableFiles.read(objectDirectory.appendingPathComponent("inventory.json"), limit: inventoryLimit)
        let sidecar = try DurableFiles.read(objectDirectory.appendingPathComponent(OCFLInventory.sidecarName),
                                            limit: sidecarLimit)
        guard OCFLInventory.digest(inSidecar: sidecar) == Hex.sha512(data) else {
            throw AcervoError(.storeCorrupt, "the inventory of \(id) does not match its sidecar")
        }
        return try OCFLInventory.decode(data, object: id)
    }

    /// The content file that holds a logical path of the head version.
    static func contentURL(objectDirectory: URL, inventory: OCFLInventory, logicalPath: String) -> URL? {
        guard let digest = inventory.logicalPaths(of: inventory.head)[logicalPath],
              let contentPath = inventory.manifest[digest]?.first else { return nil }
        return objectDirectory.appendingPathComponent(contentPath)
    }

    /// Reads a case from its object and open version; `quarantined` are the case's quarantine records.
    static func read(layout: StoreLayout, caseNumber: CaseNumber,
                     quarantined: [EvidenceRecord]) throws(AcervoError) -> CaseSnapshot {
        let directory = layout.object(caseNumber)
        var inventory: OCFLInventory?
        var records: [EvidenceRecord] = []
        var events: [CustodyEvent] = []
        if DurableFiles.isDirectory(directory) {
            let read = try readInventory(objectDirectory: directory, id: caseNumber.rawValue)
            guard read.id == caseNumber.rawValue else {
                throw AcervoError(.storeCorrupt, "object \(caseNumber) holds the inventory of \(read.id)")
            }
            inventory = read
            let paths = read.logicalPaths(of: read.head)
            for path in paths.keys.sorted() where path.hasPrefix(EvidencePaths.recordPrefix) && path.hasSuffix(".json") {
                guard let url = contentURL(objectDirectory: directory, inventory: read, logicalPath: path) else { continue }
                let data = try DurableFiles.read(url, limit: recordLimit)
                do {
                    records.append(try StoreJSON.decode(EvidenceRecord.self, from: data))
                } catch {
                    throw AcervoError(.storeCorrupt, "\(caseNumber): \(path) is not an evidence record", underlying: error)
                }
            }
            events = try CustodySegments.events(caseNumber: caseNumber, objectDirectory: directory, inventory: read,
                                                version: read.head)
        }
        for piece in OpenVersion(layout: layout, caseNumber: caseNumber).pieces() {
            let replaced = try piece.records()
            let ids = Set(replaced.map(\.id))
            records = records.filter { !ids.contains($0.id) } + replaced
            events += try piece.events()
        }
        records += quarantined
        return CaseSnapshot(caseNumber: caseNumber, inventory: inventory, records: records, events: events)
    }
}
