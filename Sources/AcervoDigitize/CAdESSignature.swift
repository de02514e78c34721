import AcervoCore
import AcervoSystem
public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A detached CAdES signature file (`.p7s`, DER) beside a document written as PNG (profiles `foto` and
/// `planta`): a CMS SignedData over the file's bytes, SHA-256, with the ESS signing-certificate-v2
/// attribute and the chain embedded, like the PDF's, plus the signing-time attribute that CAdES baseline
/// signatures carry (EN 319 122-1).
///
/// It verifies with `openssl cms -verify -binary -inform DER -in FILE.p7s -content FILE.png -CAfile CA.pem`.
public struct CAdESSignature: Sendable {
    /// Who signs.
    public let identity: SigningIdentity
    /// The claimed signing time (the signing-time attribute).
    public var signingTime: Date

    /// Prepares a signature by `identity` at `signingTime`.
    public init(identity: SigningIdentity, signingTime: Date = Date()) {
        self.identity = identity
        self.signingTime = signingTime
    }

    /// The DER of the detached signature of the file at `path`, read in blocks.
    public func signature(ofFileAt path: String) throws -> [UInt8] {
        var descriptor: Int32
        repeat { descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw PAdESSignature.ioError(path, "open", "abrir") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw PAdESSignature.ioError(path, "inspect", "examinar") }
        let digest = try FileDigest.sha256(descriptor, ranges: [(0, Int(status.st_size))], path: path)
        return try SignedDataBuilding.signedData(digest: digest, identity: identity, signingTime: signingTime)
    }

    /// Signs the file at `path` and writes the signature to `signaturePath` (by convention `path` + `.p7s`),
    /// whole or not at all (see ``DocumentOutput``).
    ///
    /// - Throws: ``SigningError`` when the file cannot be read or signed; `AcervoError` when the signature
    ///   file cannot be written.
    public func writeSignature(ofFileAt path: String, to signaturePath: String) throws {
        let der = try signature(ofFileAt: path)
        try DocumentOutput.write(to: URL(fileURLWithPath: signaturePath)) { (descriptor: Int32) throws(AcervoError) in
            if let failure = der.withUnsafeBytes({ writeWhole(descriptor, $0) }) {
                throw .io(.write, path: signaturePath, errno: failure)
            }
        }
    }
}
