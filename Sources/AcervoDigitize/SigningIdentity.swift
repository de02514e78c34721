import COpenSSL
public import Foundation

/// The operator's signing certificate: an ICP-Brasil A1 certificate and its private key, from a PKCS#12
/// file opened with the PIN in a PIN file.
///
/// Everything is checked when the identity is loaded, before any page is read or any file written: the
/// PIN, the key, that the certificate is the key's, that it is valid now, and that its key usage allows
/// signing. Each failure is a ``SigningError`` with its own code.
///
/// Once loaded the identity never changes; libcrypto's keys and certificates may be used by several
/// threads at once for signing and reading, so one identity may sign documents written in parallel.
public final class SigningIdentity: @unchecked Sendable {
    // @unchecked: the libcrypto objects are only read after `init`, and OpenSSL 3 makes concurrent reads
    // and signatures with one EVP_PKEY and X509 safe (their reference counts and caches are locked).

    /// The private key (`EVP_PKEY`).
    let privateKey: OpaquePointer
    /// The signer's certificate (`X509`).
    let certificate: OpaquePointer
    /// The other certificates the PKCS#12 file holds: the certification authorities of the chain.
    let authorities: [OpaquePointer]

    /// Who signs, for custody records.
    public let signer: SignerCertificate
    /// The certification authorities that came with the certificate, for custody records.
    public let chain: [SignerCertificate]

    /// Extended key usages that allow signing a document: any, e-mail protection and client authentication
    /// (what ICP-Brasil A1 certificates carry), document signing (RFC 9336), Microsoft's and Adobe's.
    static let signingExtendedKeyUsages: Set<String> = [
        "2.5.29.37.0", "1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.36",
        "1.3.6.1.4.1.311.10.3.12", "1.2.840.113583.1.1.5",
    ]

    /// The largest PKCS#12 file read: an A1 certificate with its chain is a few kilobytes.
    static let maximumPKCS12Bytes = 1 << 20

    /// Opens the PKCS#12 file at `pkcs12` with the PIN in `pinFile` and checks it for signing at `date`.
    ///
    /// - Throws: ``SigningError``: `pin-file-unreadable`, `certificate-unreadable`, `wrong-pin`,
    ///   `private-key-missing`, `key-does-not-match-certificate`, `certificate-expired`,
    ///   `certificate-not-yet-valid` or `certificate-not-for-signing`.
    public init(pkcs12: String, pinFile: String, at date: Date = Date()) throws {
        LibCrypto.clearErrors()
        let bytes = try Self.readPKCS12(pkcs12)
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PKCS12(nil, &cursor, buffer.count)
        }
        guard let p12 = parsed else {
            LibCrypto.clearErrors()
            throw SigningError(.certificateUnreadable,
                               english: "the certificate file is not a PKCS#12 (.p12, .pfx) file: \(pkcs12)",
                               portuguese: "o arquivo do certificado não é um arquivo PKCS#12 (.p12, .pfx): \(pkcs12)")
        }
        defer { PKCS12_free(p12) }

        var key: OpaquePointer?
        var certificate: OpaquePointer?
        var others: OpaquePointer?
        try PINFile.withPIN(at: pinFile) { pin, length in
            if PKCS12_mac_present(p12) == 1, PKCS12_verify_mac(p12, pin, length) != 1 {
                LibCrypto.clearErrors()
                throw Self.wrongPIN(pkcs12)
            }
            if PKCS12_parse(p12, pin, &key, &certificate, &others) != 1 {
                // Files exported by older tools encrypt with RC2 or DES, which OpenSSL 3 keeps in its
                // legacy provider: load it and try once more.
                LibCrypto.clearErrors()
                Self.loadLegacyAlgorithms()
                if PKCS12_parse(p12, pin, &key, &certificate, &others) != 1 {
                    let reason = LibCrypto.drainErrors()
                    if PKCS12_mac_present(p12) != 1 { throw Self.wrongPIN(pkcs12) }
                    throw SigningError(.certificateUnreadable,
                                       english: "cannot open the certificate file \(pkcs12): \(reason)",
                                       portuguese: "não foi possível abrir o arquivo do certificado \(pkcs12): \(reason)")
                }
            }
        }
        var authorities: [OpaquePointer] = []
        if let others {
            for index in 0..<OPENSSL_sk_num(others) {
                if let item = OPENSSL_sk_value(others, index) { authorities.append(OpaquePointer(item)) }
            }
            OPENSSL_sk_free(others)
        }
        func release() {
            if let key { EVP_PKEY_free(key) }
            if let certificate { X509_free(certificate) }
            authorities.forEach { X509_free($0) }
        }
        guard let key else {
            release()
            throw SigningError(.privateKeyMissing,
                               english: "the certificate file holds no private key: \(pkcs12)",
                               portuguese: "o arquivo do certificado não contém a chave privada: \(pkcs12)")
        }
        // A file without the key's local identifier gives its certificate among the others: find it.
        if certificate == nil, let index = authorities.firstIndex(where: { X509_check_private_key($0, key) == 1 }) {
            certificate = authorities.remove(at: index)
        }
        LibCrypto.clearErrors()
        guard let certificate, X509_check_private_key(certificate, key) == 1 else {
            LibCrypto.clearErrors()
            release()
            throw SigningError(.keyDoesNotMatchCertificate,
                               english: "the private key in \(pkcs12) does not belong to its certificate",
                               portuguese: "a chave privada em \(pkcs12) não corresponde ao seu certificado")
        }
        self.privateKey = key
        self.certificate = certificate
        self.authorities = authorities
        self.signer = SignerCertificate(certificate: certificate)
        self.chain = authorities.map { SignerCertificate(certificate: $0) }
        try checkValidity(at: date, file: pkcs12)
        try checkUsage(file: pkcs12)
    }

    deinit {
        EVP_PKEY_free(privateKey)
        X509_free(certificate)
        authorities.forEach { X509_free($0) }
    }

    private func checkValidity(at date: Date, file: String) throws {
        var now = time_t(date.timeIntervalSince1970.rounded(.down))
        let format = Date.ISO8601FormatStyle()
        if X509_cmp_time(X509_get0_notBefore(certificate), &now) > 0 {
            throw SigningError(.certificateNotYetValid,
                               english: "the certificate in \(file) is not valid before \(signer.notBefore.formatted(format))",
                               portuguese: "o certificado em \(file) só é válido a partir de \(signer.notBefore.formatted(format))")
        }
        if X509_cmp_time(X509_get0_notAfter(certificate), &now) < 0 {
            throw SigningError(.certificateExpired,
                               english: "the certificate in \(file) expired on \(signer.notAfter.formatted(format))",
                               portuguese: "o certificado em \(file) expirou em \(signer.notAfter.formatted(format))")
        }
    }

    private func checkUsage(file: String) throws {
        let usage = X509_get_key_usage(certificate)
        let signing = UInt32(KU_DIGITAL_SIGNATURE) | UInt32(KU_NON_REPUDIATION)
        if usage & signing == 0 {
            throw SigningError(.certificateNotForSigning,
                               english: "the certificate in \(file) is not for signing: its key usage has neither digitalSignature nor nonRepudiation",
                               portuguese: "o certificado em \(file) não serve para assinar: seu uso de chave não tem digitalSignature nem nonRepudiation")
        }
        guard let raw = X509_get_ext_d2i(certificate, NID_ext_key_usage, nil, nil) else { return }
        let usages = OpaquePointer(raw)
        defer { EXTENDED_KEY_USAGE_free(usages) }
        var identifiers: [String] = []
        for index in 0..<OPENSSL_sk_num(usages) {
            if let object = OPENSSL_sk_value(usages, index) {
                identifiers.append(SignerCertificate.objectIdentifier(OpaquePointer(object)))
            }
        }
        if Self.signingExtendedKeyUsages.isDisjoint(with: identifiers) {
            let listed = identifiers.joined(separator: ", ")
            throw SigningError(.certificateNotForSigning,
                               english: "the certificate in \(file) is not for signing documents: its extended key usage allows only \(listed)",
                               portuguese: "o certificado em \(file) não serve para assinar documentos: seu uso estendido de chave permite apenas \(listed)")
        }
    }

    private static func wrongPIN(_ file: String) -> SigningError {
        SigningError(.wrongPIN, english: "the PIN does not open the certificate file \(file)",
                     portuguese: "o PIN não abre o arquivo do certificado \(file)")
    }

    private static func readPKCS12(_ path: String) throws -> [UInt8] {
        let unreadable = { (english: String, portuguese: String) in
            SigningError(.certificateUnreadable, english: "cannot read the certificate file \(path): \(english)",
                         portuguese: "não foi possível ler o arquivo do certificado \(path): \(portuguese)")
        }
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: path) else { throw unreadable("no such file", "arquivo inexistente") }
        let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
        guard let values, values.isRegularFile == true else { throw unreadable("not a regular file", "não é um arquivo comum") }
        guard (values.fileSize ?? 0) <= maximumPKCS12Bytes else { throw unreadable("too large", "grande demais") }
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw unreadable(error.localizedDescription, error.localizedDescription)
        }
    }

    private static let legacyLoaded: Void = {
        _ = OSSL_PROVIDER_try_load(nil, "legacy", 1)
    }()

    private static func loadLegacyAlgorithms() { _ = legacyLoaded }
}
