import AcervoCore

public import AcervoPolicy

extension Policy {
    /// The gravity this policy gives each finding of the digitization quality gate: its `reasons:`
    /// section grades them like any other reason code (`page-too-large` is always rejected).
    public var digitizationGrades: DigitizationGrades {
        DigitizationGrades(overrides: Dictionary(uniqueKeysWithValues: DigitizationFindingCode.allCases.map {
            ($0, reason($0.reasonCode).verdict)
        }))
    }
}
