import AcervoCore
import Foundation

/// An intake report encodes as `{"case", "version", "items"}`, each item with the fields of the line
/// `acervo intake --json` prints for a file (snake_case keys; reasons with `code`, `verdict`, `detail` (and `detail_pt` where its Portuguese differs),
/// `message` and `message_pt`), plus its `index` and `declared_name`.
extension IntakeReport: Codable {
    /// Reads a report as it encodes.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ReportJSON.Key.self)
        guard let number = CaseNumber(rawValue: try c.decode(String.self, forKey: "case")) else {
            throw DecodingError.dataCorruptedError(forKey: "case", in: c, debugDescription: "not a protocol number")
        }
        self.init(caseNumber: number, version: try c.decodeIfPresent(Int.self, forKey: "version"),
                  items: try c.decode([Item].self, forKey: "items"))
    }

    /// Writes the report; `version` is absent when the intake wrote none.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try c.encode(caseNumber.rawValue, forKey: "case")
        try c.encodeIfPresent(version, forKey: "version")
        try c.encode(items, forKey: "items")
    }
}

extension IntakeReport.Item: Codable {
    /// Reads an item as it encodes, or from a line of `acervo intake --json` (which names the file
    /// instead: `index` is then 0 and `declared_name` the file's last path component).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ReportJSON.Key.self)
        var reasons: [Reason] = []
        var list = try c.nestedUnkeyedContainer(forKey: "reasons")
        while !list.isAtEnd {
            let r = try list.nestedContainer(keyedBy: ReportJSON.Key.self)
            reasons.append(Reason(code: try r.decode(ReasonCode.self, forKey: "code"),
                                  verdict: try r.decode(Verdict.self, forKey: "verdict"),
                                  detail: try r.decode(String.self, forKey: "detail"),
                                  detailPortuguese: try r.decodeIfPresent(String.self, forKey: "detail_pt")))
        }
        let declared = try c.decodeIfPresent(String.self, forKey: "declared_name")
            ?? URL(fileURLWithPath: try c.decode(String.self, forKey: "file")).lastPathComponent
        self.init(index: try c.decodeIfPresent(Int.self, forKey: "index") ?? 0, declaredName: declared,
                  kind: try c.decode(DocumentKind.self, forKey: "kind"), verdict: try c.decode(Verdict.self, forKey: "verdict"),
                  reasons: reasons, evidenceID: try c.decodeID(forKey: "evidence"),
                  identification: Identification(format: try c.decode(FileFormat.self, forKey: "format"),
                                                 mime: try c.decode(String.self, forKey: "mime"),
                                                 description: try c.decode(String.self, forKey: "description")),
                  byteCount: try c.decode(Int64.self, forKey: "bytes"), sha256: try c.decode(String.self, forKey: "sha256"),
                  storedPath: try c.decodeIfPresent(String.self, forKey: "stored_path"),
                  duplicateOf: try c.decodeIfPresent(String.self, forKey: "duplicate_of").flatMap(UUID.init(uuidString:)))
    }

    /// Writes the item with its `index` and `declared_name`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try c.encode(index, forKey: "index")
        try c.encode(declaredName, forKey: "declared_name")
        try encodeOutcome(to: &c)
    }

    /// Writes what the intake found and did, the fields `acervo intake --json` prints for each file.
    package func encodeOutcome(to c: inout KeyedEncodingContainer<ReportJSON.Key>) throws {
        try c.encode(kind, forKey: "kind")
        try c.encode(verdict, forKey: "verdict")
        var list = c.nestedUnkeyedContainer(forKey: "reasons")
        for reason in reasons {
            var r = list.nestedContainer(keyedBy: ReportJSON.Key.self)
            try r.encode(reason.code, forKey: "code")
            try r.encode(reason.verdict, forKey: "verdict")
            try r.encode(reason.detail, forKey: "detail")
            if let portuguese = reason.detailPortuguese { try r.encode(portuguese, forKey: "detail_pt") }
            try r.encode(reason.english, forKey: "message")
            try r.encode(reason.portuguese, forKey: "message_pt")
        }
        try c.encode(identification.format, forKey: "format")
        try c.encode(identification.mime, forKey: "mime")
        try c.encode(identification.description, forKey: "description")
        try c.encode(sha256, forKey: "sha256")
        try c.encode(byteCount, forKey: "bytes")
        try c.encode(ReportJSON.id(evidenceID), forKey: "evidence")
        try c.encodeIfPresent(storedPath, forKey: "stored_path")
        try c.encodeIfPresent(duplicateOf.map(ReportJSON.id), forKey: "duplicate_of")
    }
}
