public import AcervoCore
import Foundation

/// The languages the OCR engine reads a document in, or none at all: the value of `acervo digitize --ocr`.
///
/// Written as Tesseract names them, joined by `+` (`por+eng`, the default); `none` writes the document with
/// no text layer.
public enum OCRLanguages: Sendable, Hashable, CustomStringConvertible {
    /// No OCR: the document gets no text layer.
    case none
    /// Tesseract's language models, by name (`por`, `eng`, `chi_sim`), in the order given: the first is
    /// the main one.
    case languages([String])

    /// Portuguese, then English: what Brazilian Procons receive.
    public static let standard = OCRLanguages.languages(["por", "eng"])

    /// Reads `--ocr`'s value: `none`, or language names joined by `+`.
    ///
    /// A name is letters, digits and underscores (as Tesseract's model files are named); an empty name, a
    /// path, or the same language twice is an invalid argument.
    public init(parsing text: String) throws(AcervoError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "none" {
            self = .none
            return
        }
        let names = trimmed.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        for name in names {
            let valid = !name.isEmpty && name.count <= 32 && name.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
            }
            guard valid else {
                throw AcervoError(.invalidArgument,
                                  english: "not an OCR language list: '\(text)' (write Tesseract's names joined by '+', such as por+eng, or none)",
                                  portuguese: "lista de idiomas do OCR inválida: '\(text)' (escreva os nomes do Tesseract unidos por '+', como por+eng, ou none)")
            }
        }
        if Set(names).count != names.count {
            throw AcervoError(.invalidArgument,
                              english: "an OCR language is named twice: '\(text)'",
                              portuguese: "um idioma do OCR aparece duas vezes: '\(text)'")
        }
        self = .languages(names)
    }

    /// The language names, empty for ``none``.
    public var names: [String] {
        switch self {
        case .none: []
        case .languages(let names): names
        }
    }

    /// `none`, or the names joined by `+`: the form ``init(parsing:)`` reads and Tesseract takes.
    public var description: String {
        switch self {
        case .none: "none"
        case .languages(let names): names.joined(separator: "+")
        }
    }
}
