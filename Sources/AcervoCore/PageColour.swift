/// How much colour a scanned page holds, from poorest to richest.
public enum PageColour: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// One bit per pixel: black and white (monochrome).
    case bitonal
    /// Shades of grey.
    case greyscale
    /// Red, green and blue (a palette image counts here: it can hold colour).
    case rgb

    private var rank: Int {
        switch self {
        case .bitonal: 0
        case .greyscale: 1
        case .rgb: 2
        }
    }

    /// Orders from poorest to richest.
    public static func < (a: PageColour, b: PageColour) -> Bool { a.rank < b.rank }

    /// The name Anexo I uses, in Portuguese and English.
    package var names: (pt: String, en: String) {
        switch self {
        case .bitonal: ("monocromático (preto e branco)", "monochrome (black and white)")
        case .greyscale: ("tons de cinza", "greyscale")
        case .rgb: ("colorido (RGB)", "colour (RGB)")
        }
    }
}
