/// What kind of paper a document is, as the operator names it: it decides the minimum resolution, the
/// colour mode and the output format that Decreto 10.278/2020, Anexo I, asks for.
///
/// | profile | Anexo I | minimum | colour | output |
/// |---|---|---|---|---|
/// | `texto` | printed text in black and white | 300 dpi | monochrome | PDF/A |
/// | `texto-ilustrado` | printed text with illustrations | 300 dpi | greyscale | PDF/A |
/// | `colorido` | text in colour | 300 dpi | RGB | PDF/A |
/// | `manuscrito` | handwriting | 300 dpi | greyscale | PDF/A |
/// | `manuscrito-colorido` | handwriting in colour | 300 dpi | RGB | PDF/A |
/// | `foto` | photographs and posters | 300 dpi | RGB | PNG |
/// | `planta` | plans and maps | 600 dpi | monochrome | PNG |
public enum DigitizationProfile: String, Sendable, Hashable, CaseIterable, Codable {
    /// Printed text in black and white.
    case texto
    /// Printed text with illustrations.
    case textoIlustrado = "texto-ilustrado"
    /// Text in colour.
    case colorido
    /// Handwriting.
    case manuscrito
    /// Handwriting in colour.
    case manuscritoColorido = "manuscrito-colorido"
    /// Photographs and posters.
    case foto
    /// Plans and maps.
    case planta

    /// The lowest resolution Anexo I allows, on each axis, in dots per inch.
    public var minimumDPI: Double { self == .planta ? 600 : 300 }

    /// The poorest colour mode Anexo I allows: a richer one is fine, a poorer one is a finding.
    public var minimumColour: PageColour {
        switch self {
        case .texto, .planta: .bitonal
        case .textoIlustrado, .manuscrito: .greyscale
        case .colorido, .manuscritoColorido, .foto: .rgb
        }
    }

    /// Whether the document is written as PNG (photographs, plans) rather than PDF/A.
    public var outputIsPNG: Bool { self == .foto || self == .planta }
}
