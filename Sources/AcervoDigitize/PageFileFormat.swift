/// The kind of a page file, told by its first bytes (never by its name).
public enum PageFileFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// TIFF, either byte order, classic or BigTIFF.
    case tiff
    /// PNG.
    case png
    /// JPEG (JFIF, EXIF or bare).
    case jpeg
    /// PDF: a scanner's image-only PDF.
    case pdf

    /// The format whose signature `bytes` start with, or `nil` when none does.
    public init?(signature bytes: some Collection<UInt8>) {
        let head = Array(bytes.prefix(8))
        func starts(_ magic: [UInt8]) -> Bool { head.starts(with: magic) }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A])
            || starts([0x49, 0x49, 0x2B, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2B]) {
            self = .tiff
        } else if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if starts([0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if starts(Array("%PDF-".utf8)) {
            self = .pdf
        } else {
            return nil
        }
    }
}
