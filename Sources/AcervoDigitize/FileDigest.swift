import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// The SHA-256 of byte ranges of an open file, read in blocks: a signed PDF is never read whole into memory.
enum FileDigest {
    /// The SHA-256 of the bytes of `descriptor` in `ranges` (offset, length), in order.
    static func sha256(_ descriptor: Int32, ranges: [(offset: Int, length: Int)], path: String) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw failure(path, "EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { throw failure(path, "EVP_DigestInit_ex") }
        let block = 1 << 20
        var buffer = [UInt8](repeating: 0, count: block)
        for range in ranges {
            var done = 0
            while done < range.length {
                let want = min(block, range.length - done)
                let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, want, off_t(range.offset + done)) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else {
                    let reason = count < 0 ? String(cString: strerror(errno)) : "unexpected end of file"
                    throw SigningError(.io, english: "cannot read \(path): \(reason)",
                                       portuguese: "não foi possível ler \(path): \(reason)")
                }
                guard EVP_DigestUpdate(context, buffer, count) == 1 else { throw failure(path, "EVP_DigestUpdate") }
                done += count
            }
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1 else { throw failure(path, "EVP_DigestFinal_ex") }
        return Array(digest.prefix(Int(length)))
    }

    private static func failure(_ path: String, _ step: String) -> SigningError {
        let reason = LibCrypto.drainErrors()
        return SigningError(.signingFailed, english: "cannot hash \(path) (\(step)): \(reason)",
                            portuguese: "não foi possível calcular o resumo de \(path) (\(step)): \(reason)")
    }
}
