public import AcervoCore

/// A cover sheet: the page an operator puts in front of a document's pages so that the station files
/// them in the right case, as the right kind, with the Anexo I profile and the título it names.
///
/// `acervo station sheet` prints it (see ``CoverSheetPDF``); its QR code carries ``payload``, and the
/// same facts are printed in large text for the people who handle the paper. See <doc:CoverSheets> for the
/// payload's grammar.
public struct CoverSheet: Sendable, Hashable, Codable {
    /// The complaint's protocol number.
    public var caseNumber: CaseNumber
    /// The document kind.
    public var kind: DocumentKind
    /// The Anexo I profile, or `nil` for the station's `default_profile`.
    public var profile: DigitizationProfile?
    /// The document's título (Anexo II), when the sheet gives one.
    public var title: String?

    /// The most characters a título may have: the QR code must stay large enough to survive a scan.
    public static let mostTitleCharacters = 120
    /// The most bytes a título may take in the payload, percent-encoded (an accented letter takes six).
    public static let mostEncodedTitleBytes = 250

    /// Makes a sheet after checking its título (see ``checkTitle(_:)``).
    public init(caseNumber: CaseNumber, kind: DocumentKind, profile: DigitizationProfile? = nil,
                title: String? = nil) throws(AcervoError) {
        if let title { try Self.checkTitle(title) }
        self.caseNumber = caseNumber
        self.kind = kind
        self.profile = profile
        self.title = title
    }

    /// Where the sheet's pages go.
    public var route: Route { Route(caseNumber: caseNumber, kind: kind, profile: profile) }

    /// Throws when `title` cannot be a sheet's título: empty, longer than ``mostTitleCharacters``, or
    /// holding control characters (a line break among them), or taking more than ``mostEncodedTitleBytes``
    /// in the payload.
    public static func checkTitle(_ title: String) throws(AcervoError) {
        if let problem = titleProblem(title) {
            throw AcervoError(.invalidArgument, english: problem.english, portuguese: problem.portuguese)
        }
    }

    static func titleProblem(_ title: String) -> (english: String, portuguese: String)? {
        if title.allSatisfy(\.isWhitespace) {
            return ("the title is empty", "o título está vazio")
        }
        if title.count > mostTitleCharacters {
            return ("the title has \(title.count) characters; a cover sheet's may have at most \(mostTitleCharacters)",
                    "o título tem \(title.count) caracteres; o de uma folha de rosto pode ter no máximo \(mostTitleCharacters)")
        }
        if title.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return ("the title holds a control character (a line break, a tab)",
                    "o título contém um caractere de controle (quebra de linha, tabulação)")
        }
        let encoded = CoverSheetPayload.percentEncoded(title).utf8.count
        if encoded > mostEncodedTitleBytes {
            return ("the title takes \(encoded) bytes in the QR code, more than \(mostEncodedTitleBytes): shorten it (accented letters take six)",
                    "o título ocupa \(encoded) bytes no QR code, mais que \(mostEncodedTitleBytes): encurte-o (letras acentuadas ocupam seis)")
        }
        return nil
    }
}
