public import AcervoCore
public import Foundation

/// Where Tesseract's language models (`por.traineddata`, `eng.traineddata`, …) are.
///
/// `TESSDATA_PREFIX` names it when set, as Tesseract 5 reads that variable (the folder holding the
/// `.traineddata` files); otherwise it is where Debian's `tesseract-ocr-*` packages put them.
public struct TessdataDirectory: Sendable, Hashable {
    /// The folder holding the `.traineddata` files.
    public var url: URL

    /// Names a folder of language models.
    public init(url: URL) {
        self.url = url
    }

    /// Where Debian 12's packages install the models.
    public static let debian = TessdataDirectory(url: URL(fileURLWithPath: "/usr/share/tesseract-ocr/5/tessdata", isDirectory: true))

    /// `TESSDATA_PREFIX` from `environment` when it is set and not empty, otherwise ``debian``.
    public static func located(environment: [String: String] = ProcessInfo.processInfo.environment) -> TessdataDirectory {
        if let prefix = environment["TESSDATA_PREFIX"], !prefix.isEmpty {
            return TessdataDirectory(url: URL(fileURLWithPath: prefix, isDirectory: true))
        }
        return .debian
    }

    /// The model file of one language.
    public func model(_ language: String) -> URL {
        url.appending(path: "\(language).traineddata")
    }

    /// Checks that every language has its model here, before any page is read; the error names the first
    /// one missing and the Debian package that provides it.
    public func check(_ languages: OCRLanguages) throws(AcervoError) {
        for language in languages.names {
            let path = model(language).path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                let package = "tesseract-ocr-" + language.lowercased().replacingOccurrences(of: "_", with: "-")
                throw AcervoError(.library,
                                  english: "the OCR language pack '\(language)' is missing: no \(language).traineddata in \(url.path) (install \(package), or point TESSDATA_PREFIX at a folder that has it)",
                                  portuguese: "falta o pacote de idioma do OCR '\(language)': não há \(language).traineddata em \(url.path) (instale \(package), ou aponte TESSDATA_PREFIX para uma pasta que o tenha)",
                                  path: path)
            }
        }
    }
}
