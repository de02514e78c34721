public import AcervoCore

/// A stable code for what the Anexo I quality gate found on a page. Scripts and the station match on
/// these strings; never rename one.
public enum DigitizationFindingCode: String, Sendable, Hashable, Codable, CaseIterable {
    /// A page's resolution, on either axis, is below what its profile asks for.
    case resolutionTooLow = "resolution-too-low"
    /// A page declares no resolution and the operator stated none.
    case resolutionMissing = "resolution-missing"
    /// A page holds less colour than its profile asks for (greyscale for a colour profile, …).
    case colourTooPoor = "colour-too-poor"
    /// A page was captured with lossy compression (JPEG): kept as captured, and flagged.
    case lossySource = "lossy-source"
    /// A page looks blank: flagged, never dropped.
    case blankPage = "blank-page"
    /// A page asks for more pixels than a scan may have: refused from its header.
    case pageTooLarge = "page-too-large"
    /// A page or its file cannot be read: broken, truncated or not a scan Acervo reads.
    case unreadablePage = "unreadable-page"
    /// A page is stored in a way Acervo does not take (CMYK, 16 bits per sample, a colour space it
    /// cannot carry losslessly into PDF/A).
    case unsupportedPage = "unsupported-page"
    /// The document lacks Anexo II fields and was asked to be written all the same (a scanning station
    /// does not know a letter's author): flagged for completion, never refused for it by default.
    case metadataIncomplete = "metadata-incomplete"

    /// The gravity the built-in policy gives it.
    public var builtInVerdict: Verdict {
        switch self {
        case .resolutionTooLow, .resolutionMissing, .colourTooPoor, .pageTooLarge, .unreadablePage,
             .unsupportedPage: .rejected
        case .lossySource, .blankPage, .metadataIncomplete: .accepted
        }
    }

    /// The reason code the store and the policy know this finding by (the same stable name).
    public var reasonCode: ReasonCode { ReasonCode(rawValue: rawValue) }

    /// The message for a person, in Portuguese and in English (from ``ReasonCatalog``).
    var texts: (pt: String, en: String) {
        (ReasonCatalog.message(for: reasonCode, detail: "", language: .portuguese),
         ReasonCatalog.message(for: reasonCode, detail: "", language: .english))
    }
}
