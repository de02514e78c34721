public import AcervoCore

/// The Anexo I quality gate: checks each page's headers against the document's profile.
///
/// It judges what a scan *is* (resolution, colour mode, compression), never what it shows; blank pages
/// are found from pixels, elsewhere. Every finding is graded by ``DigitizationGrades``; the document is
/// refused when any finding's verdict is `rejected`.
public struct QualityGate: Sendable {
    /// The document's profile.
    public var profile: DigitizationProfile
    /// The resolution the operator stated for pages that declare none (`--dpi`); it never overrides a
    /// resolution a page declares.
    public var statedDPI: Double?
    /// How grave each finding is.
    public var grades: DigitizationGrades

    /// Makes a gate.
    public init(profile: DigitizationProfile, statedDPI: Double? = nil, grades: DigitizationGrades = .builtIn) {
        self.profile = profile
        self.statedDPI = statedDPI
        self.grades = grades
    }

    /// The findings for one page, in a stable order: resolution, colour, compression.
    public func inspect(_ page: ScannedPage) -> [DigitizationFinding] {
        var findings: [DigitizationFinding] = []
        func add(_ code: DigitizationFindingCode, _ detail: String) {
            findings.append(DigitizationFinding(code: code, page: page.number, verdict: grades.verdict(for: code),
                                                detail: detail))
        }
        let minimum = profile.minimumDPI
        let x = page.dpiX ?? statedDPI
        let y = page.dpiY ?? statedDPI
        if let x, let y {
            // Resolutions are stored as rationals and centimetre units convert inexactly: 118.11 dots/cm
            // is 300 dpi. Half a dot per inch of slack keeps such pages at the value they were scanned at.
            if x + 0.5 < minimum || y + 0.5 < minimum {
                add(.resolutionTooLow, "\(Self.format(x)) × \(Self.format(y)) dpi; \(profile.rawValue) requires "
                    + "\(Self.format(minimum)) × \(Self.format(minimum))")
            }
        } else {
            add(.resolutionMissing, "")
        }
        if page.colour < profile.minimumColour {
            add(.colourTooPoor, "\(page.colour.rawValue); \(profile.rawValue) requires \(profile.minimumColour.rawValue)")
        }
        if page.lossyCompression {
            add(.lossySource, page.compression)
        }
        return findings
    }

    /// Whether findings let the document be written: none of them is `rejected`.
    public static func admits(_ findings: [DigitizationFinding]) -> Bool {
        !findings.contains { $0.verdict == .rejected }
    }

    static func format(_ dpi: Double) -> String {
        let rounded = (dpi * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
