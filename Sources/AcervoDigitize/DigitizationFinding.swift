public import AcervoCore

/// Something the Anexo I quality gate found: on which page, what exactly, and how grave it is.
public struct DigitizationFinding: Sendable, Hashable, Codable {
    /// The stable code.
    public var code: DigitizationFindingCode
    /// The page it concerns, from 1; `nil` for the document as a whole.
    public var page: Int?
    /// The gravity the policy gives it.
    public var verdict: Verdict
    /// What exactly was found, in English or in neutral terms (`200 × 100 dpi`, `jpeg`, a library's own
    /// words); may be empty.
    public var detail: String
    /// The detail in Portuguese; `nil` where it reads the same in both languages (a size, a compression's
    /// name) or is a library's own words, which are quoted as the library wrote them.
    public var detailPortuguese: String?

    /// Makes a finding.
    public init(code: DigitizationFindingCode, page: Int?, verdict: Verdict, detail: String = "",
                detailPortuguese: String? = nil) {
        self.code = code
        self.page = page
        self.verdict = verdict
        self.detail = detail
        self.detailPortuguese = detailPortuguese == detail ? nil : detailPortuguese
    }

    /// The message in English, with the detail in parentheses.
    public var message: String { Self.join(code.texts.en, detail) }
    /// The message in Portuguese, with the Portuguese detail in parentheses.
    public var messagePortuguese: String { Self.join(code.texts.pt, detailPortuguese ?? detail) }

    /// The same finding with `prefix` (a file's name) before its detail, in both languages.
    func prefixed(_ prefix: String) -> DigitizationFinding {
        func named(_ text: String) -> String { text.isEmpty ? prefix : "\(prefix): \(text)" }
        return DigitizationFinding(code: code, page: page, verdict: verdict, detail: named(detail),
                                   detailPortuguese: detailPortuguese.map(named))
    }

    private static func join(_ text: String, _ detail: String) -> String {
        detail.isEmpty ? text : "\(text) (\(detail))"
    }

    enum CodingKeys: String, CodingKey {
        case code, page, verdict, detail, message
        case detailPortuguese = "detail_pt"
        case messagePortuguese = "message_pt"
    }

    /// Reads a finding back from its JSON; the messages are derived, so they are not read.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(DigitizationFindingCode.self, forKey: .code)
        page = try c.decodeIfPresent(Int.self, forKey: .page)
        verdict = try c.decode(Verdict.self, forKey: .verdict)
        detail = try c.decodeIfPresent(String.self, forKey: .detail) ?? ""
        let portuguese = try c.decodeIfPresent(String.self, forKey: .detailPortuguese)
        detailPortuguese = portuguese == detail ? nil : portuguese
    }

    /// Writes `{code, page, verdict, detail, detail_pt, message, message_pt}`, the shape `acervo digitize
    /// --json` prints.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(page, forKey: .page)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(detail, forKey: .detail)
        try c.encode(detailPortuguese ?? detail, forKey: .detailPortuguese)
        try c.encode(message, forKey: .message)
        try c.encode(messagePortuguese, forKey: .messagePortuguese)
    }
}
