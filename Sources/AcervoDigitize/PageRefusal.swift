/// Why a page could not be taken: the code and detail of the finding it becomes once its page number is
/// known.
public struct PageRefusal: Error, Sendable, Hashable {
    /// The finding's code (`unreadable-page`, `unsupported-page`, `page-too-large`).
    public var code: DigitizationFindingCode
    /// What exactly, in neutral terms (a library's message, `CMYK`, a size).
    public var detail: String

    /// Makes a refusal.
    public init(code: DigitizationFindingCode, detail: String) {
        self.code = code
        self.detail = detail
    }

    static func unreadable(_ detail: String) -> PageRefusal { PageRefusal(code: .unreadablePage, detail: detail) }
    static func unsupported(_ detail: String) -> PageRefusal { PageRefusal(code: .unsupportedPage, detail: detail) }
    static func tooLarge(_ detail: String) -> PageRefusal { PageRefusal(code: .pageTooLarge, detail: detail) }

    /// The finding on page `number`, graded by `grades`.
    func finding(page number: Int, grades: DigitizationGrades) -> DigitizationFinding {
        DigitizationFinding(code: code, page: number, verdict: grades.verdict(for: code), detail: detail)
    }
}
