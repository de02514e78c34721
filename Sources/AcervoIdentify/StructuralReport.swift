import AcervoCore

/// What one structural check concluded about content whose signature it recognised.
struct StructuralReport {
    /// The format the structure confirms.
    var format: FileFormat
    /// The MIME type that goes with `format`.
    var mime: String
    /// Problems found while walking the structure.
    var findings: [Finding] = []
    /// A human description from what the walk learnt, used when libmagic is not consulted.
    var description: String?

    /// Adds a finding unless one with the same code is already there: one of each is enough for a policy.
    mutating func note(_ code: ReasonCode, _ detail: String) {
        if !findings.contains(where: { $0.code == code }) {
            findings.append(Finding(code, detail))
        }
    }
}
