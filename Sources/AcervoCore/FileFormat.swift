/// A format Acervo recognises by content, named by a stable identifier used in policies and reports.
///
/// Formats are open-ended: a policy may name one Acervo does not define as a constant, and it then
/// simply never matches. The constants cover everything the identifier can conclude.
public struct FileFormat: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The stable identifier, e.g. `jpeg`, `ogg-opus`, `nfe-xml`.
    public let rawValue: String
    /// Makes a format from its identifier.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Makes a format from its identifier.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
    public static func < (a: FileFormat, b: FileFormat) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    // Images
    public static let jpeg = FileFormat("jpeg")
    public static let png = FileFormat("png")
    public static let heic = FileFormat("heic")
    public static let gif = FileFormat("gif")
    public static let webp = FileFormat("webp")
    public static let tiff = FileFormat("tiff")
    public static let bmp = FileFormat("bmp")
    // Documents
    public static let pdf = FileFormat("pdf")
    public static let docx = FileFormat("docx")
    public static let odt = FileFormat("odt")
    public static let xlsx = FileFormat("xlsx")
    public static let pptx = FileFormat("pptx")
    public static let ods = FileFormat("ods")
    public static let odp = FileFormat("odp")
    /// A legacy binary Office file (OLE2 compound document: .doc, .xls, .ppt).
    public static let oleOffice = FileFormat("ole-office")
    public static let rtf = FileFormat("rtf")
    // Text
    public static let text = FileFormat("text")
    public static let eml = FileFormat("eml")
    /// An electronic nota fiscal (NF-e or NFC-e) in the SEFAZ XML schema.
    public static let nfeXML = FileFormat("nfe-xml")
    public static let xml = FileFormat("xml")
    public static let json = FileFormat("json")
    public static let csv = FileFormat("csv")
    // Audio
    public static let mp3 = FileFormat("mp3")
    public static let oggOpus = FileFormat("ogg-opus")
    public static let oggVorbis = FileFormat("ogg-vorbis")
    /// An Ogg stream whose codec is neither Opus nor Vorbis (FLAC, Speex, Theora...).
    public static let oggOther = FileFormat("ogg-other")
    public static let m4a = FileFormat("m4a")
    public static let wav = FileFormat("wav")
    public static let amr = FileFormat("amr")
    public static let flac = FileFormat("flac")
    // Video
    public static let mp4 = FileFormat("mp4")
    public static let mov = FileFormat("mov")
    public static let threeGP = FileFormat("3gp")
    public static let webm = FileFormat("webm")
    public static let matroska = FileFormat("matroska")
    // Always refused
    public static let executable = FileFormat("executable")
    public static let script = FileFormat("script")
    public static let html = FileFormat("html")
    public static let svg = FileFormat("svg")
    public static let archive = FileFormat("archive")
    /// A macro-enabled Office file (docm, xlsm, pptm, or an ODF/OOXML file carrying macros).
    public static let officeMacro = FileFormat("office-macro")
    // No conclusion
    public static let empty = FileFormat("empty")
    public static let unknown = FileFormat("unknown")

    /// Every format the identifier can conclude, so a policy naming another one is caught as a typo.
    public static let known: Set<FileFormat> = [
        .jpeg, .png, .heic, .gif, .webp, .tiff, .bmp, .pdf, .docx, .odt, .xlsx, .pptx, .ods, .odp, .oleOffice, .rtf, .text, .eml, .nfeXML, .xml, .json, .csv, .mp3, .oggOpus, .oggVorbis, .oggOther, .m4a, .wav, .amr, .flac, .mp4, .mov, .threeGP, .webm, .matroska, .executable, .script, .html, .svg, .archive, .officeMacro, .empty, .unknown,
    ]
}
