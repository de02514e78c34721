public import AcervoCore
import Foundation

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
        func add(_ code: DigitizationFindingCode, _ detail: String, _ portuguese: String? = nil) {
            findings.append(DigitizationFinding(code: code, page: page.number, verdict: grades.verdict(for: code),
                                                detail: detail, detailPortuguese: portuguese))
        }
        let minimum = profile.minimumDPI
        let x = page.dpiX ?? statedDPI
        let y = page.dpiY ?? statedDPI
        if let x, let y {
            // Resolutions are stored as rationals and centimetre units convert inexactly: 118.11 dots/cm
            // is 300 dpi. Half a dot per inch of slack keeps such pages at the value they were scanned at.
            if x + 0.5 < minimum || y + 0.5 < minimum {
                let found = "\(Self.format(x)) × \(Self.format(y)) dpi", least = "\(Self.format(minimum)) × \(Self.format(minimum))"
                add(.resolutionTooLow, "\(found); \(profile.rawValue) requires \(least)",
                    "\(found.replacingOccurrences(of: ".", with: ",")); \(profile.rawValue) exige \(least)")
            }
        } else {
            add(.resolutionMissing, "")
        }
        if page.colour < profile.minimumColour {
            add(.colourTooPoor, "\(page.colour.names.en); \(profile.rawValue) requires \(profile.minimumColour.names.en)",
                "\(page.colour.names.pt); \(profile.rawValue) exige \(profile.minimumColour.names.pt)")
        }
        if page.lossyCompression {
            // JBIG2 is lossy only in its symbol-matching mode (shared symbol dictionaries), which may put
            // one glyph in place of a similar one: the finding says which, so a reader knows what to doubt.
            if page.compression == "jbig2" {
                add(.lossySource, "jbig2, symbol matching", "jbig2, com substituição de símbolos")
            } else {
                add(.lossySource, page.compression)
            }
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
