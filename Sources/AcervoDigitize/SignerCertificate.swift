import COpenSSL
public import Foundation

/// Who signs: the facts of the operator's certificate that custody records keep.
///
/// ICP-Brasil puts the holder's CPF after a colon in the certificate's common name
/// (`CN=FULANO DE TAL:12345678909`), and in the subject alternative name's `otherName` 2.16.76.1.3.1
/// (birth date, then CPF); the name is the common name without the CPF.
public struct SignerCertificate: Sendable, Hashable, Codable {
    /// The holder's name, as the certificate's common name gives it (without the CPF).
    public var holderName: String
    /// The holder's CPF (11 digits), when the certificate carries one.
    public var cpf: String?
    /// The whole subject, in RFC 2253 form.
    public var subject: String
    /// The issuer (the certification authority), in RFC 2253 form.
    public var issuer: String
    /// The serial number, in uppercase hexadecimal.
    public var serialNumber: String
    /// The start of the certificate's validity.
    public var notBefore: Date
    /// The end of the certificate's validity.
    public var notAfter: Date
    /// The SHA-256 of the certificate's DER encoding, in lowercase hexadecimal.
    public var sha256: String

    enum CodingKeys: String, CodingKey {
        case holderName = "holder_name", cpf, subject, issuer
        case serialNumber = "serial_number", notBefore = "not_before", notAfter = "not_after", sha256
    }

    /// The ICP-Brasil object identifier of the natural person's data in `otherName`.
    static let icpBrasilPersonOID = "2.16.76.1.3.1"

    /// Reads the facts of an `X509` certificate.
    init(certificate: OpaquePointer) {
        let subjectName = X509_get_subject_name(certificate)
        var commonName = ""
        if let subjectName {
            let index = X509_NAME_get_index_by_NID(subjectName, NID_commonName, -1)
            if index >= 0, let entry = X509_NAME_get_entry(subjectName, index) {
                commonName = LibCrypto.text(X509_NAME_ENTRY_get_data(entry)) ?? ""
            }
        }
        let (name, cpfInName) = Self.splitCommonName(commonName)
        holderName = name
        cpf = cpfInName ?? Self.cpfInAlternativeName(certificate)
        subject = Self.oneLine(subjectName)
        issuer = Self.oneLine(X509_get_issuer_name(certificate))
        serialNumber = ""
        if let bignum = ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate), nil) {
            if let hex = BN_bn2hex(bignum) {
                serialNumber = String(cString: hex)
                CRYPTO_free(hex, nil, 0)
            }
            BN_free(bignum)
        }
        notBefore = Self.date(X509_get0_notBefore(certificate))
        notAfter = Self.date(X509_get0_notAfter(certificate))
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = X509_digest(certificate, EVP_sha256(), &digest, &length)
        sha256 = digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }

    /// `FULANO DE TAL:12345678909` → (`FULANO DE TAL`, `12345678909`); any other name stays whole.
    static func splitCommonName(_ commonName: String) -> (name: String, cpf: String?) {
        guard let colon = commonName.lastIndex(of: ":") else { return (commonName, nil) }
        let digits = commonName[commonName.index(after: colon)...]
        guard digits.count == 11, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return (commonName, nil) }
        return (String(commonName[..<colon]), String(digits))
    }

    /// The CPF in the subject alternative name's ICP-Brasil `otherName`: its characters 9 to 19, after the
    /// birth date (DDMMAAAA).
    private static func cpfInAlternativeName(_ certificate: OpaquePointer) -> String? {
        guard let names = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) else { return nil }
        let stack = OpaquePointer(names)
        defer { GENERAL_NAMES_free(stack) }
        for index in 0..<OPENSSL_sk_num(stack) {
            guard let raw = OPENSSL_sk_value(stack, index) else { continue }
            var oid: OpaquePointer?
            var value: UnsafeMutablePointer<ASN1_TYPE>?
            guard GENERAL_NAME_get0_otherName(raw.assumingMemoryBound(to: GENERAL_NAME.self), &oid, &value) == 1,
                  let oid, let value, objectIdentifier(oid) == icpBrasilPersonOID,
                  let string = value.pointee.value.asn1_string else { continue }
            let count = Int(ASN1_STRING_length(string))
            guard count >= 19, let bytes = ASN1_STRING_get0_data(string) else { continue }
            let digits = String(decoding: UnsafeBufferPointer(start: bytes + 8, count: 11), as: UTF8.self)
            if digits.allSatisfy({ $0.isASCII && $0.isNumber }) { return digits }
        }
        return nil
    }

    /// An object identifier in dotted form.
    static func objectIdentifier(_ object: OpaquePointer) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        let length = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
        guard length > 0 else { return "" }
        return String(decoding: buffer.prefix(Int(min(length, 127))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func oneLine(_ name: OpaquePointer?) -> String {
        guard let name else { return "" }
        // XN_FLAG_RFC2253 without ASN1_STRFLGS_ESC_MSB, so that accented names stay UTF-8.
        let strings = UInt(ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_CTRL | ASN1_STRFLGS_UTF8_CONVERT
            | ASN1_STRFLGS_DUMP_UNKNOWN | ASN1_STRFLGS_DUMP_DER)
        let flags = strings | UInt(XN_FLAG_SEP_COMMA_PLUS) | UInt(XN_FLAG_DN_REV) | UInt(XN_FLAG_DUMP_UNKNOWN_FIELDS)
        return LibCrypto.withMemoryBIO { bio in
            _ = X509_NAME_print_ex(bio, name, 0, flags)
            return LibCrypto.contents(of: bio)
        } ?? ""
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else { return Date(timeIntervalSince1970: 0) }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
