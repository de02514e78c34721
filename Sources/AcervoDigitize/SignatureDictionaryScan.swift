/// Finds the `/ByteRange` and `/Contents` values of one signature dictionary in a PDF's bytes, by reading
/// the dictionary's tokens (names, numbers, strings, arrays, nested dictionaries), so that text inside a
/// string such as the signer's name can never be taken for a key.
struct SignatureDictionaryScan {
    /// Where a value lies in the bytes given: its first byte and the byte after its last.
    typealias Span = Range<Int>

    /// The `/ByteRange` array, from `[` to after `]`.
    private(set) var byteRange: Span?
    /// The `/Contents` string, from `<` to after `>`.
    private(set) var contents: Span?

    /// Reads the dictionary that starts at `start` (`<<`) in `bytes`; `nil` when it is not a whole,
    /// well-formed dictionary within them.
    init?(_ bytes: [UInt8], dictionaryAt start: Int) {
        var index = start
        guard Self.skipWhitespace(bytes, &index), bytes.count > index + 1, bytes[index] == 0x3C, bytes[index + 1] == 0x3C
        else { return nil }
        index += 2
        while true {
            guard Self.skipWhitespace(bytes, &index) else { return nil }
            if bytes[index] == 0x3E {  // >>
                guard index + 1 < bytes.count, bytes[index + 1] == 0x3E else { return nil }
                return
            }
            if bytes[index] != 0x2F {
                // The `0 R` that ends a reference: a value's tail where a key would be.
                guard !Self.isDelimiter(bytes[index]), Self.skipValue(bytes, &index) else { return nil }
                continue
            }
            guard let key = Self.name(bytes, &index) else { return nil }
            guard Self.skipWhitespace(bytes, &index) else { return nil }
            let valueStart = index
            guard Self.skipValue(bytes, &index) else { return nil }
            switch key {
            case "/ByteRange" where byteRange == nil && bytes[valueStart] == 0x5B: byteRange = valueStart..<index
            case "/Contents" where contents == nil && bytes[valueStart] == 0x3C: contents = valueStart..<index
            case "/ByteRange", "/Contents": return nil  // twice, or not what a signature holds
            default: break
            }
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        isWhitespace(byte) || [0x28, 0x29, 0x3C, 0x3E, 0x5B, 0x5D, 0x7B, 0x7D, 0x2F, 0x25].contains(byte)
    }

    /// Moves past whitespace and comments; false at the end of the bytes.
    private static func skipWhitespace(_ bytes: [UInt8], _ index: inout Int) -> Bool {
        while index < bytes.count {
            if isWhitespace(bytes[index]) { index += 1; continue }
            if bytes[index] == 0x25 {  // % comment, to the end of the line
                while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
                continue
            }
            return true
        }
        return false
    }

    private static func name(_ bytes: [UInt8], _ index: inout Int) -> String? {
        let start = index
        index += 1
        while index < bytes.count, !isDelimiter(bytes[index]) { index += 1 }
        return index < bytes.count ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
    }

    /// Moves past one value of any kind; false when it is malformed or runs past the bytes.
    private static func skipValue(_ bytes: [UInt8], _ index: inout Int) -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case 0x2F:
            return name(bytes, &index) != nil
        case 0x28:  // literal string: balanced parentheses, backslash escapes
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case 0x5C: index += 1
                case 0x28: depth += 1
                case 0x29:
                    depth -= 1
                    if depth == 0 { index += 1; return true }
                default: break
                }
                index += 1
            }
            return false
        case 0x3C where index + 1 < bytes.count && bytes[index + 1] == 0x3C:  // nested dictionary
            index += 2
            while true {
                guard skipWhitespace(bytes, &index) else { return false }
                if bytes[index] == 0x3E {
                    guard index + 1 < bytes.count, bytes[index + 1] == 0x3E else { return false }
                    index += 2
                    return true
                }
                guard skipValue(bytes, &index) else { return false }
            }
        case 0x3C:  // hexadecimal string
            while index < bytes.count, bytes[index] != 0x3E { index += 1 }
            guard index < bytes.count else { return false }
            index += 1
            return true
        case 0x5B:
            index += 1
            while true {
                guard skipWhitespace(bytes, &index) else { return false }
                if bytes[index] == 0x5D { index += 1; return true }
                guard skipValue(bytes, &index) else { return false }
            }
        default:  // number, boolean, null, or the `R` of a reference: a regular token
            let start = index
            while index < bytes.count, !isDelimiter(bytes[index]) { index += 1 }
            return index > start && index < bytes.count
        }
    }
}
