import Foundation

/// The two JSON spellings the store writes: canonical (hashed, one line) and pretty (read by people).
/// Both sort keys, leave slashes unescaped and write dates with `StoreDate`, so the same value always
/// gives the same bytes.
enum StoreJSON {
    static func canonicalEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(StoreDate.string(date))
        }
        return encoder
    }

    static func prettyEncoder() -> JSONEncoder {
        let encoder = canonicalEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = StoreDate.parse(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO-8601 UTC date: \(text)")
            }
            return date
        }
        return decoder
    }

    static func canonical<T: Encodable>(_ value: T) throws -> Data { try canonicalEncoder().encode(value) }

    /// Pretty JSON ending with a newline, as text files should.
    static func pretty<T: Encodable>(_ value: T) throws -> Data {
        var data = try prettyEncoder().encode(value)
        data.append(0x0A)
        return data
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decoder().decode(type, from: data)
    }
}
