import AcervoCore

/// What senders usually call each format: the file extensions and MIME types that agree with it.
/// Used only to record a disagreement between what was declared and what the content is.
enum DeclaredNames {
    static let extensions: [FileFormat: Set<String>] = [
        .jpeg: ["jpg", "jpeg", "jpe", "jfif", "pjpeg"],
        .png: ["png"],
        .heic: ["heic", "heif", "hif", "avif"],
        .gif: ["gif"], .webp: ["webp"], .tiff: ["tif", "tiff"], .bmp: ["bmp"],
        .pdf: ["pdf"],
        .docx: ["docx"], .odt: ["odt"], .xlsx: ["xlsx"], .pptx: ["pptx"], .ods: ["ods"], .odp: ["odp"],
        .oleOffice: ["doc", "xls", "ppt", "msg"], .rtf: ["rtf"],
        .text: ["txt", "text", "log", "md"],
        .eml: ["eml", "msg", "mht", "mhtml", "txt"],
        .nfeXML: ["xml"], .xml: ["xml"], .json: ["json"], .csv: ["csv", "txt"],
        .mp3: ["mp3"],
        .oggOpus: ["ogg", "opus", "oga"], .oggVorbis: ["ogg", "oga"], .oggOther: ["ogg", "oga", "ogv", "spx"],
        .m4a: ["m4a", "mp4", "aac", "m4b"],
        .wav: ["wav", "wave"], .amr: ["amr", "awb"], .flac: ["flac"],
        .mp4: ["mp4", "m4v"], .mov: ["mov", "qt"], .threeGP: ["3gp", "3g2", "3gpp"],
        .webm: ["webm"], .matroska: ["mkv", "mka"],
    ]

    static let mimeTypes: [FileFormat: Set<String>] = [
        .jpeg: ["image/jpeg", "image/jpg", "image/pjpeg"],
        .png: ["image/png", "image/x-png"],
        .heic: ["image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence", "image/avif"],
        .gif: ["image/gif"], .webp: ["image/webp"], .tiff: ["image/tiff"], .bmp: ["image/bmp", "image/x-ms-bmp"],
        .pdf: ["application/pdf", "application/x-pdf"],
        .docx: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
        .odt: ["application/vnd.oasis.opendocument.text"],
        .xlsx: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
        .pptx: ["application/vnd.openxmlformats-officedocument.presentationml.presentation"],
        .ods: ["application/vnd.oasis.opendocument.spreadsheet"],
        .odp: ["application/vnd.oasis.opendocument.presentation"],
        .oleOffice: ["application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
                     "application/vnd.ms-outlook", "application/x-ole-storage"],
        .rtf: ["application/rtf", "text/rtf"],
        .text: ["text/plain"],
        .eml: ["message/rfc822", "text/plain"],
        .nfeXML: ["application/xml", "text/xml"], .xml: ["application/xml", "text/xml"],
        .json: ["application/json", "text/plain"], .csv: ["text/csv", "text/plain"],
        .mp3: ["audio/mpeg", "audio/mp3", "audio/mpeg3"],
        .oggOpus: ["audio/ogg", "audio/opus", "application/ogg"],
        .oggVorbis: ["audio/ogg", "audio/vorbis", "application/ogg"],
        .oggOther: ["audio/ogg", "video/ogg", "application/ogg"],
        .m4a: ["audio/mp4", "audio/m4a", "audio/x-m4a", "audio/aac"],
        .wav: ["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"],
        .amr: ["audio/amr", "audio/amr-wb", "audio/3gpp"], .flac: ["audio/flac", "audio/x-flac"],
        .mp4: ["video/mp4"], .mov: ["video/quicktime"], .threeGP: ["video/3gpp", "video/3gpp2", "audio/3gpp"],
        .webm: ["video/webm", "audio/webm"], .matroska: ["video/x-matroska", "audio/x-matroska"],
    ]

    /// Declared types that claim nothing: browsers send them when they do not know.
    static let generic: Set<String> = ["", "application/octet-stream", "binary/octet-stream", "application/unknown"]

    /// The lowercase extension of a declared name, if it has one.
    static func fileExtension(of name: String) -> String? {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? name
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return nil }
        let ext = base[base.index(after: dot)...].lowercased()
        return ext.isEmpty ? nil : ext
    }

    /// The MIME type without parameters, lowercased: `Image/JPEG; q=1` → `image/jpeg`.
    static func essence(of mime: String) -> String {
        let head = mime.split(separator: ";", maxSplits: 1).first.map(String.init) ?? mime
        return head.trimmingSpaces().lowercased()
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
