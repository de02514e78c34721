package import AcervoCore
import AcervoSystem
package import Foundation

/// One file of a case version, as a reader outside the store (a dossier) needs it.
package struct CaseVersionFile: Sendable, Hashable {
    /// Its logical path in the version, e.g. `originals/<id>/nota.pdf`.
    public var logicalPath: String
    /// The content file that holds its bytes, inside the OCFL object. Content files are never
    /// rewritten, so the URL stays good after the store's lock is released.
    public var contentURL: URL
    /// Its size when the version was read.
    public var byteCount: Int64
    /// SHA-512 of its bytes, the inventory's digest.
    public var sha512: String
    /// SHA-256 of its bytes, from the inventory's fixity block, when recorded.
    public var sha256: String?

    /// Describes a file: where its bytes are, how many, and the digests they must have.
    public init(logicalPath: String, contentURL: URL, byteCount: Int64, sha512: String, sha256: String?) {
        self.logicalPath = logicalPath
        self.contentURL = contentURL
        self.byteCount = byteCount
        self.sha512 = sha512
        self.sha256 = sha256
    }
}

/// One version of a case object read back whole: its files, the evidence records and custody chain
/// it holds, and the quarantine entries its chain names.
package struct CaseVersion: Sendable {
    /// The case.
    public var caseNumber: CaseNumber
    /// The version number, from 1.
    public var number: Int
    /// The case's head version when this one was read.
    public var headNumber: Int
    /// When the version was created (UTC, to the millisecond).
    public var created: Date
    /// The version's message.
    public var message: String
    /// The operator who made it.
    public var userName: String
    /// Every file of the version but its custody segments (`custodyLog` joins them), sorted by logical path.
    public var files: [CaseVersionFile]
    /// The evidence records stored in the version.
    public var records: [EvidenceRecord]
    /// The quarantined records the version's custody chain names (rejected and review uploads).
    public var quarantined: [EvidenceRecord]
    /// The custody chain as the version holds it.
    public var events: [CustodyEvent]
    /// The custody chain as one `custody.jsonl` (one canonical event per line): the version's custody
    /// segments joined in order, each checked against its inventory digest as it was read.
    public var custodyLog = Data()
    /// SHA-512 of `custodyLog`, computed from the checked segments.
    public var custodyLogSHA512 = Hex.sha512(Data())
}

extension EvidenceStore {
    /// Reads version `version` of a case (its head when `nil`), holding the case's lock shared.
    ///
    /// Only that version's state is read, so what it returns never changes once the version exists:
    /// later intakes add versions and quarantine entries that this one does not see, and uploads waiting
    /// in the case's open version are not part of it until `seal(_:)`.
    package func caseVersion(_ caseNumber: CaseNumber, version: Int? = nil) throws(AcervoError) -> CaseVersion {
        try holding(case: caseNumber, .shared) { () throws(AcervoError) -> CaseVersion in
            try readCaseVersion(caseNumber, version: version)
        }
    }

    private func readCaseVersion(_ caseNumber: CaseNumber, version: Int?) throws(AcervoError) -> CaseVersion {
        let directory = layout.object(caseNumber)
        guard DurableFiles.isDirectory(directory) else {
            throw AcervoError(.notFound, english: "no case \(caseNumber) in \(layout.root.path)", portuguese: "processo não encontrado")
        }
        let inventory = try CaseSnapshot.readInventory(objectDirectory: directory, id: caseNumber.rawValue)
        guard let head = inventory.headNumber else {
            throw AcervoError(.storeCorrupt, "the inventory of \(caseNumber) has no valid head")
        }
        let number = version ?? head
        let name = OCFLInventory.versionName(number)
        guard let entry = inventory.versions[name] else {
            throw AcervoError(.notFound, english: "case \(caseNumber) has no version \(name) (head is v\(head))",
                              portuguese: "versão não encontrada")
        }
        guard let created = StoreDate.parse(entry.created) else {
            throw AcervoError(.storeCorrupt, "version \(name) of \(caseNumber) has no valid created date")
        }
        var sha256ByContent: [String: String] = [:]
        for (digest, paths) in inventory.fixity?[OCFLInventory.fixityAlgorithm] ?? [:] {
            for path in paths { sha256ByContent[path] = digest }
        }
        var files: [CaseVersionFile] = []
        for (logicalPath, digest) in inventory.logicalPaths(of: name) {
            guard let contentPath = inventory.manifest[digest]?.first else {
                throw AcervoError(.storeCorrupt, "\(caseNumber) \(name): \(logicalPath) has no content in the manifest")
            }
            let url = directory.appendingPathComponent(contentPath)
            let size: Int64
            do {
                let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
                guard attributes[.type] as? FileAttributeType == .typeRegular,
                      let bytes = attributes[.size] as? NSNumber else {
                    throw AcervoError(.storeCorrupt, "\(caseNumber): \(contentPath) is not a regular file")
                }
                size = bytes.int64Value
            } catch let error as AcervoError {
                throw error
            } catch {
                throw AcervoError(.storeCorrupt, "\(caseNumber): \(contentPath) is missing", underlying: error)
            }
            files.append(CaseVersionFile(logicalPath: logicalPath, contentURL: url, byteCount: size, sha512: digest,
                                         sha256: sha256ByContent[contentPath]))
        }
        files.sort { $0.logicalPath < $1.logicalPath }

        var records: [EvidenceRecord] = []
        var events: [CustodyEvent] = []
        for file in files {
            if file.logicalPath.hasPrefix(EvidencePaths.recordPrefix) && file.logicalPath.hasSuffix(".json") {
                let data = try DurableFiles.read(file.contentURL, limit: CaseSnapshot.recordLimit)
                do {
                    records.append(try StoreJSON.decode(EvidenceRecord.self, from: data))
                } catch {
                    throw AcervoError(.storeCorrupt, "\(caseNumber): \(file.logicalPath) is not an evidence record",
                                      underlying: error)
                }
            }
        }
        let custodyLog = try CustodySegments.joined(caseNumber: caseNumber, objectDirectory: directory,
                                                    inventory: inventory, version: name)
        events = try CustodyLog.events(caseNumber: caseNumber, jsonLines: custodyLog)
        let segments = Set(EvidencePaths.custodySegments(files.map(\.logicalPath)))
        files.removeAll { segments.contains($0.logicalPath) }
        let named = Set(events.filter { $0.type == .quarantined }.compactMap(\.evidence))
        let quarantined = (Quarantine.recordsByCase(layout)[caseNumber] ?? [])
            .filter { named.contains($0.id) }
            .sorted { ($0.receivedAt, $0.id.uuidString) < ($1.receivedAt, $1.id.uuidString) }
        return CaseVersion(caseNumber: caseNumber, number: number, headNumber: head, created: created,
                           message: entry.message ?? "", userName: entry.user?.name ?? "", files: files,
                           records: records, quarantined: quarantined, events: events, custodyLog: custodyLog,
                           custodyLogSHA512: Hex.sha512(custodyLog))
    }
}
