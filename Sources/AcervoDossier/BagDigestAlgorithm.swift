import AcervoStore
import AcervoSystem
import Crypto

/// A checksum algorithm a bag's manifests use.
public enum BagDigestAlgorithm: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// SHA-256, RFC 8493's recommendation and the store's fixity digest.
    case sha256
    /// SHA-512, OCFL's inventory digest.
    case sha512

    /// `manifest-<name>.txt`.
    public var manifestName: String { "manifest-\(rawValue).txt" }
    /// `tagmanifest-<name>.txt`.
    public var tagManifestName: String { "tagmanifest-\(rawValue).txt" }

    /// Orders by the stable name.
    public static func < (a: BagDigestAlgorithm, b: BagDigestAlgorithm) -> Bool { a.rawValue < b.rawValue }
}

/// Running hashes for a set of algorithms, fed the same bytes at once.
struct MultiHasher {
    private var sha256: SHA256?
    private var sha512: SHA512?

    init(_ algorithms: Set<BagDigestAlgorithm>) {
        sha256 = algorithms.contains(.sha256) ? SHA256() : nil
        sha512 = algorithms.contains(.sha512) ? SHA512() : nil
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        sha256?.update(bufferPointer: bytes)
        sha512?.update(bufferPointer: bytes)
    }

    /// Lowercase hex digests by algorithm.
    func finalize() -> [BagDigestAlgorithm: String] {
        var out: [BagDigestAlgorithm: String] = [:]
        if let sha256 { out[.sha256] = Hex.string(sha256.finalize()) }
        if let sha512 { out[.sha512] = Hex.string(sha512.finalize()) }
        return out
    }

    static func digests(of data: [UInt8], _ algorithms: Set<BagDigestAlgorithm>) -> [BagDigestAlgorithm: String] {
        var hasher = MultiHasher(algorithms)
        data.withUnsafeBytes { hasher.update($0) }
        return hasher.finalize()
    }
}
