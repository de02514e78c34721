/// The Anexo I profile (Decreto 10.278/2020) a route names for its documents: the same names as
/// AcervoDigitize's `AnexoProfile`, which the digitizing filer maps them to by raw value. The
/// station keeps its own copy of the names so that it links none of digitization's C libraries
/// (Tesseract brings libarchive and libcurl with it).
public enum AnexoProfile: String, Sendable, Hashable, CaseIterable, Codable {
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
}
