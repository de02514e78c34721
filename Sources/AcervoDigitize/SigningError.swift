public import AcervoCore

/// Why a document could not be signed: the operator's certificate, its PIN file or the signing itself.
///
/// Every error has a stable ``code`` that scripts and the station match on, and a text in Portuguese and
/// in English. No error ever carries the PIN: the texts name the files, never what is in the PIN file.
public struct SigningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong; the raw values are stable across releases.
    public enum Code: String, Sendable, Hashable, CaseIterable, Codable {
        /// The PIN file cannot be read (missing, a directory, unreadable, too large).
        case pinFileUnreadable = "pin-file-unreadable"
        /// The certificate file cannot be read, or is not PKCS#12.
        case certificateUnreadable = "certificate-unreadable"
        /// The PIN does not open the PKCS#12 file.
        case wrongPIN = "wrong-pin"
        /// The PKCS#12 file holds no private key.
        case privateKeyMissing = "private-key-missing"
        /// The PKCS#12 file holds no certificate for its private key.
        case keyDoesNotMatchCertificate = "key-does-not-match-certificate"
        /// The certificate's validity ended.
        case certificateExpired = "certificate-expired"
        /// The certificate's validity has not begun.
        case certificateNotYetValid = "certificate-not-yet-valid"
        /// The certificate's key usage or extended key usage does not allow signing documents.
        case certificateNotForSigning = "certificate-not-for-signing"
        /// The PDF has no signature placeholder Acervo put there, or more than one, or it is damaged.
        case placeholderNotFound = "signature-placeholder-not-found"
        /// The signature does not fit in the space reserved for it.
        case signatureTooLarge = "signature-too-large"
        /// The cryptographic library or qpdf failed while signing.
        case signingFailed = "signing-failed"
        /// Reading or writing the signed file failed.
        case io
    }

    /// What went wrong.
    public let code: Code
    /// What happened, in English.
    public let english: String
    /// What happened, in Portuguese.
    public let portuguese: String

    /// Makes an error.
    public init(_ code: Code, english: String, portuguese: String) {
        self.code = code
        self.english = english
        self.portuguese = portuguese
    }

    /// The English text, then the Portuguese one after " / ".
    public var message: String { "\(english) / \(portuguese)" }

    /// The code and the message, as a person reads it in a log.
    public var description: String { "\(code.rawValue): \(message)" }
}

extension SigningError {
    /// The same error as an ``AcervoCore/AcervoError``, for code that reports those (the command, the store):
    /// what the operator gave (the certificate, its PIN file) is an invalid argument, a failed read or
    /// write is I/O, and a failure while signing is the library's. This error is kept as the underlying one,
    /// so its ``code`` stays reachable.
    public var acervoError: AcervoError {
        let kind: AcervoError.Code = switch code {
        case .pinFileUnreadable, .certificateUnreadable, .wrongPIN, .privateKeyMissing, .keyDoesNotMatchCertificate,
             .certificateExpired, .certificateNotYetValid, .certificateNotForSigning: .invalidArgument
        case .io: .io
        case .placeholderNotFound, .signatureTooLarge, .signingFailed: .library
        }
        return AcervoError(kind, english: english, portuguese: portuguese, underlying: self)
    }
}
