import AcervoCore
import AcervoSystem
import Foundation

/// Checks a store against its own records: every digest recomputed, every file accounted for, every
/// chain of custody re-hashed. Reads only; runs under the shared lock so no commit is half-visible.
struct StoreVerifier {
    let layout: StoreLayout
    private(set) var result = StoreVerification(problems: [], objectsChecked: 0, filesChecked: 0, bytesChecked: 0,
                                                quarantineChecked: 0)

    init(layout: StoreLayout) { self.layout = layout }

    private mutating func report(_ kind: StoreVerification.Problem.Kind, _ object: String, version: String? = nil,
                                 path: String? = nil, expected: String? = nil, found: String? = nil, _ message: String) {
        result.problems.append(.init(kind: kind, object: object, version: version, path: path, expected: expected,
                                     found: found, message: message))
    }

    mutating func run() -> StoreVerification {
        checkStorageRoot()
        for name in DurableFiles.names(in: layout.objects) {
            let url = layout.objects.appendingPathComponent(name)
            if [OCFLStorageRoot.declarationName, OCFLStorageRoot.layoutName, "extensions"].contains(name) { continue }
            guard DurableFiles.isDirectory(url), CaseNumber(rawValue: name) != nil else {
                report(.extraFile, "objects", path: name, "not an object of this store")
                continue
            }
            checkObject(name, at: url)
        }
        checkOpenVersions()
        checkQuarantine()
        return result
    }

    /// Every piece of every open version: its files against the digests its `piece.json` records, and,
    /// for a case with no object yet, its chain of custody (a case with an object has its pieces' events
    /// checked with the object's chain).
    private mutating func checkOpenVersions() {
        for name in DurableFiles.names(in: layout.open) {
            guard let caseNumber = CaseNumber(rawValue: name) else {
                report(.extraFile, "open", path: name, "not an open version of this store")
                continue
            }
            let id = caseNumber.rawValue
            var events: [CustodyEvent] = []
            for piece in OpenVersion(layout: layout, caseNumber: caseNumber).pieces() {
                let piecePath = "open/\(id)/\(piece.name)"
                do {
                    let manifest = try piece.manifest()
                    events += try piece.events()
                    for entry in manifest.contents {
                        let url = piece.contentURL(entry.path)
                        guard DurableFiles.isRegularFile(url) else {
                            if !manifest.contents.contains(where: { $0.sha512 == entry.sha512 && DurableFiles.isRegularFile(piece.contentURL($0.path)) }) {
                                report(.missingFile, id, path: "\(piecePath)/content/\(entry.path)", "open version file missing")
                            }
                            continue
                        }
                        let digest = try FileDigest.of(url)
                        result.filesChecked += 1
                        result.bytesChecked += digest.byteCount
                        if digest.sha512 != entry.sha512 {
                            report(.contentDigest, id, path: "\(piecePath)/content/\(entry.path)", expected: entry.sha512,
                                   found: digest.sha512, "open version file does not match its sha512")
                        }
                    }
                } catch {
                    report(.custody, id, path: piecePath, "open version piece unreadable: \(error.message)")
                }
            }
            if !DurableFiles.isDirectory(layout.object(caseNumber)),
               let broken = CustodyLog(caseNumber: caseNumber, events: events).firstBreak() {
                report(.custody, id, path: "open/\(id)", expected: "an unbroken chain", found: "break at event \(broken.sequence)",
                       "custody chain broken at event \(broken.sequence): \(broken.problem)")
            }
        }
    }

    private mutating func checkStorageRoot() {
        for (path, content) in OCFLStorageRoot.files {
            let data = try? DurableFiles.read(layout.objects.appendingPathComponent(path), limit: 1 << 16)
            if data != content {
                report(.storageRoot, "objects", path: path, expected: String(decoding: content, as: UTF8.self),
                       found: data.map { String(decoding: $0, as: UTF8.self) } ?? "nothing", "storage root file is wrong")
            }
        }
    }

    private mutating func checkObject(_ id: String, at object: URL) {
        result.objectsChecked += 1
        let declaration = try? DurableFiles.read(object.appendingPathComponent(OCFLInventory.objectDeclaration), limit: 1 << 10)
        if declaration != Data(OCFLInventory.objectDeclarationContent.utf8) {
            report(.declaration, id, path: OCFLInventory.objectDeclaration, "object declaration missing or wrong")
        }
        guard let (rootData, inventory) = readInventory(id, directory: object, version: nil) else { return }
        guard inventory.id == id else {
            report(.inventory, id, path: "inventory.json", expected: id, found: inventory.id, "inventory names another object")
            return
        }
        guard inventory.digestAlgorithm == OCFLInventory.digestAlgorithm, let head = inventory.headNumber,
              Set(inventory.versions.keys) == Set((1...head).map(OCFLInventory.versionName)) else {
            report(.inventory, id, path: "inventory.json", "head, versions or digest algorithm are not as Acervo writes them")
            return
        }

        // Files on disk, against what the inventories name.
        var expectedTop: Set<String> = [OCFLInventory.objectDeclaration, "inventory.json", OCFLInventory.sidecarName]
        for n in 1...head { expectedTop.insert(OCFLInventory.versionName(n)) }
        for name in DurableFiles.names(in: object) where !expectedTop.contains(name) {
            report(.extraFile, id, path: name, "not part of the object")
        }
        var onDisk = Set<String>()
        for n in 1...head {
            let version = OCFLInventory.versionName(n)
            let directory = object.appendingPathComponent(version)
            guard DurableFiles.isDirectory(directory) else {
                report(.missingFile, id, version: version, path: version, "version directory missing")
                continue
            }
            if let (data, _) = readInventory(id, directory: directory, version: version), n == head, data != rootData {
                report(.versionInventory, id, version: version, path: "\(version)/inventory.json",
                       expected: Hex.sha512(rootData), found: Hex.sha512(data), "head version inventory differs from the root inventory")
            }
            for name in DurableFiles.names(in: directory) where ![
                "inventory.json", OCFLInventory.sidecarName, "content",
            ].contains(name) {
                report(.extraFile, id, version: version, path: "\(version)/\(name)", "not part of the version")
            }
            collectFiles(directory.appendingPathComponent("content"), relative: "\(version)/content", into: &onDisk, id: id)
        }
        let manifest = inventory.contentPaths
        for path in onDisk.sorted() where manifest[path] == nil {
            report(.extraFile, id, version: String(path.prefix(while: { $0 != "/" })), path: path, "content file not in the manifest")
        }
        var fixity: [String: String] = [:]
        for (digest, paths) in inventory.fixity?[OCFLInventory.fixityAlgorithm] ?? [:] {
            for path in paths { fixity[path] = digest }
        }
        for (path, expected) in manifest.sorted(by: { $0.key < $1.key }) {
            let version = String(path.prefix(while: { $0 != "/" }))
            guard onDisk.contains(path) else {
                report(.missingFile, id, version: version, path: path, expected: expected, "content file missing")
                continue
            }
            do {
                let digest = try FileDigest.of(object.appendingPathComponent(path))
                result.filesChecked += 1
                result.bytesChecked += digest.byteCount
                if digest.sha512 != expected {
                    report(.contentDigest, id, version: version, path: path, expected: expected, found: digest.sha512,
                           "content does not match its sha512")
                }
                if let sha256 = fixity[path], sha256 != digest.sha256 {
                    report(.fixityDigest, id, version: version, path: path, expected: sha256, found: digest.sha256,
                           "content does not match its sha256 fixity")
                }
            } catch {
                report(.missingFile, id, version: version, path: path, "cannot be read: \(error)")
            }
        }
        for (name, version) in inventory.versions.sorted(by: { $0.key < $1.key }) {
            for (digest, paths) in version.state where inventory.manifest[digest] == nil {
                report(.stateNotInManifest, id, version: name, path: paths.first, expected: digest,
                       "state names content the manifest lacks")
            }
            var seen = Set<String>()
            for path in version.state.values.flatMap({ $0 }).sorted() where !seen.insert(path).inserted {
                report(.inventory, id, version: name, path: path, "logical path appears more than once in the state")
            }
        }
        checkCustody(id, object: object, inventory: inventory)
    }

    private mutating func checkCustody(_ id: String, object: URL, inventory: OCFLInventory) {
        guard let caseNumber = CaseNumber(rawValue: id) else { return }
        let segments = EvidencePaths.custodySegments(inventory.logicalPaths(of: inventory.head).keys)
        guard let path = segments.last else {
            report(.custody, id, version: inventory.head, path: EvidencePaths.custody, "the head version has no custody log")
            return
        }
        do {
            var events = try CustodySegments.events(caseNumber: caseNumber, objectDirectory: object, inventory: inventory,
                                                    version: inventory.head)
            // The open version's events continue the sealed chain.
            for piece in OpenVersion(layout: layout, caseNumber: caseNumber).pieces() { events += try piece.events() }
            if let broken = CustodyLog(caseNumber: caseNumber, events: events).firstBreak() {
                report(.custody, id, version: inventory.head, path: path, expected: "an unbroken chain",
                       found: "break at event \(broken.sequence)", "custody chain broken at event \(broken.sequence): \(broken.problem)")
            }
        } catch {
            report(.custody, id, version: inventory.head, path: path, "custody log unreadable: \(error.message)")
        }
    }

    private mutating func readInventory(_ id: String, directory: URL, version: String?) -> (Data, OCFLInventory)? {
        let prefix = version.map { "\($0)/" } ?? ""
        let data: Data
        do {
            data = try DurableFiles.read(directory.appendingPathComponent("inventory.json"), limit: CaseSnapshot.inventoryLimit)
        } catch {
            report(.missingFile, id, version: version, path: prefix + "inventory.json", "inventory unreadable: \(error.message)")
            return nil
        }
        let sidecar = try? DurableFiles.read(directory.appendingPathComponent(OCFLInventory.sidecarName),
                                             limit: CaseSnapshot.sidecarLimit)
        let named = sidecar.flatMap(OCFLInventory.digest(inSidecar:))
        let actual = Hex.sha512(data)
        if named != actual {
            report(.inventorySidecar, id, version: version, path: prefix + OCFLInventory.sidecarName,
                   expected: named ?? "a sidecar", found: actual, "inventory does not match its sidecar")
        }
        do {
            return (data, try OCFLInventory.decode(data, object: id))
        } catch {
            report(.inventory, id, version: version, path: prefix + "inventory.json", "inventory is not valid JSON: \(error.message)")
            return nil
        }
    }

    private mutating func collectFiles(_ directory: URL, relative: String, into paths: inout Set<String>, id: String) {
        for name in DurableFiles.names(in: directory) {
            let url = directory.appendingPathComponent(name)
            let path = "\(relative)/\(name)"
            if DurableFiles.isDirectory(url) {
                collectFiles(url, relative: path, into: &paths, id: id)
            } else if DurableFiles.isRegularFile(url) {
                paths.insert(path)
            } else {
                report(.extraFile, id, path: path, "neither a file nor a directory (a link?)")
            }
        }
    }

    private mutating func checkQuarantine() {
        var claimed = Set<String>()
        for entry in Quarantine.entries(layout) {
            let name = entry.sidecar.lastPathComponent
            let component = String(name.dropLast(".json".count))
            claimed.insert(name)
            claimed.insert(component)
            guard let record = entry.record else {
                report(.quarantine, "quarantine", path: "quarantine/\(name)", "sidecar unreadable: \(entry.decodeError ?? "")")
                continue
            }
            result.quarantineChecked += 1
            let path = EvidencePaths.quarantined(record.id, name: record.sanitizedName)
            guard EvidencePaths.idComponent(record.id) == component else {
                report(.quarantine, "quarantine", path: "quarantine/\(name)", expected: component,
                       found: EvidencePaths.idComponent(record.id), "sidecar describes another evidence")
                continue
            }
            let directory = layout.quarantineDirectory(record.id)
            for other in DurableFiles.names(in: directory) where other != record.sanitizedName {
                report(.extraFile, "quarantine", path: "quarantine/\(component)/\(other)", "not described by the sidecar")
            }
            if record.storedPath == nil {
                // An upload of which nothing was kept (over the byte limit, unreadable): a record alone.
                continue
            }
            do {
                let digest = try FileDigest.of(layout.root.appendingPathComponent(path))
                result.bytesChecked += digest.byteCount
                if digest.sha256 != record.sha256.lowercased() || digest.byteCount != record.byteCount {
                    report(.quarantine, "quarantine", path: path, expected: record.sha256, found: digest.sha256,
                           "quarantined file does not match its sidecar")
                }
            } catch {
                report(.quarantine, "quarantine", path: path, expected: record.sha256, "quarantined file missing")
            }
        }
        for name in DurableFiles.names(in: layout.quarantine) where !claimed.contains(name) {
            report(.extraFile, "quarantine", path: "quarantine/\(name)", "no sidecar describes it")
        }
    }
}
