public import AcervoCore

/// The gravity of each quality-gate finding: the built-in values, with what a policy overrides.
public struct DigitizationGrades: Sendable, Hashable {
    private var overrides: [DigitizationFindingCode: Verdict]

    /// The built-in gravities, with `overrides` taking their place where given.
    public init(overrides: [DigitizationFindingCode: Verdict] = [:]) {
        self.overrides = overrides
    }

    /// The gravity of a code. A page too large, unreadable or not taken is always rejected, whatever the
    /// overrides: a document written without that page would lack part of the paper.
    public func verdict(for code: DigitizationFindingCode) -> Verdict {
        if code.isMissingPage { return .rejected }
        return overrides[code] ?? code.builtInVerdict
    }

    /// The built-in policy's gravities.
    public static let builtIn = DigitizationGrades()
}
