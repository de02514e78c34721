public import AcervoCore

/// Where a document goes: the complaint it belongs to, its document kind and, when named, its Anexo I
/// profile.
public struct Route: Sendable, Hashable, Codable {
    /// The complaint's protocol number.
    public var caseNumber: CaseNumber
    /// The document kind, as the intake policy names it.
    public var kind: DocumentKind
    /// The Anexo I profile the route names, or `nil` for the settings' `default_profile`.
    public var profile: DigitizationProfile?

    /// Makes a route.
    public init(caseNumber: CaseNumber, kind: DocumentKind, profile: DigitizationProfile? = nil) {
        self.caseNumber = caseNumber
        self.kind = kind
        self.profile = profile
    }
}
