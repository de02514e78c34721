import Foundation
import AcervoCore

/// A built dossier encodes to the line `acervo dossier build --json` prints.
extension DossierBuild: Codable {
    /// Reads a build as `acervo dossier build --json` prints it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ReportJSON.Key.self)
        self.init(archivePath: try c.decode(String.self, forKey: "archive"), bagName: try c.decode(String.self, forKey: "bag"),
                  version: try c.decode(Int.self, forKey: "version"), archiveBytes: try c.decode(Int64.self, forKey: "bytes"),
                  archiveSHA256: try c.decode(String.self, forKey: "sha256"),
                  payloadBytes: try c.decode(Int64.self, forKey: "payload_bytes"),
                  payloadFiles: try c.decode(Int.self, forKey: "payload_files"))
    }

    /// Writes the build as `acervo dossier build --json` prints it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try c.encode(archivePath, forKey: "archive")
        try c.encode(bagName, forKey: "bag")
        try c.encode(version, forKey: "version")
        try c.encode(archiveBytes, forKey: "bytes")
        try c.encode(archiveSHA256, forKey: "sha256")
        try c.encode(payloadBytes, forKey: "payload_bytes")
        try c.encode(payloadFiles, forKey: "payload_files")
    }
}

/// A dossier check encodes to the document `acervo dossier verify --json` and `extract --json` print.
/// The bag's `bag-info.txt` is not part of it: a decoded check has no ``DossierVerification/bagInfo``.
extension DossierVerification: Codable {
    /// Reads a check as `acervo dossier verify --json` prints it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ReportJSON.Key.self)
        let bag = try c.decode(String.self, forKey: "bag")
        self.init(bagName: bag.isEmpty ? nil : bag, problems: try c.decode([DossierProblem].self, forKey: "problems"),
                  payloadFiles: try c.decode(Int.self, forKey: "payload_files"),
                  payloadBytes: try c.decode(Int64.self, forKey: "payload_bytes"),
                  fast: try c.decode(Bool.self, forKey: "fast"), bagInfo: nil)
    }

    /// Writes the check as `acervo dossier verify --json` prints it: `bag` is empty when the archive had none.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try c.encode(isValid, forKey: "valid")
        try c.encode(bagName ?? "", forKey: "bag")
        try c.encode(fast, forKey: "fast")
        try c.encode(payloadFiles, forKey: "payload_files")
        try c.encode(payloadBytes, forKey: "payload_bytes")
        try c.encode(problems, forKey: "problems")
    }
}

/// A problem encodes as `{"kind", "path", "detail"}`, `path` empty when no file is concerned.
extension DossierProblem: Codable {
    /// Reads a problem as the dossier commands print it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ReportJSON.Key.self)
        let path = try c.decode(String.self, forKey: "path")
        self.init(kind: try c.decode(Kind.self, forKey: "kind"), path: path.isEmpty ? nil : path,
                  detail: try c.decode(String.self, forKey: "detail"))
    }

    /// Writes the problem as the dossier commands print it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try c.encode(kind, forKey: "kind")
        try c.encode(path ?? "", forKey: "path")
        try c.encode(detail, forKey: "detail")
    }
}

/// An archive entry encodes to the line `acervo dossier list --json` prints.
extension DossierEntry: Codable {
    /// Reads an entry as `acervo dossier list --json` prints it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ReportJSON.Key.self)
        self.init(path: try c.decode(String.self, forKey: "path"), isDirectory: try c.decode(Bool.self, forKey: "directory"),
                  byteCount: try c.decode(Int64.self, forKey: "bytes"))
    }

    /// Writes the entry as `acervo dossier list --json` prints it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try c.encode(path, forKey: "path")
        try c.encode(isDirectory, forKey: "directory")
        try c.encode(byteCount, forKey: "bytes")
    }
}
