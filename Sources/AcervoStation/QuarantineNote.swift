import AcervoCore
import Foundation

/// The two files written beside a quarantined file: `<name>.motivo.txt` (Portuguese, then English) for
/// the operator, `<name>.motivo.json` (stable reason codes) for scripts.
struct QuarantineNote: Codable, Sendable {
    /// The file's name in the quarantine.
    var file: String
    /// Where it was in the inbox.
    var inboxPath: String
    /// When it was set aside.
    var quarantinedAt: String
    /// Its size in bytes.
    var byteCount: Int64
    /// Its SHA-256, when it was read whole.
    var sha256: String?
    /// Why.
    var reasons: [StationReason]

    enum CodingKeys: String, CodingKey {
        case file, reasons, sha256
        case inboxPath = "inbox_path"
        case quarantinedAt = "quarantined_at"
        case byteCount = "byte_count"
    }

    var text: String {
        var lines = ["Arquivo: \(inboxPath)", "Em quarentena desde: \(quarantinedAt)", ""]
        for reason in reasons { lines.append("[\(reason.code)] \(reason.portuguese)") }
        lines += ["", "File: \(inboxPath)", "Quarantined at: \(quarantinedAt)", ""]
        for reason in reasons { lines.append("[\(reason.code)] \(reason.english)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes both notes beside `file` (each by a temporary name and a rename).
    func write(beside file: URL) throws {
        let json = try JSONEncoder.sorted.encode(self)
        for (suffix, data) in [(".motivo.txt", Data(text.utf8)), (".motivo.json", json + Data("\n".utf8))] {
            let target = URL(fileURLWithPath: file.path + suffix)
            let temporary = file.deletingLastPathComponent().appending(path: ".\(file.lastPathComponent)\(suffix).tmp")
            try data.write(to: temporary)
            guard rename(temporary.path, target.path) == 0 else { throw AcervoError.system("rename", path: target.path, errno: errno) }
        }
    }

    /// The notes of a quarantined file, to remove when it is retried.
    static func notes(of file: URL) -> [URL] {
        [URL(fileURLWithPath: file.path + ".motivo.txt"), URL(fileURLWithPath: file.path + ".motivo.json")]
    }

    /// Whether `name` is a note rather than a quarantined file.
    static func isNote(_ name: String) -> Bool {
        name.hasSuffix(".motivo.txt") || name.hasSuffix(".motivo.json")
    }
}

extension JSONEncoder {
    /// Keys sorted, slashes unescaped: stable notes and events.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
