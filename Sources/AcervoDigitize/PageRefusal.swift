public import AcervoCore

/// Why a page could not be taken: the code and detail of the finding it becomes once its page number is
/// known.
public struct PageRefusal: Error, Sendable {
    /// The finding's code (`unreadable-page`, `unsupported-page`, `page-too-large`).
    public var code: DigitizationFindingCode
    /// What exactly, in English or in neutral terms (a library's message, `CMYK`, a size).
    public var detail: String
    /// The detail in Portuguese, where it differs (see ``DigitizationFinding/detailPortuguese``).
    public var detailPortuguese: String?
    /// Set when nothing is wrong with the page: the machine failed while reading it (a scratch file that
    /// cannot be written on a full disk, a read error). It is an operational error, never a finding.
    public var operational: AcervoError?

    /// Makes a refusal.
    public init(code: DigitizationFindingCode, detail: String, detailPortuguese: String? = nil) {
        self.code = code
        self.detail = detail
        self.detailPortuguese = detailPortuguese
    }

    static func unreadable(_ detail: String, _ portuguese: String? = nil) -> PageRefusal {
        PageRefusal(code: .unreadablePage, detail: detail, detailPortuguese: portuguese)
    }
    static func unsupported(_ detail: String, _ portuguese: String? = nil) -> PageRefusal {
        PageRefusal(code: .unsupportedPage, detail: detail, detailPortuguese: portuguese)
    }
    static func operational(_ error: AcervoError) -> PageRefusal {
        var refusal = PageRefusal(code: .unreadablePage, detail: error.english, detailPortuguese: error.portuguese)
        refusal.operational = error
        return refusal
    }
    static func tooLarge(_ detail: String, _ portuguese: String? = nil) -> PageRefusal {
        PageRefusal(code: .pageTooLarge, detail: detail, detailPortuguese: portuguese)
    }

    /// The finding on page `number`, graded by `grades`.
    func finding(page number: Int, grades: DigitizationGrades) -> DigitizationFinding {
        DigitizationFinding(code: code, page: number, verdict: grades.verdict(for: code), detail: detail,
                            detailPortuguese: detailPortuguese)
    }
}
