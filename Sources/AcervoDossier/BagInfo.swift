/// The labels of `bag-info.txt`, in the order they are written, with RFC 8493's line folding.
public struct BagInfo: Sendable, Hashable {
    /// Label and value pairs; a label may repeat.
    public var fields: [(label: String, value: String)]

    /// The width past which a value is folded onto continuation lines.
    static let foldWidth = 79

    /// Makes a bag-info from pairs.
    public init(_ fields: [(label: String, value: String)] = []) {
        self.fields = fields
    }

    /// The first value of a label, compared without regard to case, as RFC 8493 reads labels.
    public subscript(label: String) -> String? {
        let key = label.lowercased()
        return fields.first { $0.label.lowercased() == key }?.value
    }

    /// Appends a label.
    public mutating func append(_ label: String, _ value: String) {
        fields.append((label, value))
    }

    /// The file's text: `Label: value` lines, a value longer than the fold width carried onto
    /// continuation lines that start with a space, breaking only at spaces (RFC 8493 §2.2.2).
    /// Line breaks inside a value become spaces: a tag value is one logical line.
    public var text: String {
        var out = ""
        for (label, rawValue) in fields {
            let value = rawValue.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
            var line = "\(label):"
            var first = true
            for word in value.split(separator: " ", omittingEmptySubsequences: false) {
                if !first && line.count + 1 + word.count > Self.foldWidth && !line.allSatisfy({ $0 == " " }) {
                    out += line + "\n"
                    line = " " + word
                } else {
                    line += " " + word
                }
                first = false
            }
            out += line + "\n"
        }
        return out
    }

    /// Reads a tag file: continuation lines (starting with a space or tab) are unfolded into the value
    /// before them; blank lines are skipped. A line that is neither is kept as a label without a value.
    public init(parsing text: String) {
        var fields: [(label: String, value: String)] = []
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = Substring(rawLine)
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            if let first = line.first, first == " " || first == "\t", !fields.isEmpty {
                fields[fields.count - 1].value += " " + line.trimmingSpaces()
                continue
            }
            if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]).trimmingSpaces(), String(line[line.index(after: colon)...]).trimmingSpaces()))
            } else {
                fields.append((String(line).trimmingSpaces(), ""))
            }
        }
        self.fields = fields
    }

    /// Equal when the same fields, labels and values, are in the same order.
    public static func == (a: BagInfo, b: BagInfo) -> Bool {
        a.fields.count == b.fields.count && zip(a.fields, b.fields).allSatisfy { $0.label == $1.label && $0.value == $1.value }
    }

    /// Hashes the fields in order.
    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.label)
            hasher.combine(field.value)
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
