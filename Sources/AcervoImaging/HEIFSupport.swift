/// Whether this machine can decode HEIF/HEIC photos, for `acervo versions` and health checks.
///
/// Asking opens libheif (once per process), which Acervo otherwise does only when it first meets a HEIF.
public enum HEIFSupport {
    /// libheif's version (e.g. `1.15.1`), or why it could not be loaded, in Portuguese and English.
    public static var status: Result<String, any Error> {
        HEIFLibrary.availability.mapError { $0 }
    }
}
