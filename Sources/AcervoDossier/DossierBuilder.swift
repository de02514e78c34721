import AcervoCore
import AcervoStore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns one version of a case into a bag: its files under `data/` at their logical paths, and the
/// labels of `bag-info.txt` taken from the version alone, so rebuilding it later gives the same bytes.
struct DossierBuilder {
    var store: EvidenceStore
    var request: DossierRequest

    func build(to output: URL, cancelled: () -> Bool,
               progress: ((DossierProgress) -> Void)?) throws(AcervoError) -> DossierBuild {
        let number: Int
        if let requested = request.version {
            number = requested
        } else {
            number = try DossierCustody.latestBundleableVersion(of: request.caseNumber, in: store)
        }
        let version = try store.caseVersion(request.caseNumber, version: number)
        let bagName = "\(version.caseNumber.rawValue)-v\(version.number)"
        // The store keeps the chain of custody as one segment per version; the dossier carries it whole, as
        // `metadata/custody.jsonl`, from a private temporary file removed once the archive is written.
        let custody = try CustodyLogFile(version)
        defer { custody.remove() }
        let files = (version.files + [custody.file]).sorted { BagPath.precedes($0.logicalPath, $1.logicalPath) }
        let names = BagPath.keptApart(files.map(\.logicalPath))
        var bagPaths: [String: String] = [:]
        let payload = zip(files, names).map { file, name in
            var expected: [BagDigestAlgorithm: String] = [.sha512: file.sha512]
            if let sha256 = file.sha256 { expected[.sha256] = sha256 }
            bagPaths[file.logicalPath] = "data/" + name
            return BagPayloadFile(path: name, source: file.contentURL, byteCount: file.byteCount,
                                  expectedDigests: expected)
        }
        let index = DossierIndex(version: version, bagPaths: bagPaths)
        let writer = BagWriter(bagName: bagName, payload: payload, bagInfo: bagInfo(version, payload: payload),
                               tagFiles: [BagTagFile(name: DossierIndex.fileName, contents: Array(index.html.utf8))],
                               algorithms: request.algorithms, format: request.format, modified: version.created)
        let result = try AtomicOutput.write(to: output) { (fd) throws(AcervoError) in
            try writer.write(to: fd, cancelled: cancelled, progress: progress)
        }
        let build = DossierBuild(archivePath: output.path, bagName: bagName, version: version.number,
                                 archiveBytes: result.archiveBytes, archiveSHA256: result.archiveSHA256,
                                 payloadBytes: result.payloadBytes, payloadFiles: result.payloadFiles)
        if let actor = request.recordedBy {
            try DossierCustody.record(build, format: request.format, caseNumber: request.caseNumber, actor: actor, in: store)
        }
        return build
    }

    /// The labels: RFC 8493's reserved ones first, then Acervo's own, all from the version.
    func bagInfo(_ version: CaseVersion, payload: [BagPayloadFile]) -> BagInfo {
        let bytes = payload.reduce(Int64(0)) { $0 + $1.byteCount }
        var info = BagInfo()
        info.append("Source-Organization", request.sourceOrganization)
        info.append("External-Identifier", version.caseNumber.rawValue)
        info.append("External-Description",
                    "Dossiê do processo \(version.caseNumber.rawValue), versão v\(version.number): evidências, derivados, metadados e cadeia de custódia. / Case dossier of \(version.caseNumber.rawValue), version v\(version.number): evidence, derivatives, metadata and chain of custody.")
        info.append("Bagging-Date", Self.day(version.created))
        info.append("Payload-Oxum", "\(bytes).\(payload.count)")
        info.append("Bag-Size", Self.humanSize(bytes))
        info.append("Bag-Software-Agent", "Acervo (libarchive)")
        info.append("Acervo-Protocol-Number", version.caseNumber.rawValue)
        if let agency = request.agency { info.append("Acervo-Agency", agency) }
        info.append("Acervo-Dossier-Version", "v\(version.number)")
        info.append("Acervo-Version-Created", Self.instant(version.created))
        if !version.message.isEmpty { info.append("Acervo-Version-Message", version.message) }
        let accepted = version.records.filter { $0.verdict == .accepted }.count
        info.append("Acervo-Evidence-Accepted", String(accepted))
        info.append("Acervo-Evidence-Review", String(version.quarantined.filter { $0.verdict == .review }.count))
        info.append("Acervo-Evidence-Rejected", String(version.quarantined.filter { $0.verdict == .rejected }.count))
        info.append("Acervo-Custody-Events", String(version.events.count))
        if let last = version.events.last { info.append("Acervo-Custody-Head", last.hash) }
        // Read by `verify` before the payload arrives, so it hashes each file once with exactly the
        // algorithms the manifests (which come after the payload) will need.
        info.append(Self.algorithmsLabel, request.algorithms.sorted().map(\.rawValue).joined(separator: " "))
        return info
    }

    static let algorithmsLabel = "Acervo-Manifest-Algorithms"

    /// `YYYY-MM-DD` in UTC, as RFC 8493 spells Bagging-Date.
    static func day(_ date: Date) -> String {
        String(instant(date).prefix(10))
    }

    /// ISO-8601 UTC to the second, computed without a locale or calendar setting.
    static func instant(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ v: Int32, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }

    /// Bag-Size as people read it, in decimal units (`1.2 GB`).
    static func humanSize(_ bytes: Int64) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes) bytes" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
