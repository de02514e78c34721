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
            throw AcervoError(.policy, "cannot read policy file \(url.path) / não foi possível ler a política",
                              underlying: error)
        }
        return try Policy(yaml: text, source: url.path)
    }

    /// Parses a policy from YAML text, checking every name in it: a typo in a format, kind, reason or
    /// verdict is an error, never a silently ignored rule.
    public init(yaml: String, source: String = "policy") throws(AcervoError) {
        let raw: RawPolicy
        do {
            raw = try YAMLDecoder().decode(RawPolicy.self, from: yaml)
        } catch {
            throw AcervoError(.policy, "\(source): not a valid policy / política inválida: \(error)")
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
            guard let maxBytes = ByteCount.parse(rawKind.max_bytes) else {
                throw fail("kind '\(name)': max_bytes '\(rawKind.max_bytes)' is not a size like 20 MB")
            }
            let accept = try formats(rawKind.accept, "kind '\(name)' accept")
            let review = try formats(rawKind.review, "kind '\(name)' review")
            if let both = accept.intersection(review).first {
                throw fail("kind '\(name)': format '\(both)' is both accepted and reviewed")
            }
            kinds[kind] = KindRule(accept: accept, review: review, maxBytes: maxBytes)
        }
        let missing = DocumentKind.allCases.filter { kinds[$0] == nil }
        guard missing.isEmpty else {
            throw fail("no rule for kind(s) \(missing.map(\.rawValue).joined(separator: ", "))")
        }
        self.init(version: raw.version, alwaysRejected: try formats(raw.always_rejected, "always_rejected"),
                  gravity: gravity, kinds: kinds)
    }
}

/// The policy file as written, before its names are checked.
private struct RawPolicy: Decodable {
    var version: Int
    var always_rejected: [String]?
    var reasons: [String: String]?
    var kinds: [String: RawKind]

    struct RawKind: Decodable {
        var accept: [String]
        var review: [String]?
        var max_bytes: String

        enum CodingKeys: String, CodingKey { case accept, review, max_bytes }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            accept = try c.decode([String].self, forKey: .accept)
            review = try c.decodeIfPresent([String].self, forKey: .review)
            if let n = try? c.decode(Int64.self, forKey: .max_bytes) {
                max_bytes = String(n)
            } else {
                max_bytes = try c.decode(String.self, forKey: .max_bytes)
            }
        }
    }
}
