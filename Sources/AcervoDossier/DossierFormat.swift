/// How a dossier's bag is serialized.
public enum DossierFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// POSIX pax tar: UTF-8 names in pax headers, read by every tar since 2001. The default.
    case tar
    /// ZIP with the UTF-8 name flag; JSON and text deflated, everything else stored.
    ///
    /// libarchive writes each entry's DOS time in the process's local time zone, so zip dossiers
    /// are the same byte for byte only between processes in the same zone (`acervo` builds them in
    /// UTC); tar and tar.zst dossiers are the same everywhere.
    case zip
    /// pax tar compressed with Zstandard.
    case tarZstd = "tar.zst"

    /// The file name extension, without the dot.
    public var fileExtension: String { rawValue }

    /// The format a file name suggests (`.tar`, `.zip`, `.tar.zst`/`.tzst`), if any.
    public init?(fileName: String) {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".tar.zst") || lower.hasSuffix(".tzst") {
            self = .tarZstd
        } else if lower.hasSuffix(".zip") {
            self = .zip
        } else if lower.hasSuffix(".tar") {
            self = .tar
        } else {
            return nil
        }
    }
}
