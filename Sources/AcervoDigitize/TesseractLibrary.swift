import AcervoCore
import CTesseractLoader

/// Tesseract and Leptonica, opened the first time a page is read (through `CTesseractLoader`), so that a
/// process that reads no page never loads them nor what they bring (libarchive, libcurl, libgomp).
enum TesseractLibrary {
    /// Opens the libraries if that was not yet tried; throws why they could not be opened.
    static func check() throws(AcervoError) {
        if let failure = CTesseractLoader_failure() { throw unavailable(String(cString: failure)) }
    }

    /// Tesseract's version (`5.3.0`), opening the library; or why it could not be opened.
    static var version: Result<String, AcervoError> {
        Result { () throws(AcervoError) in
            try check()
            return CTesseractLoader_TessVersion().map { String(cString: $0) } ?? "unknown"
        }
    }

    /// The error for a library that could not be opened, `detail` being the loader's (English) reason.
    static func unavailable(_ detail: String) -> AcervoError {
        AcervoError(.library,
                    english: "the OCR engine (Tesseract) cannot be loaded: \(detail); install libtesseract5",
                    portuguese: "o motor de OCR (Tesseract) não pôde ser carregado: \(detail); instale libtesseract5")
    }
}
