import Acervo
import ComplaintAPI
import Foundation
import Hummingbird
import Logging

/// A temporary directory with an Acervo store in it and a complaint API over it, removed at the end of
/// the test.
struct ServerStore {
    let root: URL
    let archive: EvidenceArchive

    init(policy: Policy = .builtIn) throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "acervo-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appending(path: "scratch"), withIntermediateDirectories: true)
        archive = try EvidenceArchive.open(at: root.appending(path: "store"), policy: policy, logger: Logger(label: "test"))
        self.root = root
    }

    var storeDirectory: URL { root.appending(path: "store") }
    /// Where the server builds dossiers.
    var scratch: URL { root.appending(path: "scratch") }

    /// The complaint API over this store, listening on 127.0.0.1 at a free port.
    func application(limits: MultipartLimits = .init()) -> some ApplicationProtocol {
        let router = Router()
        addComplaintRoutes(to: router, archive: archive, limits: limits, dossierScratch: scratch)
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// What is in the store's staging area: uploads being received and commits being built.
    var stagedFiles: [String] {
        ["staging/incoming", "staging/tx"].flatMap { folder in
            (try? FileManager.default.contentsOfDirectory(atPath: storeDirectory.appending(path: folder).path)) ?? []
        }
    }

    /// The sizes of the uploads being received.
    var stagedSizes: [Int64] {
        let incoming = storeDirectory.appending(path: "staging/incoming")
        return ((try? FileManager.default.contentsOfDirectory(atPath: incoming.path)) ?? []).compactMap {
            (try? FileManager.default.attributesOfItem(atPath: incoming.appending(path: $0).path)[.size] as? Int64) ?? nil
        }
    }

    /// A sparse file of `size` zero bytes: reading it costs no disk, and writing it cost none.
    func sparseFile(_ name: String, size: Int64) throws -> URL {
        let url = root.appending(path: name)
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        return url
    }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }
}
