public import Foundation

/// One file of a document as the scanner wrote it, checked whole and hashed.
public struct PageFile: Sendable, Hashable, Codable {
    /// The station's copy of the file, read by the filer (the original stays in the inbox until filed).
    public var url: URL
    /// The original's path relative to the inbox.
    public var inboxPath: String
    /// The original's name.
    public var name: String { (inboxPath as NSString).lastPathComponent }
    /// The name the store records for it: the original's, with a part's pages before the extension
    /// (`lote.tif#p2-3` is recorded as `lote-p2-3.tif`), so the extension stays the file's.
    public var recordedName: String {
        guard let mark = name.lastIndex(of: "#") else { return name }
        let original = String(name[..<mark])
        let pages = name[name.index(after: mark)...]
        let ext = (original as NSString).pathExtension
        let stem = (original as NSString).deletingPathExtension
        return ext.isEmpty ? "\(stem)-\(pages)" : "\(stem)-\(pages).\(ext)"
    }
    /// SHA-256 of the bytes, lowercase hex.
    public var sha256: String
    /// Size in bytes.
    public var byteCount: Int64
    /// The format, told by content.
    public var format: ScanFormat
    /// How many pages the file holds (a multi-page TIFF or PDF holds several).
    public var pageCount: Int

    /// Makes a page file.
    public init(url: URL, inboxPath: String, sha256: String, byteCount: Int64, format: ScanFormat, pageCount: Int) {
        self.url = url
        self.inboxPath = inboxPath
        self.sha256 = sha256
        self.byteCount = byteCount
        self.format = format
        self.pageCount = pageCount
    }
}
