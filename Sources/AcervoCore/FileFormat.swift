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

    /// The stable name, as stored and printed.
    public var description: String { rawValue }
    /// Orders by the stable name.
    public static func < (a: FileFormat, b: FileFormat) -> Bool { a.rawValue < b.rawValue }

    /// Reads the value from its stable name, a JSON string.
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    /// Writes the value as its stable name, a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    // Images
    /// A JPEG image (JFIF or Exif).
    public static let jpeg = FileFormat("jpeg")
    /// A PNG image.
    public static let png = FileFormat("png")
    /// A HEIF image (HEIC, as iPhones take photos).
    public static let heic = FileFormat("heic")
    /// A GIF image.
    public static let gif = FileFormat("gif")
    /// A WebP image.
    public static let webp = FileFormat("webp")
    /// A TIFF image.
    public static let tiff = FileFormat("tiff")
    /// A Windows bitmap.
    public static let bmp = FileFormat("bmp")
    // Documents
    /// A PDF document.
    public static let pdf = FileFormat("pdf")
    /// A Word document (OOXML).
    public static let docx = FileFormat("docx")
    /// An OpenDocument text.
    public static let odt = FileFormat("odt")
    /// An Excel workbook (OOXML).
    public static let xlsx = FileFormat("xlsx")
    /// A PowerPoint presentation (OOXML).
    public static let pptx = FileFormat("pptx")
    /// An OpenDocument spreadsheet.
    public static let ods = FileFormat("ods")
    /// An OpenDocument presentation.
    public static let odp = FileFormat("odp")
    /// A legacy binary Office file (OLE2 compound document: .doc, .xls, .ppt).
    public static let oleOffice = FileFormat("ole-office")
    /// A Rich Text Format document.
    public static let rtf = FileFormat("rtf")
    // Text
    /// Plain text (UTF-8 or a legacy encoding).
    public static let text = FileFormat("text")
    /// An e-mail message (RFC 5322).
    public static let eml = FileFormat("eml")
    /// An electronic nota fiscal (NF-e or NFC-e) in the SEFAZ XML schema.
    public static let nfeXML = FileFormat("nfe-xml")
    /// XML other than a nota fiscal.
    public static let xml = FileFormat("xml")
    /// A JSON document.
    public static let json = FileFormat("json")
    /// Comma- or semicolon-separated values.
    public static let csv = FileFormat("csv")
    // Audio
    /// MPEG audio layer III.
    public static let mp3 = FileFormat("mp3")
    /// Opus audio in Ogg (WhatsApp voice notes).
    public static let oggOpus = FileFormat("ogg-opus")
    /// Vorbis audio in Ogg.
    public static let oggVorbis = FileFormat("ogg-vorbis")
    /// An Ogg stream whose codec is neither Opus nor Vorbis (FLAC, Speex, Theora...).
    public static let oggOther = FileFormat("ogg-other")
    /// AAC audio in an MP4 container.
    public static let m4a = FileFormat("m4a")
    /// WAVE audio.
    public static let wav = FileFormat("wav")
    /// AMR speech audio (older phones' voice recordings).
    public static let amr = FileFormat("amr")
    /// FLAC audio.
    public static let flac = FileFormat("flac")
    // Video
    /// An MP4 video.
    public static let mp4 = FileFormat("mp4")
    /// A QuickTime video.
    public static let mov = FileFormat("mov")
    /// A 3GPP video (older phones).
    public static let threeGP = FileFormat("3gp")
    /// A WebM video.
    public static let webm = FileFormat("webm")
    /// A Matroska video.
    public static let matroska = FileFormat("matroska")
    // Always refused
    /// An executable program: always refused.
    public static let executable = FileFormat("executable")
    /// A script a system would run: always refused.
    public static let script = FileFormat("script")
    /// An HTML page: always refused.
    public static let html = FileFormat("html")
    /// An SVG image, which can carry scripts: always refused.
    public static let svg = FileFormat("svg")
    /// An archive of other files: always refused.
    public static let archive = FileFormat("archive")
    /// A macro-enabled Office file (docm, xlsm, pptm, or an ODF/OOXML file carrying macros).
    public static let officeMacro = FileFormat("office-macro")
    // No conclusion
    /// No bytes at all.
    public static let empty = FileFormat("empty")
    /// Content the identifier could not name.
    public static let unknown = FileFormat("unknown")

    /// Every format the identifier can conclude, so a policy naming another one is caught as a typo.
    public static let known: Set<FileFormat> = [
        .jpeg, .png, .heic, .gif, .webp, .tiff, .bmp, .pdf, .docx, .odt, .xlsx, .pptx, .ods, .odp, .oleOffice, .rtf, .text, .eml, .nfeXML, .xml, .json, .csv, .mp3, .oggOpus, .oggVorbis, .oggOther, .m4a, .wav, .amr, .flac, .mp4, .mov, .threeGP, .webm, .matroska, .executable, .script, .html, .svg, .archive, .officeMacro, .empty, .unknown,
    ]
}
