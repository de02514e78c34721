import AcervoCore
import AcervoSystem
import Foundation

/// Reading a case's chain of custody from its segments: each version adds one segment holding its
/// own events (`metadata/custody/vN.jsonl`), and the state of every version names every segment
/// before it, so a version's chain is its segments read in order and no version copies the whole log.
/// Cases written by format 1 keep their whole log as `metadata/custody.jsonl`, read as the first
/// segment; the chain's hashes run on across segments unchanged.
enum CustodySegments {
    /// The whole chain as version `version` holds it.
    static func events(caseNumber: CaseNumber, objectDirectory: URL, inventory: OCFLInventory,
                       version: String) throws(AcervoError) -> [CustodyEvent] {
        var events: [CustodyEvent] = []
        for url in try urls(objectDirectory: objectDirectory, inventory: inventory, version: version) {
            events += try CustodyLog.events(caseNumber: caseNumber,
                                            jsonLines: try DurableFiles.read(url, limit: CaseSnapshot.custodyLimit))
        }
        return events
    }

    /// The whole chain of version `version` as one `custody.jsonl`: its segments' bytes joined in order,
    /// each checked against the digest the inventory records for it.
    static func joined(caseNumber: CaseNumber, objectDirectory: URL, inventory: OCFLInventory,
                       version: String) throws(AcervoError) -> Data {
        let paths = inventory.logicalPaths(of: version)
        var out = Data()
        for (path, url) in zip(EvidencePaths.custodySegments(paths.keys),
                               try urls(objectDirectory: objectDirectory, inventory: inventory, version: version)) {
            let data = try DurableFiles.read(url, limit: CaseSnapshot.custodyLimit)
            guard Hex.sha512(data) == paths[path] else {
                throw AcervoError(.storeCorrupt, "\(caseNumber) \(version): \(path) does not match its inventory digest")
            }
            out.append(data)
            guard out.count <= CaseSnapshot.custodyLimit else {
                throw AcervoError(.storeCorrupt, "\(caseNumber) \(version): the custody log exceeds \(CaseSnapshot.custodyLimit) bytes")
            }
        }
        return out
    }

    /// The last event of version `version`: only its newest segment is read.
    static func lastEvent(caseNumber: CaseNumber, objectDirectory: URL, inventory: OCFLInventory,
                          version: String) throws(AcervoError) -> CustodyEvent? {
        guard let url = try urls(objectDirectory: objectDirectory, inventory: inventory, version: version).last else {
            return nil
        }
        return try CustodyLog.events(caseNumber: caseNumber,
                                     jsonLines: try DurableFiles.read(url, limit: CaseSnapshot.custodyLimit)).last
    }

    /// The content files of a version's segments, in chain order.
    static func urls(objectDirectory: URL, inventory: OCFLInventory, version: String) throws(AcervoError) -> [URL] {
        let paths = inventory.logicalPaths(of: version)
        var urls: [URL] = []
        for path in EvidencePaths.custodySegments(paths.keys) {
            guard let digest = paths[path], let content = inventory.manifest[digest]?.first else {
                throw AcervoError(.storeCorrupt, "\(inventory.id) \(version): \(path) has no content in the manifest")
            }
            urls.append(objectDirectory.appendingPathComponent(content))
        }
        return urls
    }
}
