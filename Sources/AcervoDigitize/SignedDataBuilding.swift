import COpenSSL
import Foundation

/// Makes the CMS SignedData of a detached signature (CAdES, and PAdES inside a PDF) through libcrypto.
///
/// The signed attributes are content-type, message-digest (SHA-256) and the ESS signing-certificate-v2
/// (OpenSSL's `CMS_CADES`), plus signing-time only when a time is given: PAdES (ETSI EN 319 142-1) forbids
/// signing-time, since the PDF's `/M` holds the claimed time, while CAdES (EN 319 122-1) asks for it.
/// The signer's certificate and every certification authority of the PKCS#12 file are embedded.
///
/// OpenSSL 3.0 always adds signing-time when it signs the attributes itself, so this signs them itself:
/// the DER of the attribute set (sorted, as DER sorts a SET OF and as libcrypto encodes it) signed with
/// the key, SHA-256. The result is deterministic for RSA keys: the same digest, time and identity give the
/// same bytes.
enum SignedDataBuilding {
    /// The DER of a detached SignedData over content whose SHA-256 is `digest`.
    static func signedData(digest: [UInt8], identity: SigningIdentity, signingTime: Date?) throws -> [UInt8] {
        LibCrypto.clearErrors()
        func failure(_ step: String) -> SigningError {
            let reason = LibCrypto.drainErrors()
            return SigningError(.signingFailed, english: "cannot make the signature (\(step)): \(reason)",
                                portuguese: "não foi possível gerar a assinatura (\(step)): \(reason)")
        }
        guard let cms = CMS_sign(nil, nil, nil, nil, UInt32(CMS_DETACHED | CMS_BINARY | CMS_PARTIAL)) else {
            throw failure("CMS_sign")
        }
        defer { CMS_ContentInfo_free(cms) }
        let signerFlags = UInt32(CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP | CMS_CADES)
        guard let signer = CMS_add1_signer(cms, identity.certificate, identity.privateKey, EVP_sha256(), signerFlags)
        else { throw failure("CMS_add1_signer") }
        for authority in identity.authorities {
            guard CMS_add1_cert(cms, authority) == 1 else { throw failure("CMS_add1_cert") }
        }
        guard CMS_signed_add1_attr_by_NID(signer, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                          UnsafeRawPointer(OBJ_nid2obj(NID_pkcs7_data)), -1) == 1,
              CMS_signed_add1_attr_by_NID(signer, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING,
                                          digest, Int32(digest.count)) == 1
        else { throw failure("signed attributes") }
        if let signingTime {
            guard let time = ASN1_TIME_set(nil, time_t(signingTime.timeIntervalSince1970.rounded(.down))) else {
                throw failure("signing-time")
            }
            defer { ASN1_TIME_free(time) }
            guard CMS_signed_add1_attr_by_NID(signer, NID_pkcs9_signingTime, time.pointee.type,
                                              UnsafeRawPointer(time), -1) == 1
            else { throw failure("signing-time") }
        }

        let attributes = try signedAttributesDER(signer, failure: failure)
        let signature = try sign(attributes, with: identity.privateKey, failure: failure)
        guard let slot = CMS_SignerInfo_get0_signature(signer),
              ASN1_STRING_set(slot, signature, Int32(signature.count)) == 1
        else { throw failure("signature value") }
        guard let der = LibCrypto.der({ i2d_CMS_ContentInfo(cms, $0) }) else { throw failure("i2d_CMS_ContentInfo") }
        return der
    }

    /// The signed attributes as the SET OF that is signed: each attribute's DER, in ascending order.
    private static func signedAttributesDER(_ signer: OpaquePointer,
                                            failure: (String) -> SigningError) throws -> [UInt8] {
        var encoded: [[UInt8]] = []
        for index in 0..<CMS_signed_get_attr_count(signer) {
            guard let attribute = CMS_signed_get_attr(signer, index),
                  let der = LibCrypto.der({ i2d_X509_ATTRIBUTE(attribute, $0) })
            else { throw failure("i2d_X509_ATTRIBUTE") }
            encoded.append(der)
        }
        encoded.sort { $0.lexicographicallyPrecedes($1) }
        let body = encoded.flatMap { $0 }
        return [0x31] + derLength(body.count) + body
    }

    private static func sign(_ message: [UInt8], with key: OpaquePointer,
                             failure: (String) -> SigningError) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw failure("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else { throw failure("EVP_DigestSignInit") }
        var length = 0
        guard EVP_DigestSign(context, nil, &length, message, message.count) == 1 else { throw failure("EVP_DigestSign") }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, message, message.count) == 1 else {
            throw failure("EVP_DigestSign")
        }
        return Array(signature.prefix(length))
    }

    /// A DER length: short form below 128, long form above.
    static func derLength(_ length: Int) -> [UInt8] {
        if length < 0x80 { return [UInt8(length)] }
        var bytes: [UInt8] = []
        var rest = length
        while rest > 0 { bytes.insert(UInt8(rest & 0xFF), at: 0); rest >>= 8 }
        return [0x80 | UInt8(bytes.count)] + bytes
    }
}
