import AcervoCore
import AcervoSystem
import Foundation

/// An OCFL 1.1 inventory (`inventory.json`), the record of every version of an object.
///
/// Acervo writes sha512 as the digest algorithm, OCFL's recommendation and every validator's
/// default, and keeps sha256 in `fixity`: the receive stage already computed it, bags and the ledger
/// use it, and an archivist can check either.
struct OCFLInventory: Codable, Sendable, Equatable {
    static let type = "https://ocfl.io/1.1/spec/#inventory"
    static let digestAlgorithm = "sha512"
    static let fixityAlgorithm = "sha256"
    static let sidecarName = "inventory.json.sha512"
    static let objectDeclaration = "0=ocfl_object_1.1"
    static let objectDeclarationContent = "ocfl_object_1.1\n"

    struct User: Codable, Sendable, Equatable {
        var name: String
        var address: String?
    }

    struct Version: Codable, Sendable, Equatable {
        var created: String
        var message: String?
        var state: [String: [String]]
        var user: User?
    }

    var id: String
    var type: String
    var digestAlgorithm: String
    var head: String
    var contentDirectory: String?
    var manifest: [String: [String]]
    var versions: [String: Version]
    var fixity: [String: [String: [String]]]?

    static func versionName(_ number: Int) -> String { "v\(number)" }

    /// The number of a version directory name (`v3` → 3); `nil` for anything else, including the
    /// zero-padded forms Acervo never writes.
    static func versionNumber(_ name: String) -> Int? {
        guard name.hasPrefix("v"), let n = Int(name.dropFirst()), n > 0, "v\(n)" == name else { return nil }
        return n
    }

    var headNumber: Int? { Self.versionNumber(head) }

    /// The head version's state as logical path → digest.
    func logicalPaths(of version: String) -> [String: String] {
        var out: [String: String] = [:]
        for (digest, paths) in versions[version]?.state ?? [:] {
            for path in paths { out[path] = digest }
        }
        return out
    }

    /// Content path → digest, from the manifest.
    var contentPaths: [String: String] {
        var out: [String: String] = [:]
        for (digest, paths) in manifest {
            for path in paths { out[path] = digest }
        }
        return out
    }

    /// The serialized inventory: pretty, sorted keys, so it diffs well and hashes stably.
    func encoded() throws(AcervoError) -> Data {
        do {
            return try StoreJSON.pretty(self)
        } catch {
            throw AcervoError(.io, "cannot encode the inventory of \(id)", underlying: error)
        }
    }

    static func decode(_ data: Data, object: String) throws(AcervoError) -> OCFLInventory {
        do {
            return try StoreJSON.decode(OCFLInventory.self, from: data)
        } catch {
            throw AcervoError(.storeCorrupt, "the inventory of \(object) cannot be read", underlying: error)
        }
    }

    /// The sidecar's text: the inventory's digest and its name, as `sha512sum` writes it.
    static func sidecar(for inventoryData: Data) -> Data {
        Data("\(Hex.sha512(inventoryData))  inventory.json\n".utf8)
    }

    /// The digest a sidecar names, or `nil` when it is not in the expected form.
    static func digest(inSidecar data: Data) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        guard parts.count == 2, parts[1] == "inventory.json" else { return nil }
        return String(parts[0]).lowercased()
    }
}
