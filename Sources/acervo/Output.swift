import Foundation

/// Writes to standard output, one line at a time, so scripts reading `--json` see whole lines.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// One compact JSON object on one line; keys sorted so the output is stable.
    static func json(_ object: [String: Any]) {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    /// Pretty JSON for documents (a case, a verification).
    static func document(_ object: Any) {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
