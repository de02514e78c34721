import AcervoImaging
import CArchiveLoader
import CJPEG
import CMagic
import CPNG

/// The versions of the C libraries Acervo uses, as they report themselves at run time.
public enum LibraryVersions {
    /// Library name and version, in a stable order.
    public static var all: [(library: String, version: String)] {
        let magic = Int(magic_version())
        let png = png_access_version_number()
        // libheif is opened on first use; asking for its version opens it.
        let heif: String
        switch HEIFSupport.status {
        case .success(let version): heif = version
        case .failure(let error): heif = "unavailable: \(error)"
        }
        // libarchive is opened on first use too; it names itself ("libarchive 3.6.2").
        let archive: String
        if let failure = CArchiveLoader_failure() {
            archive = "unavailable: \(String(cString: failure))"
        } else {
            let named = String(cString: CArchiveLoader_archive_version_string())
            archive = named.hasPrefix("libarchive ") ? String(named.dropFirst("libarchive ".count)) : named
        }
        return [
            ("libmagic", "\(magic / 100).\(magic % 100)"),
            ("libjpeg", "API \(JPEG_LIB_VERSION); progressive refinement scans by "
                + (ProgressiveJPEG.refinementByAcervo ? "Acervo's routine" : "libjpeg's routine")),
            ("libpng", "\(png / 10000).\(png / 100 % 100).\(png % 100)"),
            ("libarchive", archive),
            ("libheif", heif),
        ]
    }
}
