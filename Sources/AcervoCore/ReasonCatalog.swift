/// The Portuguese and English messages for every reason code.
///
/// Messages are written for the person who reads them: the consumer reads Portuguese, the back office
/// either. The detail, when present, is appended in parentheses.
public enum ReasonCatalog {
    /// A language Acervo writes messages in.
    public enum Language: Sendable { case portuguese, english }

    /// The message for a code, with its detail.
    public static func message(for code: ReasonCode, detail: String, language: Language) -> String {
        let (pt, en) = texts(code)
        let base = language == .portuguese ? pt : en
        return detail.isEmpty ? base : "\(base) (\(detail))"
    }

    static func texts(_ code: ReasonCode) -> (String, String) {
        switch code {
        case .empty:
            ("O arquivo está vazio.", "The file is empty.")
        case .tooLarge:
            ("O arquivo é maior do que o permitido para este tipo de documento.",
             "The file is larger than this document kind allows.")
        case .typeNotAllowed:
            ("Este formato de arquivo não é aceito para este tipo de documento.",
             "This file format is not accepted for this document kind.")
        case .forbiddenType:
            ("Este tipo de arquivo nunca é aceito (programas, scripts, páginas HTML, SVG, arquivos compactados).",
             "This type of file is never accepted (executables, scripts, HTML pages, SVG, archives).")
        case .macros:
            ("O documento contém macros e não pode ser aceito. Envie-o como PDF ou sem macros.",
             "The document contains macros and cannot be accepted. Send it as PDF or without macros.")
        case .unknownType:
            ("Não foi possível identificar o formato do arquivo.",
             "The file's format could not be identified.")
        case .corrupt:
            ("O arquivo está corrompido ou ilegível.", "The file is corrupt or unreadable.")
        case .truncated:
            ("O arquivo está incompleto: termina antes do fim do formato.",
             "The file is incomplete: it ends before its format does.")
        case .appendedData:
            ("O arquivo contém dados estranhos ao seu formato e será analisado por uma pessoa.",
             "The file carries data foreign to its format and will be reviewed by a person.")
        case .activeContent:
            ("O documento contém conteúdo ativo (scripts, ações ou arquivos embutidos) e será analisado por uma pessoa.",
             "The document has active content (scripts, actions or embedded files) and will be reviewed by a person.")
        case .encrypted:
            ("O documento está criptografado ou protegido por senha e será analisado por uma pessoa.",
             "The document is encrypted or password protected and will be reviewed by a person.")
        case .unreadable:
            ("Não foi possível ler o arquivo.", "The file could not be read.")
        case .needsReview:
            ("Este formato é aceito para este tipo de documento após análise de uma pessoa.",
             "This format is accepted for this document kind after a person reviews it.")
        case .extensionMismatch:
            ("A extensão do nome do arquivo não corresponde ao seu conteúdo; vale o conteúdo.",
             "The file name's extension does not match its content; the content prevails.")
        case .mimeMismatch:
            ("O tipo informado no envio não corresponde ao conteúdo; vale o conteúdo.",
             "The declared MIME type does not match the content; the content prevails.")
        case .nameSanitized:
            ("O nome do arquivo foi ajustado para ser armazenado com segurança.",
             "The file name was adjusted to be stored safely.")
        case .duplicate:
            ("Este mesmo arquivo já consta do processo para este tipo de documento; não foi guardada uma segunda cópia.",
             "The same file is already on the case for this document kind; no second copy was kept.")
        case .excessiveExpansion:
            ("O documento se expande muito além do tamanho de um documento real ao ser descompactado e não pode ser aceito.",
             "The document expands far beyond any real document's size when decompressed and cannot be accepted.")
        case .resolutionTooLow:
            ("A resolução da página é menor do que a exigida pelo Anexo I do Decreto 10.278/2020 para este perfil.",
             "The page's resolution is lower than Decreto 10.278/2020, Anexo I, requires for this profile.")
        case .resolutionMissing:
            ("A página não informa sua resolução; informe-a (--dpi) ou digitalize novamente.",
             "The page does not declare its resolution; state it (--dpi) or scan it again.")
        case .colourTooPoor:
            ("O modo de cor da página é mais pobre do que o exigido para este perfil.",
             "The page's colour mode is poorer than this profile requires.")
        case .lossySource:
            ("A página foi capturada com uma compressão que pode perder detalhes; foi mantida como capturada.",
             "The page was captured with a compression that can lose detail; it was kept as captured.")
        case .blankPage:
            ("A página parece estar em branco; foi mantida.", "The page looks blank; it was kept.")
        case .pageTooLarge:
            ("A página excede o tamanho máximo em pixels de uma digitalização.",
             "The page exceeds the largest size in pixels a scan may have.")
        case .unreadablePage:
            ("Não foi possível ler a página: o arquivo está corrompido, incompleto ou não é uma digitalização.",
             "The page could not be read: the file is corrupt, incomplete or not a scan.")
        case .unsupportedPage:
            ("A página está numa forma que não é aceita (cor, amostras, compressão, ou não é só a imagem digitalizada).",
             "The page is in a form that is not accepted (colour, samples, compression, or more than the scanned image).")
        case .metadataIncomplete:
            ("Faltam metadados do Anexo II; o documento foi arquivado com os que tem e aguarda complemento.",
             "Anexo II metadata is missing; the document was filed with what it has and awaits completion.")
        default:
            ("Motivo \(code.rawValue).", "Reason \(code.rawValue).")
        }
    }
}
