public import AcervoCore
public import Foundation
import Yams

extension Policy {
    /// Loads a policy from a YAML file.
    public static func load(from url: URL) throws(AcervoError) -> Policy {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .io(.readPolicy, path: url.path, underlying: error, code: .policy)
        }
        return try Policy(yaml: text, source: url.path)
    }

    /// Parses a policy from YAML text, checking every name in it: a typo in a key, format, kind, reason,
    /// verdict or image limit is an error, never a silently ignored rule. The `images:` section may be
    /// left out (its values are then ``ImagePolicy/standard``).
    public init(yaml: String, source: String = "policy") throws(AcervoError) {
        let raw: RawPolicy
        do {
            raw = try YAMLDecoder().decode(RawPolicy.self, from: yaml)
        } catch {
            throw AcervoError(.policy, english: "\(source): not a valid policy", portuguese: "política inválida: \(error)")
        }
        func fail(_ what: String) -> AcervoError { AcervoError(.policy, "\(source): \(what)") }
        func formats(_ names: [String]?, _ place: String) throws(AcervoError) -> Set<FileFormat> {
            var set = Set<FileFormat>()
            for name in names ?? [] {
                let format = FileFormat(name)
                guard FileFormat.known.contains(format) else {
                    throw fail("unknown format '\(name)' in \(place); known: \(FileFormat.known.sorted().map(\.rawValue).joined(separator: ", "))")
                }
                set.insert(format)
            }
            return set
        }
        guard raw.version == 1 else { throw fail("unsupported policy version \(raw.version) (this Acervo reads 1)") }
        if let key = raw.unknownKeys.first {
            throw fail("unknown key '\(key)'; keys are \(RawPolicy.CodingKeys.allCases.map(\.rawValue).joined(separator: ", "))")
        }

        var gravity: [ReasonCode: Verdict] = [:]
        for (code, verdict) in raw.reasons ?? [:] {
            let reason = ReasonCode(rawValue: code)
            guard ReasonCode.all.contains(reason) else { throw fail("unknown reason code '\(code)'") }
            guard let v = Verdict(rawValue: verdict) else {
                throw fail("reason '\(code)': verdict must be accepted, review or rejected, not '\(verdict)'")
            }
            if let fixed = Policy.fixedGravity[reason], fixed != v {
                throw fail("reason '\(code)' is always \(fixed.rawValue)")
            }
            gravity[reason] = v
        }

        var kinds: [DocumentKind: KindRule] = [:]
        for (name, rawKind) in raw.kinds {
            guard let kind = DocumentKind(rawValue: name) else {
                throw fail("unknown document kind '\(name)'; kinds are \(DocumentKind.allNames)")
            }
            if let key = rawKind.unknownKeys.first {
                throw fail("kind '\(name)': unknown key '\(key)'; keys are \(RawPolicy.RawKind.CodingKeys.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let maxBytes = ByteCount.parse(rawKind.max_bytes) else {
                throw fail("kind '\(name)': max_bytes '\(rawKind.max_bytes)' is not a size like 20 MB")
            }
            let accept = try formats(rawKind.accept, "kind '\(name)' accept")
            let review = try formats(rawKind.review, "kind '\(name)' review")
            if let both = accept.intersection(review).first {
                throw fail("kind '\(name)': format '\(both)' is both accepted and reviewed")
            }
            var archive: ArchivalMetadata?
            if let section = rawKind.archive {
                var metadata = ArchivalMetadata()
                for (key, value) in section.sorted(by: { $0.key < $1.key }) {
                    guard let field = ArchivalMetadata.Field(rawValue: key), Policy.archiveFields.contains(field) else {
                        throw fail("kind '\(name)' archive: unknown key '\(key)'; keys are \(Policy.archiveFields.map(\.rawValue).joined(separator: ", "))")
                    }
                    try metadata.set(field, to: value, source: "\(source): kind '\(name)' archive")
                }
                archive = metadata
            }
            kinds[kind] = KindRule(accept: accept, review: review, maxBytes: maxBytes, archive: archive)
        }
        let missing = DocumentKind.allCases.filter { kinds[$0] == nil }
        guard missing.isEmpty else {
            throw fail("no rule for kind(s) \(missing.map(\.rawValue).joined(separator: ", "))")
        }
        let images = try ImagePolicy(section: raw.images ?? [:], source: source)
        self.init(version: raw.version, alwaysRejected: try formats(raw.always_rejected, "always_rejected"),
                  gravity: gravity, kinds: kinds, images: images)
    }
}

/// The policy file as written, before its names are checked.
private struct RawPolicy: Decodable {
    var version: Int
    var always_rejected: [String]?
    var reasons: [String: String]?
    var kinds: [String: RawKind]
    var images: [String: PolicyScalar]?
    /// Keys this Acervo does not read: a misspelt `image:` must not leave the defaults silently in force.
    var unknownKeys: [String]

    enum CodingKeys: String, CodingKey, CaseIterable { case version, always_rejected, reasons, kinds, images }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        always_rejected = try c.decodeIfPresent([String].self, forKey: .always_rejected)
        reasons = try c.decodeIfPresent([String: String].self, forKey: .reasons)
        kinds = try c.decode([String: RawKind].self, forKey: .kinds)
        images = try c.decodeIfPresent([String: PolicyScalar].self, forKey: .images)
        unknownKeys = try Self.keys(of: decoder, notIn: CodingKeys.self)
    }

    /// The keys of a mapping that `Keys` does not name, sorted so the error names the same one every time.
    static func keys<Keys: CodingKey & CaseIterable>(of decoder: any Decoder, notIn _: Keys.Type) throws -> [String] {
        let known = Set(Keys.allCases.map(\.stringValue))
        return try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue).filter { !known.contains($0) }.sorted()
    }

    /// Any key at all, to list what a mapping holds.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    struct RawKind: Decodable {
        var accept: [String]
        var review: [String]?
        var max_bytes: String
        var archive: [String: String]?
        var unknownKeys: [String]

        enum CodingKeys: String, CodingKey, CaseIterable { case accept, review, max_bytes, archive }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            unknownKeys = try RawPolicy.keys(of: decoder, notIn: CodingKeys.self)
            accept = try c.decode([String].self, forKey: .accept)
            review = try c.decodeIfPresent([String].self, forKey: .review)
            archive = try c.decodeIfPresent([String: String].self, forKey: .archive)
            if let n = try? c.decode(Int64.self, forKey: .max_bytes) {
                max_bytes = String(n)
            } else {
                max_bytes = try c.decode(String.self, forKey: .max_bytes)
            }
        }
    }
}
