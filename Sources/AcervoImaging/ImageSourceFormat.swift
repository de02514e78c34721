public import Foundation

/// An image format the normalizer decodes, known from the file's first bytes (never its name).
public enum ImageSourceFormat: String, Sendable, Hashable {
    /// JPEG (JFIF, EXIF, Adobe), baseline or progressive.
    case jpeg
    /// PNG, any colour type and depth, interlaced or not.
    case png
    /// HEIF/HEIC still images (iPhones and many Android phones), decoded with libheif.
    case heif

    /// The extension of the display image made from this format: PNG sources stay PNG so text stays crisp.
    public var displayExtension: String {
        switch self {
        case .jpeg, .heif: "jpg"
        case .png: "png"
        }
    }

    /// The format of the file at `url` from its signature, or nil when it is neither JPEG nor PNG
    /// (or cannot be read).
    public static func of(fileAt url: URL) -> ImageSourceFormat? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 12) else { return nil }
        return of(signature: Array(head))
    }

    static let heifBrands: Set<String> = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]

    /// The format that starts with these bytes, if any.
    public static func of(signature bytes: [UInt8]) -> ImageSourceFormat? {
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF { return .jpeg }
        if bytes.count >= 8, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        // ISO-BMFF: a `ftyp` box whose major brand is one of HEIF's still-image brands.
        if bytes.count >= 12, bytes[4..<8].elementsEqual(Array("ftyp".utf8)),
           heifBrands.contains(String(decoding: bytes[8..<12], as: UTF8.self)) {
            return .heif
        }
        return nil
    }
}
