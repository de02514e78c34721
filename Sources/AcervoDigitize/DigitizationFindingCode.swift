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

    /// The gravity the built-in policy gives it.
    public var builtInVerdict: Verdict {
        switch self {
        case .resolutionTooLow, .resolutionMissing, .colourTooPoor, .pageTooLarge, .unreadablePage,
             .unsupportedPage: .rejected
        case .lossySource, .blankPage: .accepted
        }
    }

    /// The message for a person, in Portuguese and in English.
    var texts: (pt: String, en: String) {
        switch self {
        case .resolutionTooLow:
            ("A resolução da página é menor do que a exigida pelo Anexo I do Decreto 10.278/2020 para este perfil.",
             "The page's resolution is lower than Decreto 10.278/2020, Anexo I, requires for this profile.")
        case .resolutionMissing:
            ("A página não informa sua resolução; informe-a (--dpi) ou digitalize novamente.",
             "The page does not declare its resolution; state it (--dpi) or scan it again.")
        case .colourTooPoor:
            ("O modo de cor da página é mais pobre do que o exigido para este perfil.",
             "The page's colour mode is poorer than this profile requires.")
        case .lossySource:
            ("A página foi capturada com compressão com perdas (JPEG); foi mantida como capturada.",
             "The page was captured with lossy compression (JPEG); it was kept as captured.")
        case .blankPage:
            ("A página parece estar em branco; foi mantida.", "The page looks blank; it was kept.")
        case .pageTooLarge:
            ("A página excede o tamanho máximo em pixels de uma digitalização.",
             "The page exceeds the largest size in pixels a scan may have.")
        case .unreadablePage:
            ("Não foi possível ler a página: o arquivo está corrompido, incompleto ou não é uma digitalização.",
             "The page could not be read: the file is corrupt, incomplete or not a scan.")
        case .unsupportedPage:
            ("A página está num formato de cor ou de amostra que não é aceito.",
             "The page uses a colour or sample format that is not accepted.")
        }
    }
}
