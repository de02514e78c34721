import AcervoCore

/// Formats concluded from libmagic's MIME type alone: those Acervo has no structural check for, and
/// the families it always refuses.
enum MagicFamilies {
    static let executables: Set<String> = [
        "application/x-executable", "application/x-pie-executable", "application/x-sharedlib",
        "application/x-mach-binary", "application/x-dosexec", "application/vnd.microsoft.portable-executable",
        "application/x-msdownload", "application/x-java-applet", "application/java-archive",
        "application/x-object", "application/x-elf", "application/x-coff", "application/x-msi",
        "application/vnd.android.package-archive", "application/x-bytecode.python", "application/x-dex",
        "application/x-ms-shortcut", "application/x-coredump",
    ]
    static let archives: Set<String> = [
        "application/zip", "application/x-zip-compressed", "application/x-rar", "application/vnd.rar",
        "application/x-rar-compressed", "application/x-7z-compressed", "application/gzip", "application/x-gzip",
        "application/x-bzip2", "application/x-xz", "application/zstd", "application/x-zstd", "application/x-tar",
        "application/x-gtar", "application/x-ustar", "application/vnd.ms-cab-compressed", "application/x-iso9660-image",
        "application/x-lzip", "application/x-lzma", "application/x-compress", "application/x-cpio",
        "application/x-archive", "application/x-debian-package", "application/x-rpm", "application/x-lha",
        "application/x-arj", "application/x-xar", "application/x-apple-diskimage", "application/epub+zip",
    ]
    private static let singles: [String: FileFormat] = [
        "image/gif": .gif, "image/webp": .webp, "image/tiff": .tiff, "image/bmp": .bmp, "image/x-ms-bmp": .bmp,
        "audio/flac": .flac, "audio/x-flac": .flac, "text/rtf": .rtf, "application/rtf": .rtf,
        "application/json": .json, "text/csv": .csv,
    ]

    /// The format libmagic's MIME names, if it is one of these families.
    static func format(for mime: String) -> FileFormat? {
        if executables.contains(mime) { return .executable }
        if archives.contains(mime) { return .archive }
        return singles[mime]
    }
}
