import COpenSSL

/// The small conversions every use of libcrypto needs: its error queue and its strings as Swift text.
enum LibCrypto {
    /// Empties this thread's libcrypto error queue and returns its entries, joined; empty when there were none.
    ///
    /// Called after each failing call, so that an error never leaks into a later, unrelated message.
    static func drainErrors() -> String {
        var texts: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            if texts.count < 4 { texts.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)) }
        }
        return texts.joined(separator: "; ")
    }

    /// Empties the error queue, so that a later failure reports only its own entries.
    static func clearErrors() { ERR_clear_error() }

    /// An ASN.1 string (any of its text types) as UTF-8 text.
    static func text(_ string: UnsafePointer<ASN1_STRING>?) -> String? {
        guard let string else { return nil }
        var out: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&out, string)
        guard length >= 0, let out else { return nil }
        defer { CRYPTO_free(out, nil, 0) }
        return String(decoding: UnsafeBufferPointer(start: out, count: Int(length)), as: UTF8.self)
    }

    /// What was written into a memory BIO, as UTF-8 text.
    static func contents(of bio: OpaquePointer) -> String {
        var data: UnsafeMutablePointer<CChar>?
        let length = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data)
        guard length > 0, let data else { return "" }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// Runs `body` with a new memory BIO, freed afterwards.
    static func withMemoryBIO<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        return try body(bio)
    }

    /// The DER encoding of an object, through one of libcrypto's `i2d_` functions.
    static func der(_ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) -> [UInt8]? {
        var out: UnsafeMutablePointer<UInt8>?
        let length = encode(&out)
        guard length > 0, let out else { return nil }
        defer { CRYPTO_free(out, nil, 0) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }
}
