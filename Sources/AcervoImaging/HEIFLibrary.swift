import CHeifLoader

/// libheif, opened the first time a HEIF image is decoded rather than when the process starts.
///
/// The opening is `CHeifLoader`'s (the one lazy-loading mechanism Acervo has for optional C libraries,
/// shared with libarchive's loader): its forwarders open the library once per process, and
/// `CHeifLoader_failure` says why when it cannot be opened.
enum HEIFLibrary {
    /// libheif's version string (e.g. `1.15.1`), or why it could not be opened (in Portuguese and English).
    static var availability: Result<String, HEIFLibraryUnavailable> {
        if let failure = CHeifLoader_failure() {
            return .failure(HEIFLibraryUnavailable(detail: String(cString: failure)))
        }
        return .success(CHeifLoader_heif_get_version().map { String(cString: $0) } ?? "unknown")
    }
}

/// Why libheif could not be opened: HEIF images then get a clear `unsupported` outcome, never a crash.
struct HEIFLibraryUnavailable: Error, Sendable, CustomStringConvertible {
    let detail: String

    var description: String { message }

    var message: String {
        "libheif não pôde ser carregada / libheif could not be loaded (\(detail)); install libheif1"
    }
}
