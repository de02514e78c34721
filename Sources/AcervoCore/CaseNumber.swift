/// A complaint's protocol number, e.g. `MS-2024-000123`: the case's identity everywhere in Acervo.
///
/// It names a directory in the store and an OCFL object, so it is restricted to a safe alphabet:
/// ASCII letters and digits, separated by single `-`, `.` or `_`, at most 64 characters.
///
/// Protocol numbers are compared and stored in one canonical form, their letters in upper case:
/// `ms-2024-000123` and `MS-2024-000123` are the same case. Scanning stations keep stores on
/// case-insensitive shares, where two spellings would be two OCFL objects in one directory.
public struct CaseNumber: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The protocol number in its canonical form (letters in upper case).
    public let rawValue: String

    /// Checks a protocol number and wraps its canonical form; `nil` when it is empty, too long or has
    /// unsafe characters.
    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        // Only ASCII passes isValid, so this changes a..z and nothing else.
        self.rawValue = rawValue.uppercased()
    }

    /// Checks and wraps a protocol number, throwing a readable error when it is not valid.
    public init(validating value: String) throws(AcervoError) {
        guard let number = CaseNumber(rawValue: value) else {
            throw AcervoError(.invalidArgument,
                              english: "invalid protocol number '\(value)': use letters, digits and single '-', '.' or '_' (e.g. MS-2024-000123)",
                              portuguese: "número de protocolo inválido")
        }
        self = number
    }

    /// The stable name, as stored and printed.
    public var description: String { rawValue }
    /// Orders by the stable name.
    public static func < (a: CaseNumber, b: CaseNumber) -> Bool { a.rawValue < b.rawValue }

    /// Reads the value from its stable name, a JSON string.
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(String.self)
        self = try CaseNumber(validating: value)
    }
    /// Writes the value as its stable name, a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    static func isValid(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard !bytes.isEmpty, bytes.count <= 64 else { return false }
        func alnum(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
        guard alnum(bytes.first!), alnum(bytes.last!) else { return false }
        var previousWasSeparator = false
        for b in bytes {
            if alnum(b) { previousWasSeparator = false; continue }
            guard b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_"), !previousWasSeparator else {
                return false
            }
            previousWasSeparator = true
        }
        return true
    }
}
