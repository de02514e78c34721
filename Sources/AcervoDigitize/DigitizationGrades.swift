public import AcervoCore
import AcervoPolicy

/// The gravity of each quality-gate finding: the built-in values, with what a policy overrides.
public struct DigitizationGrades: Sendable, Hashable {
    private var overrides: [DigitizationFindingCode: Verdict]

    /// The built-in gravities, with `overrides` taking their place where given.
    public init(overrides: [DigitizationFindingCode: Verdict] = [:]) {
        self.overrides = overrides
    }

    /// The gravity of a code. A code whose gravity is part of what it means keeps it whatever the
    /// overrides (``Policy``'s fixed gravities: a page too large, unreadable or not taken is always
    /// rejected, since a document written without it would lack part of the paper).
    public func verdict(for code: DigitizationFindingCode) -> Verdict {
        Policy.fixedGravity[code.reasonCode] ?? overrides[code] ?? code.builtInVerdict
    }

    /// The built-in policy's gravities.
    public static let builtIn = DigitizationGrades()
}
