import AcervoCore
import AcervoSystem
import Foundation

/// A case's open version: uploads committed one by one, durably and indexed, that are not yet an OCFL
/// version. Each upload is one piece, `open/<case>/<piece>/`, published by one rename:
///
/// - `content/<logical path>`: the new files (originals, derivatives, evidence records), fsynced;
/// - `custody.jsonl`: the custody events of the upload, continuing the case's chain;
/// - `piece.json`: the logical paths with their digests, and the open version's running totals;
/// - `quarantine/`: the upload's quarantine entries until they are moved into the quarantine.
///
/// Sealing turns every piece into one OCFL version (hard links, not copies) and removes them; until
/// then an upload costs the same whatever the size of the case, since nothing of the object is read
/// or rewritten. The directory lies outside the OCFL storage root.
struct OpenVersion {
    let layout: StoreLayout
    let caseNumber: CaseNumber

    var directory: URL { layout.open.appendingPathComponent(caseNumber.rawValue, isDirectory: true) }

    /// The pieces, oldest first.
    func pieces() -> [OpenPiece] {
        DurableFiles.names(in: directory)
            .filter { $0.count == 6 && $0.allSatisfy(\.isASCII) && Int($0) != nil }
            .sorted()
            .map { OpenPiece(directory: directory.appendingPathComponent($0, isDirectory: true)) }
            .filter { DurableFiles.isRegularFile($0.manifestURL) }
    }

    /// The name of the piece after `last` (or the first).
    static func pieceName(after last: OpenPiece?) -> String {
        String(format: "%06d", (last.flatMap { Int($0.name) } ?? 0) + 1)
    }

    /// The cases that have an open version.
    static func cases(_ layout: StoreLayout) -> [CaseNumber] {
        DurableFiles.names(in: layout.open).compactMap(CaseNumber.init(rawValue:)).filter {
            !OpenVersion(layout: layout, caseNumber: $0).pieces().isEmpty
        }
    }
}

/// One upload in a case's open version.
struct OpenPiece {
    let directory: URL
    var name: String { directory.lastPathComponent }
    var manifestURL: URL { directory.appendingPathComponent("piece.json") }
    var custodyURL: URL { directory.appendingPathComponent("custody.jsonl") }
    var quarantineStaging: URL { directory.appendingPathComponent("quarantine", isDirectory: true) }
    func contentURL(_ logicalPath: String) -> URL { directory.appendingPathComponent("content/\(logicalPath)") }

    func manifest() throws(AcervoError) -> OpenPieceManifest {
        let data = try DurableFiles.read(manifestURL, limit: CaseSnapshot.inventoryLimit)
        do {
            return try StoreJSON.decode(OpenPieceManifest.self, from: data)
        } catch {
            throw AcervoError(.storeCorrupt, "\(directory.path): piece.json does not read back", underlying: error)
        }
    }

    func events() throws(AcervoError) -> [CustodyEvent] {
        let manifest = try manifest()
        return try CustodyLog.events(caseNumber: manifest.caseNumber,
                                     jsonLines: try DurableFiles.read(custodyURL, limit: CaseSnapshot.custodyLimit))
    }

    /// The file holding a logical path the piece added: its own copy, or, when the piece stored those
    /// bytes once under an earlier path, that path's. `nil` when the piece did not add the path.
    func contentURL(of logicalPath: String) throws(AcervoError) -> URL? {
        let contents = try manifest().contents
        guard let entry = contents.first(where: { $0.path == logicalPath }) else { return nil }
        for candidate in contents where candidate.sha512 == entry.sha512 {
            let url = contentURL(candidate.path)
            if DurableFiles.isRegularFile(url) { return url }
        }
        return nil
    }

    /// The evidence records the piece holds.
    func records() throws(AcervoError) -> [EvidenceRecord] {
        var records: [EvidenceRecord] = []
        for entry in try manifest().contents where entry.path.hasPrefix(EvidencePaths.recordPrefix) {
            let data = try DurableFiles.read(contentURL(entry.path), limit: CaseSnapshot.recordLimit)
            do {
                records.append(try StoreJSON.decode(EvidenceRecord.self, from: data))
            } catch {
                throw AcervoError(.storeCorrupt, "\(directory.path): \(entry.path) is not an evidence record", underlying: error)
            }
        }
        return records
    }
}

/// `piece.json`: what one upload added to the open version.
struct OpenPieceManifest: Codable, Sendable, Equatable {
    struct Entry: Codable, Sendable, Equatable {
        /// The logical path in the version to be sealed.
        var path: String
        var sha512: String
        var sha256: String
        var bytes: Int64
    }

    var caseNumber: CaseNumber
    /// The version the open version will be sealed as.
    var version: Int
    var created: String
    var operatorName: String
    var channel: String
    var message: String
    /// Logical paths in order; the file is in the piece's `content/` for the first path of each digest.
    var contents: [Entry]
    var quarantined: [UUID]
    /// The open version's totals up to and including this piece: uploads, bytes, and when it opened.
    var openPieces: Int
    var openBytes: Int64
    var openSince: String
}
