import AcervoCore

/// The text a cover sheet's QR code carries, version 1:
///
/// ```
/// ACERVO-SHEET:1;case=MS-2024-000123;kind=contract;profile=texto;titulo=Contrato%20de%20loca%C3%A7%C3%A3o
/// ```
///
/// The prefix `ACERVO-SHEET:` says it is a sheet; the number after it is the payload's version. Then
/// `key=value` fields separated by `;`: `case` and `kind` always, `profile` and `titulo` when the sheet
/// names them. Values are UTF-8, percent-encoded: every byte but the letters, the digits and `-._~` is
/// written `%XX`, so the whole payload is ASCII (zbar reads it back exactly, with no guess at its
/// character set). It is at most ``mostBytes`` bytes.
///
/// Reading is strict. Text without the prefix is not a sheet (any other QR code on the page). Text with
/// it is a sheet's payload, and anything wrong in it (an unknown version, an unknown or repeated key, a
/// missing `case` or `kind`, a bad protocol number, kind or profile, a bad escape, a título that is not
/// one) is a ``Reading/faulty(_:)`` finding, never a guess.
public enum CoverSheetPayload {
    /// What every sheet's payload starts with.
    public static let prefix = "ACERVO-SHEET:"
    /// The version this Acervo writes, and the only one it reads.
    public static let version = 1
    /// The most bytes a payload may have.
    public static let mostBytes = 400

    /// What a QR code's text says about the page it is on.
    public enum Reading: Sendable, Hashable {
        /// Not a cover sheet's payload: some other QR code.
        case notASheet
        /// A cover sheet.
        case sheet(CoverSheet)
        /// A cover sheet's payload that cannot be read: why, in English and Portuguese.
        case faulty(CoverSheetFault)
    }

    /// The payload of `sheet`.
    public static func encode(_ sheet: CoverSheet) -> String {
        var fields = [("case", sheet.caseNumber.rawValue), ("kind", sheet.kind.rawValue)]
        if let profile = sheet.profile { fields.append(("profile", profile.rawValue)) }
        if let title = sheet.title { fields.append(("titulo", title)) }
        return prefix + String(version) + fields.map { ";\($0.0)=\(percentEncoded($0.1))" }.joined()
    }

    /// Reads a QR code's text.
    public static func read(_ text: String) -> Reading {
        guard text.hasPrefix(prefix) else { return .notASheet }
        func fault(_ english: String, _ portuguese: String) -> Reading {
            .faulty(CoverSheetFault(english: english, portuguese: portuguese))
        }
        guard text.utf8.count <= mostBytes else {
            return fault("the payload has \(text.utf8.count) bytes, more than \(mostBytes)",
                         "o conteúdo tem \(text.utf8.count) bytes, mais que \(mostBytes)")
        }
        var parts = text.dropFirst(prefix.count).split(separator: ";", omittingEmptySubsequences: false)
        let versionText = parts.removeFirst()
        guard !versionText.isEmpty, versionText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              versionText.count <= 6, let number = Int(versionText) else {
            return fault("the version '\(versionText)' is not a number", "a versão '\(versionText)' não é um número")
        }
        guard number == version else {
            return fault("version \(number) of the cover sheet payload is unknown to this Acervo (it reads version \(version)); print the sheet again with `acervo station sheet`",
                         "a versão \(number) da folha de rosto é desconhecida deste Acervo (ele lê a versão \(version)); imprima a folha de novo com `acervo station sheet`")
        }
        var values: [String: String] = [:]
        for part in parts {
            guard let equals = part.firstIndex(of: "=") else {
                return fault("the field '\(part)' has no '='", "o campo '\(part)' não tem '='")
            }
            let key = String(part[..<equals])
            guard ["case", "kind", "profile", "titulo"].contains(key) else {
                return fault("unknown field '\(key)'", "campo desconhecido '\(key)'")
            }
            guard values[key] == nil else { return fault("the field '\(key)' is repeated", "o campo '\(key)' se repete") }
            guard let value = percentDecoded(part[part.index(after: equals)...]) else {
                return fault("the field '\(key)' is not percent-encoded UTF-8", "o campo '\(key)' não está codificado corretamente")
            }
            values[key] = value
        }
        guard let caseText = values["case"] else { return fault("the field 'case' is missing", "falta o campo 'case'") }
        guard let kindText = values["kind"] else { return fault("the field 'kind' is missing", "falta o campo 'kind'") }
        guard let caseNumber = CaseNumber(rawValue: caseText) else {
            return fault("'\(caseText)' is not a protocol number", "'\(caseText)' não é um número de protocolo")
        }
        guard let kind = DocumentKind(rawValue: kindText) else {
            return fault("'\(kindText)' is not a document kind", "'\(kindText)' não é um tipo de documento")
        }
        var profile: DigitizationProfile?
        if let profileText = values["profile"] {
            guard let named = DigitizationProfile(rawValue: profileText) else {
                return fault("'\(profileText)' is not an Anexo I profile", "'\(profileText)' não é um perfil do Anexo I")
            }
            profile = named
        }
        if let title = values["titulo"], let problem = CoverSheet.titleProblem(title) {
            return fault(problem.english, problem.portuguese)
        }
        do {
            return .sheet(try CoverSheet(caseNumber: caseNumber, kind: kind, profile: profile, title: values["titulo"]))
        } catch {
            return fault(error.english, error.portuguese ?? error.english)
        }
    }

    /// `value` as UTF-8 with every byte but `A-Z a-z 0-9 - . _ ~` written `%XX`.
    static func percentEncoded(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in value.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value `encoded` stands for; `nil` when it holds a byte that should have been escaped, a bad
    /// escape, or bytes that are not UTF-8.
    static func percentDecoded(_ encoded: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = encoded.utf8.makeIterator()
        func hexValue(_ byte: UInt8?) -> UInt8? {
            switch byte {
            case let b? where b >= 0x30 && b <= 0x39: b - 0x30
            case let b? where b >= 0x41 && b <= 0x46: b - 0x41 + 10
            case let b? where b >= 0x61 && b <= 0x66: b - 0x61 + 10
            default: nil
            }
        }
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = hexValue(iterator.next()), let low = hexValue(iterator.next()) else { return nil }
                bytes.append(high << 4 | low)
            } else {
                guard isUnreserved(byte) else { return nil }
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }
}

/// Why a cover sheet's payload cannot be read, in English and Portuguese.
public struct CoverSheetFault: Sendable, Hashable, Codable {
    /// What is wrong, in English.
    public var english: String
    /// The same in Portuguese.
    public var portuguese: String

    /// Makes a fault.
    public init(english: String, portuguese: String) {
        self.english = english
        self.portuguese = portuguese
    }
}
