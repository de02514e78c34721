import AcervoCore
import Foundation
import Synchronization

/// Writes to standard output, one line at a time, so scripts reading `--json` see whole lines.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// One value as compact JSON on one line, keys sorted, as the library's `Encodable` reports spell it.
    static func json(_ value: some Encodable) {
        line(jsonText(value))
    }

    /// A value as a pretty JSON document.
    static func document(_ value: some Encodable) {
        guard let data = try? ReportJSON.encoder(pretty: true).encode(value) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    /// Text for one value as compact JSON on one line, keys sorted.
    static func jsonText(_ value: some Encodable) -> String {
        guard let data = try? ReportJSON.encoder().encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A file name as plain output shows it: control characters (ESC, CR, NUL's kin, DEL, C1) and format
    /// characters (bidirectional overrides, zero-width spaces) escaped as `\xNN` or `\u{NNNN}`, so a name
    /// cannot move the cursor, recolour or rewrite the terminal, or pass for another name. A backslash
    /// stays as it is. `--json` needs none of this: JSON escapes control characters itself.
    static func shown(_ name: String) -> String {
        // Most names are printable ASCII: nothing to look at scalar by scalar.
        if name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return name }
        var out = ""
        out.reserveCapacity(name.utf8.count)
        for scalar in name.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += scalar.value < 0x100 ? "\\x" + (hex.count == 1 ? "0" + hex : hex) : "\\u{" + hex + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}

/// Lines gathered and written to standard output in large writes: a batch of thousands of files must not
/// cost a system call per line. Lines stay whole and in order.
final class BufferedLines: Sendable {
    private let buffer = Mutex(Data())
    private let threshold = 64 * 1024

    func append(_ line: String) {
        let full: Data? = buffer.withLock { data in
            data.append(contentsOf: line.utf8)
            data.append(0x0A)
            guard data.count >= threshold else { return nil }
            defer { data.removeAll(keepingCapacity: true) }
            return data
        }
        if let full { FileHandle.standardOutput.write(full) }
    }

    func flush() {
        let rest = buffer.withLock { data in
            defer { data.removeAll() }
            return data
        }
        if !rest.isEmpty { FileHandle.standardOutput.write(rest) }
    }
}
