import AcervoCore
/// What one page file gave: its pages, in order, and what was found while reading them.
public struct PageFileReading: Sendable, Hashable {
    /// The pages read, numbered in the document.
    public var pages: [ScannedPage]
    /// Pages or parts of the file that could not be read, refused from their headers, or not taken.
    public var findings: [DigitizationFinding]

    /// Makes a reading.
    public init(pages: [ScannedPage] = [], findings: [DigitizationFinding] = []) {
        self.pages = pages
        self.findings = findings
    }
}
