import AcervoCore
import Foundation

/// Checks a bag as its archive streams past: entries are classified as they come, payload hashed
/// with the manifests' algorithms, tag files kept (bounded), and everything compared at the end.
/// Nothing is extracted and nothing is read twice.
struct BagCheck {
    let fast: Bool
    let limits: DossierLimits
    private(set) var root: String?
    private var seen = Set<String>()
    /// Payload path (from the bag directory, NFC) → size and digests.
    private var payload: [String: (bytes: Int64, digests: [BagDigestAlgorithm: String])] = [:]
    /// Tag file path → digests, and the text of those the check reads.
    private var tags: [String: [BagDigestAlgorithm: String]] = [:]
    private var tagText: [String: [UInt8]] = [:]
    private var payloadAlgorithms: Set<BagDigestAlgorithm>?
    private var problems: [DossierProblem] = []

    init(fast: Bool, limits: DossierLimits) {
        self.fast = fast
        self.limits = limits
    }

    /// What the reader should do with an entry's bytes.
    enum Role {
        case directory
        /// Hash with these algorithms (none in fast mode); `keep` says the text is needed.
        case payload(String, Set<BagDigestAlgorithm>)
        case tag(String, keep: Bool)
    }

    /// Classifies an entry; throws a refusal for an entry outside the single bag directory or a
    /// path seen twice (tar lets a later copy replace an earlier one: a way to hide content).
    mutating func classify(_ entry: ArchiveReader.Entry) throws(ArchiveReader.Refusal) -> Role {
        let path = entry.path.hasSuffix("/") ? String(entry.path.dropLast()) : entry.path
        let parts = path.split(separator: "/", maxSplits: 1)
        guard let first = parts.first else { throw .init(path: entry.path, reason: "empty path") }
        if root == nil { root = String(first) }
        guard String(first) == root else {
            throw .init(path: entry.path, reason: "outside the bag directory \(root ?? "")/: a dossier has one top-level directory")
        }
        let relative = BagPath.nfc(parts.count > 1 ? String(parts[1]) : "")
        guard seen.insert(relative + (entry.isDirectory ? "/" : "")).inserted else {
            throw .init(path: entry.path, reason: "appears twice in the archive")
        }
        if entry.isDirectory { return .directory }
        guard !relative.isEmpty else { throw .init(path: entry.path, reason: "a file where the bag directory should be") }
        if relative.hasPrefix("data/") {
            return .payload(relative, fast ? [] : algorithmsForPayload())
        }
        let keep = relative == "bagit.txt" || relative == "bag-info.txt" || Self.manifestAlgorithm(relative, tag: false) != nil
            || Self.manifestAlgorithm(relative, tag: true) != nil
        return .tag(relative, keep: keep)
    }

    /// The algorithms to hash payload with, fixed at the first payload file: those of manifests
    /// already seen, else those `bag-info.txt` announces, else every one Acervo supports.
    private mutating func algorithmsForPayload() -> Set<BagDigestAlgorithm> {
        if let payloadAlgorithms { return payloadAlgorithms }
        var chosen = Set(tags.keys.compactMap { Self.manifestAlgorithm($0, tag: false) })
        if chosen.isEmpty, let info = tagText["bag-info.txt"] {
            let announced = BagInfo(parsing: String(decoding: info, as: UTF8.self))[DossierBuilder.algorithmsLabel] ?? ""
            chosen = Set(announced.split(separator: " ").compactMap { BagDigestAlgorithm(rawValue: String($0)) })
        }
        if chosen.isEmpty { chosen = Set(BagDigestAlgorithm.allCases) }
        payloadAlgorithms = chosen
        return chosen
    }

    mutating func recordPayload(_ path: String, bytes: Int64, digests: [BagDigestAlgorithm: String]) {
        payload[path] = (bytes, digests)
    }

    /// Digests computed after the file was recorded (on the hash pipeline's lanes).
    mutating func recordPayloadDigests(_ path: String, _ digests: [BagDigestAlgorithm: String]) {
        payload[path]?.digests = digests
    }

    mutating func recordTag(_ path: String, digests: [BagDigestAlgorithm: String], text: [UInt8]?) {
        tags[path] = digests
        if let text { tagText[path] = text }
    }

    /// The algorithm of `manifest-<alg>.txt` (or `tagmanifest-<alg>.txt`), if Acervo supports it.
    static func manifestAlgorithm(_ name: String, tag: Bool) -> BagDigestAlgorithm? {
        let prefix = tag ? "tagmanifest-" : "manifest-"
        guard name.hasPrefix(prefix), name.hasSuffix(".txt"), !name.contains("/") else { return nil }
        return BagDigestAlgorithm(rawValue: String(name.dropFirst(prefix.count).dropLast(4)))
    }

    /// Compares everything read with the manifests and labels.
    mutating func finish(refusal: ArchiveReader.Refusal?) -> DossierVerification {
        if let refusal {
            problems.append(DossierProblem(kind: .refused, path: refusal.path, detail: refusal.reason))
            return result(bagInfo: nil)
        }
        guard root != nil else {
            problems.append(DossierProblem(kind: .malformed, path: nil, detail: "the archive is empty"))
            return result(bagInfo: nil)
        }
        checkDeclaration()
        let info = tagText["bag-info.txt"].map { BagInfo(parsing: String(decoding: $0, as: UTF8.self)) }
        checkPayloadManifests()
        checkOxum(info)
        checkTagManifests()
        return result(bagInfo: info)
    }

    private func result(bagInfo: BagInfo?) -> DossierVerification {
        var unique: [DossierProblem] = []
        var keys = Set<String>()
        for p in problems where keys.insert(p.description).inserted { unique.append(p) }
        return DossierVerification(bagName: root, problems: unique, payloadFiles: payload.count,
                                   payloadBytes: payload.values.reduce(0) { $0 + $1.bytes }, fast: fast, bagInfo: bagInfo)
    }

    private mutating func checkDeclaration() {
        guard let bytes = tagText["bagit.txt"] else {
            problems.append(DossierProblem(kind: .missing, path: "bagit.txt", detail: "the bag declaration is absent"))
            return
        }
        let declaration = BagInfo(parsing: String(decoding: bytes, as: UTF8.self))
        guard let version = declaration["BagIt-Version"], ["0.97", "1.0"].contains(version) else {
            problems.append(DossierProblem(kind: .malformed, path: "bagit.txt", detail: "no BagIt-Version 1.0 or 0.97"))
            return
        }
        if declaration["Tag-File-Character-Encoding"]?.uppercased() != "UTF-8" {
            problems.append(DossierProblem(kind: .malformed, path: "bagit.txt", detail: "tag files are not declared UTF-8"))
        }
    }

    /// Parses a manifest's lines into path → digest, noting malformed lines.
    ///
    /// A path is read as RFC 8493 spells it (`%25`, `%0D`, `%0A` decoded). Most bag writers leave
    /// `%` unencoded (bagit-python among them), so when the decoded path names no file but the path
    /// with only CR and LF decoded does, that one is taken.
    private mutating func entries(of name: String) -> [String: String] {
        var out: [String: String] = [:]
        let present = Set(payload.keys).union(tags.keys)
        let text = String(decoding: tagText[name] ?? [], as: UTF8.self)
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            guard let gap = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                problems.append(DossierProblem(kind: .malformed, path: name, detail: "line \(number + 1) has no path"))
                continue
            }
            let digest = line[..<gap].lowercased()
            let rest = line[gap...].drop(while: { $0 == " " || $0 == "\t" })
            var path = BagPath.nfc(BagPath.manifestDecoded(rest))
            if !present.contains(path) {
                let legacy = BagPath.nfc(BagPath.manifestDecoded(rest, keepingPercent: true))
                if present.contains(legacy) { path = legacy }
            }
            if path.isEmpty || BagPath.refusal(path, maximumBytes: limits.maximumPathBytes) != nil {
                problems.append(DossierProblem(kind: .malformed, path: name, detail: "line \(number + 1) names an unsafe path"))
                continue
            }
            if out[path] != nil {
                problems.append(DossierProblem(kind: .malformed, path: name, detail: "\(path) is listed twice"))
            }
            out[path] = digest
        }
        return out
    }

    private mutating func checkPayloadManifests() {
        let manifests = tags.keys.filter { $0.hasPrefix("manifest-") && $0.hasSuffix(".txt") }.sorted()
        let supported = manifests.compactMap { name in Self.manifestAlgorithm(name, tag: false).map { (name, $0) } }
        guard !supported.isEmpty else {
            problems.append(DossierProblem(kind: .missing, path: "manifest-sha256.txt",
                                           detail: manifests.isEmpty ? "the bag has no payload manifest"
                                               : "no manifest in an algorithm Acervo checks (sha256, sha512)"))
            return
        }
        for (name, algorithm) in supported {
            let listed = entries(of: name)
            for (path, digest) in listed.sorted(by: { BagPath.precedes($0.key, $1.key) }) {
                guard path.hasPrefix("data/") else {
                    problems.append(DossierProblem(kind: .malformed, path: name, detail: "lists \(path), outside data/"))
                    continue
                }
                guard let file = payload[path] else {
                    problems.append(DossierProblem(kind: .missing, path: path, detail: "listed in \(name) but not in the bag"))
                    continue
                }
                if fast { continue }
                guard let found = file.digests[algorithm] else {
                    problems.append(DossierProblem(kind: .malformed, path: name,
                                                   detail: "came after the payload and its algorithm was not announced in bag-info.txt, so it was not checked"))
                    break
                }
                if found != digest {
                    problems.append(DossierProblem(kind: .changed, path: path,
                                                   detail: "\(algorithm.rawValue) is \(found), \(name) says \(digest)"))
                }
            }
            for path in payload.keys.sorted(by: BagPath.precedes) where listed[path] == nil {
                problems.append(DossierProblem(kind: .extra, path: path, detail: "in the bag but not in \(name)"))
            }
        }
    }

    private mutating func checkOxum(_ info: BagInfo?) {
        guard let oxum = info?["Payload-Oxum"] else { return }
        let parts = oxum.split(separator: ".")
        guard parts.count == 2, let bytes = Int64(parts[0]), let count = Int(parts[1]) else {
            problems.append(DossierProblem(kind: .malformed, path: "bag-info.txt", detail: "Payload-Oxum '\(oxum)' is not bytes.count"))
            return
        }
        let actualBytes = payload.values.reduce(Int64(0)) { $0 + $1.bytes }
        if bytes != actualBytes || count != payload.count {
            problems.append(DossierProblem(kind: .payloadOxum, path: "bag-info.txt",
                                           detail: "Payload-Oxum is \(oxum), the payload is \(actualBytes).\(payload.count)"))
        }
    }

    private mutating func checkTagManifests() {
        let manifests = tags.keys.compactMap { name in Self.manifestAlgorithm(name, tag: true).map { (name, $0) } }
            .sorted { $0.0 < $1.0 }
        guard !manifests.isEmpty else { return }
        var listedAnywhere = Set<String>()
        for (name, algorithm) in manifests {
            for (path, digest) in entries(of: name).sorted(by: { BagPath.precedes($0.key, $1.key) }) {
                listedAnywhere.insert(path)
                guard let found = tags[path] ?? payload[path]?.digests else {
                    problems.append(DossierProblem(kind: .missing, path: path, detail: "listed in \(name) but not in the bag"))
                    continue
                }
                if fast { continue }
                if let value = found[algorithm], value != digest {
                    problems.append(DossierProblem(kind: .changed, path: path,
                                                   detail: "\(algorithm.rawValue) is \(value), \(name) says \(digest)"))
                }
            }
        }
        for path in tags.keys.sorted(by: BagPath.precedes)
        where !listedAnywhere.contains(path) && Self.manifestAlgorithm(path, tag: true) == nil
            && !path.hasPrefix("tagmanifest-") {
            problems.append(DossierProblem(kind: .extra, path: path, detail: "a tag file no tag manifest lists"))
        }
    }
}
