import Foundation

/// The formats a station takes, told by their first bytes (never by their names).
public enum ScanFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// TIFF, single or multi-page (`II*\0` or `MM\0*`; BigTIFF too).
    case tiff
    /// PDF (`%PDF-` within the first kilobyte).
    case pdf
    /// PNG (its eight-byte signature).
    case png
    /// JPEG (`FF D8 FF`).
    case jpeg

    /// The format whose signature `head` (a file's first bytes, up to 1 KB) starts with, or `nil`.
    static func of(head: [UInt8]) -> ScanFormat? {
        if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A])
            || head.starts(with: [0x49, 0x49, 0x2B, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2B]) { return .tiff }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        let pdf: [UInt8] = Array("%PDF-".utf8)
        if head.count >= pdf.count {
            for start in 0...(head.count - pdf.count) where head[start] == 0x25 && Array(head[start..<start + pdf.count]) == pdf {
                return .pdf
            }
        }
        return nil
    }
}
