public import AcervoCore

/// Something the Anexo I quality gate found: on which page, what exactly, and how grave it is.
public struct DigitizationFinding: Sendable, Hashable, Codable {
    /// The stable code.
    public var code: DigitizationFindingCode
    /// The page it concerns, from 1; `nil` for the document as a whole.
    public var page: Int?
    /// The gravity the policy gives it.
    public var verdict: Verdict
    /// What exactly was found, in neutral terms (`200 × 100 dpi`, `JPEG`, a library's message); may be empty.
    public var detail: String

    /// Makes a finding.
    public init(code: DigitizationFindingCode, page: Int?, verdict: Verdict, detail: String = "") {
        self.code = code
        self.page = page
        self.verdict = verdict
        self.detail = detail
    }

    /// The message in English, with the detail in parentheses.
    public var message: String { Self.join(code.texts.en, detail) }
    /// The message in Portuguese, with the detail in parentheses.
    public var messagePortuguese: String { Self.join(code.texts.pt, detail) }

    private static func join(_ text: String, _ detail: String) -> String {
        detail.isEmpty ? text : "\(text) (\(detail))"
    }

    enum CodingKeys: String, CodingKey {
        case code, page, verdict, detail, message
        case messagePortuguese = "message_pt"
    }

    /// Reads a finding back from its JSON; the messages are derived, so they are not read.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(DigitizationFindingCode.self, forKey: .code)
        page = try c.decodeIfPresent(Int.self, forKey: .page)
        verdict = try c.decode(Verdict.self, forKey: .verdict)
        detail = try c.decodeIfPresent(String.self, forKey: .detail) ?? ""
    }

    /// Writes `{code, page, verdict, detail, message, message_pt}`, the shape `acervo digitize --json` prints.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(page, forKey: .page)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(detail, forKey: .detail)
        try c.encode(message, forKey: .message)
        try c.encode(messagePortuguese, forKey: .messagePortuguese)
    }
}
