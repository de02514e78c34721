import AcervoCore
import AcervoStore
import AcervoSystem
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A case version's whole chain of custody written to a private temporary file (mode 0600), so that it
/// enters a dossier as the file `metadata/custody.jsonl` while the store keeps it as one segment per
/// version. Its digest is the one the store computed from segments it checked against the inventory,
/// so the bag writer's fixity check covers it like any stored file.
struct CustodyLogFile {
    /// The logical path the chain has in a dossier.
    static let logicalPath = "metadata/custody.jsonl"

    let url: URL
    let file: CaseVersionFile

    init(_ version: CaseVersion) throws(AcervoError) {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("acervo-custody-\(UUID().uuidString.lowercased()).jsonl")
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw AcervoError(.io, "cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        if let failure = version.custodyLog.withUnsafeBytes({ writeWhole(fd, $0) }) {
            unlink(url.path)
            throw AcervoError(.io, "cannot write \(url.path): \(String(cString: strerror(failure)))")
        }
        self.url = url
        self.file = CaseVersionFile(logicalPath: Self.logicalPath, contentURL: url,
                                    byteCount: Int64(version.custodyLog.count), sha512: version.custodyLogSHA512,
                                    sha256: nil)
    }

    func remove() { unlink(url.path) }
}
