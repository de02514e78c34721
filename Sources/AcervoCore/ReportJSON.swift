package import Foundation

/// How Acervo's reports spell themselves in JSON, shared by the library's `Codable` types and the
/// command's `--json` output: snake_case keys, dates to the second in UTC, ids in lowercase.
package enum ReportJSON {
    /// A key spelled as given.
    package struct Key: CodingKey, ExpressibleByStringLiteral {
        package let stringValue: String
        package var intValue: Int? { nil }
        package init(_ stringValue: String) { self.stringValue = stringValue }
        package init?(stringValue: String) { self.stringValue = stringValue }
        package init?(intValue: Int) { nil }
        package init(stringLiteral value: String) { self.stringValue = value }
    }

    /// ISO 8601 to the second, UTC: `2024-05-01T12:30:00Z`.
    package static let dateStyle = Date.ISO8601FormatStyle.iso8601.year().month().day().dateSeparator(.dash)
        .time(includingFractionalSeconds: false).timeSeparator(.colon)

    /// A date as reports print it.
    package static func date(_ date: Date) -> String { date.formatted(dateStyle) }

    /// Reads a date as reports print it.
    package static func date(_ text: String, key: Key, in container: KeyedDecodingContainer<Key>) throws -> Date {
        do {
            return try Date(text, strategy: dateStyle)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not a date: \(text)")
        }
    }

    /// An id as reports print it: lowercase.
    package static func id(_ id: UUID) -> String { id.uuidString.lowercased() }

    /// Reads an id.
    package static func id(_ text: String, key: Key, in container: KeyedDecodingContainer<Key>) throws -> UUID {
        guard let id = UUID(uuidString: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not an id: \(text)")
        }
        return id
    }

    /// An encoder writing reports as the command prints them: keys sorted, slashes unescaped, on one line
    /// (`pretty` for documents).
    package static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension KeyedEncodingContainer where K == ReportJSON.Key {
    /// Writes a date as reports print it.
    package mutating func encodeDate(_ date: Date, forKey key: K) throws {
        try encode(ReportJSON.date(date), forKey: key)
    }
}

extension KeyedDecodingContainer where K == ReportJSON.Key {
    /// Reads a date as reports print it.
    package func decodeDate(forKey key: K) throws -> Date {
        try ReportJSON.date(try decode(String.self, forKey: key), key: key, in: self)
    }

    /// Reads a lowercase or uppercase id.
    package func decodeID(forKey key: K) throws -> UUID {
        try ReportJSON.id(try decode(String.self, forKey: key), key: key, in: self)
    }
}
