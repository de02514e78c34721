import AcervoCore
import CQPDF

/// The versions of the C libraries digitization uses, for bug reports (`acervo versions`).
public enum DigitizationLibraryVersions {
    /// Library name and version, in a stable order: `tesseract` (opened on first use, so asking opens it;
    /// `unavailable: …` with the reason in both languages when it cannot be) and `qpdf`.
    public static var all: [(library: String, version: String)] {
        let tesseract: String
        switch TesseractLibrary.version {
        case .success(let version): tesseract = version
        case .failure(let error): tesseract = "unavailable: \(error.message)"
        }
        return [
            ("tesseract", tesseract),
            ("qpdf", String(cString: qpdf_get_qpdf_version())),
        ]
    }
}
