/// A page whose pixels could not be read, though its headers could: a truncated strip, a corrupt
/// code stream, a file that changed since its headers were read.
///
/// It carries what the finding needs; ``finding(grades:)`` makes the `unreadable-page` (or
/// `page-too-large`, `unsupported-page`) finding with the page's number.
public struct PageDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The code of the finding it becomes.
    public var code: DigitizationFindingCode
    /// The page's number in the document, from 1.
    public var page: Int
    /// What the decoder said, in its own words, or what Acervo found, in English.
    public var detail: String
    /// The detail in Portuguese, where it differs (see ``DigitizationFinding/detailPortuguese``).
    public var detailPortuguese: String?

    /// Makes an error.
    public init(code: DigitizationFindingCode = .unreadablePage, page: Int, detail: String, detailPortuguese: String? = nil) {
        self.code = code
        self.page = page
        self.detail = detail
        self.detailPortuguese = detailPortuguese
    }

    /// The finding for this page, graded by `grades`.
    public func finding(grades: DigitizationGrades = .builtIn) -> DigitizationFinding {
        DigitizationFinding(code: code, page: page, verdict: grades.verdict(for: code), detail: detail,
                            detailPortuguese: detailPortuguese)
    }

    /// The finding's English message, with the page.
    public var description: String { "page \(page): \(finding().message)" }
}
