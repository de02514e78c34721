/// Why the station set a file aside: a stable code, and what to do about it in Portuguese and English.
public struct StationReason: Sendable, Hashable, Codable {
    /// The stable code: `no-route`, `unknown-kind`, `truncated`, `not-a-scan`, `empty`, `pages-before-sheet`,
    /// `bad-sheet`.
    public var code: String
    /// What happened and what to do, in Portuguese.
    public var portuguese: String
    /// The same in English.
    public var english: String

    /// Makes a reason.
    public init(code: String, portuguese: String, english: String) {
        self.code = code
        self.portuguese = portuguese
        self.english = english
    }

    /// Every code the station writes: part of the contract.
    public static let codes = ["no-route", "unknown-kind", "truncated", "not-a-scan", "empty", "pages-before-sheet", "bad-sheet", "cannot-split", "refused"]

    /// The file's folders name no case: it is not in `inbox/<PROTOCOL>/<kind>/`.
    public static let noRoute = StationReason(
        code: "no-route",
        portuguese: """
            O arquivo não está na pasta de um processo. Coloque-o em inbox/<PROTOCOLO>/<tipo>/ \
            (por exemplo inbox/MS-2024-000123/contract/), opcionalmente com o perfil do Anexo I \
            (inbox/MS-2024-000123/contract/texto/), ou mova-o aqui na quarentena para quarantine/<PROTOCOLO>/<tipo>/, \
            e rode `acervo station retry`. Também: `acervo station retry --case PROTOCOLO --kind TIPO ARQUIVO`, ou \
            digitalize de novo com uma folha de rosto (`acervo station sheet`) antes de cada documento.
            """,
        english: """
            The file is not in a case's folder. Put it in inbox/<PROTOCOL>/<kind>/ (e.g. \
            inbox/MS-2024-000123/contract/), optionally with the Anexo I profile \
            (inbox/MS-2024-000123/contract/texto/), or move it here in the quarantine to quarantine/<PROTOCOL>/<kind>/, \
            and run `acervo station retry`. Or: `acervo station retry --case PROTOCOL --kind KIND FILE`, or scan it \
            again with a cover sheet (`acervo station sheet`) before each document.
            """)

    /// The second folder is not a document kind.
    public static func unknownKind(_ name: String) -> StationReason {
        let kinds = "identity, proof-of-address, receipt, contract, photo, screenshot, audio, video, correspondence, other"
        return StationReason(
            code: "unknown-kind",
            portuguese: """
                A pasta '\(name)' não é um tipo de documento. Use inbox/<PROTOCOLO>/<tipo>/ com um destes tipos: \(kinds); \
                depois rode `acervo station retry` (ou `acervo station retry --case PROTOCOLO --kind TIPO ARQUIVO`).
                """,
            english: """
                The folder '\(name)' is not a document kind. Use inbox/<PROTOCOL>/<kind>/ with one of: \(kinds); \
                then run `acervo station retry` (or `acervo station retry --case PROTOCOL --kind KIND FILE`).
                """)
    }

    /// The file stopped changing but never parsed to its end.
    public static func truncated(_ detail: String, seconds: Double) -> StationReason {
        StationReason(
            code: "truncated",
            portuguese: """
                O arquivo parou de mudar mas continua incompleto após \(Int(seconds)) s (\(detail)): \
                o scanner pode ter falhado no meio. Digitalize de novo; se o arquivo estiver inteiro, rode `acervo station retry`.
                """,
            english: """
                The file stopped changing but was still incomplete after \(Int(seconds)) s (\(detail)): the scanner may \
                have failed midway. Scan it again; if the file is whole, run `acervo station retry`.
                """)
    }

    /// A stack with cover sheets whose pages could not be taken apart into documents (a page the copy cannot
    /// read, or an old-style JPEG TIFF).
    public static func cannotSplit(_ detail: String) -> StationReason {
        StationReason(
            code: "cannot-split",
            portuguese: """
                A pilha tem folhas de rosto, mas suas páginas não puderam ser separadas em documentos (\(detail)). \
                Digitalize de novo (TIFF ou PDF, um arquivo por documento se preferir) e rode `acervo station retry`.
                """,
            english: """
                The stack has cover sheets, but its pages could not be taken apart into documents (\(detail)). Scan it \
                again (TIFF or PDF, one file per document if you like) and run `acervo station retry`.
                """)
    }

    /// Not a scan: an executable, an archive, a spreadsheet…
    public static func notAScan(_ detail: String) -> StationReason {
        StationReason(
            code: "not-a-scan",
            portuguese: "O arquivo não é uma digitalização que a estação recebe (TIFF, PDF, PNG ou JPEG). Envie-o por `acervo intake` se for uma evidência.",
            english: "The file is not a scan the station takes (TIFF, PDF, PNG or JPEG): \(detail). Send it with `acervo intake` if it is evidence.")
    }

    /// An empty file that stayed empty.
    /// The store refused the document the file belongs to: the Anexo I quality gate (a page below the
    /// profile's resolution, a colour mode poorer than the profile's, a page that cannot be read) or the
    /// policy. `codes` are the store's reason codes; the pages are in the store's quarantine too.
    public static func refused(_ codes: [String], caseNumber: String) -> StationReason {
        let listed = codes.isEmpty ? "" : " (\(codes.joined(separator: ", ")))"
        return StationReason(
            code: "refused",
            portuguese: """
                O acervo recusou o documento\(listed); suas páginas estão também na quarentena do acervo, com os motivos \
                (`acervo case show \(caseNumber)`). Digitalize de novo como o perfil do Anexo I pede (300 dpi ou mais; \
                a cor do perfil), ou indique o perfil certo na pasta (inbox/<PROTOCOLO>/<tipo>/<perfil>/), e rode \
                `acervo station retry`.
                """,
            english: """
                The store refused the document\(listed); its pages are also in the store's quarantine, with the reasons \
                (`acervo case show \(caseNumber)`). Scan it again as the Anexo I profile asks (300 dpi or more; the \
                profile's colour), or name the right profile in the folder (inbox/<PROTOCOL>/<kind>/<profile>/), and run \
                `acervo station retry`.
                """)
    }

    public static let empty = StationReason(
        code: "empty",
        portuguese: "O arquivo está vazio (0 bytes). Digitalize de novo.",
        english: "The file is empty (0 bytes). Scan it again.")

    /// A stack with cover sheets whose first pages come before the first sheet, in no case's folder.
    public static func pagesBeforeSheet(_ count: Int) -> StationReason {
        StationReason(
            code: "pages-before-sheet",
            portuguese: """
                \(count == 1 ? "A primeira página vem" : "As primeiras \(count) páginas vêm") antes da primeira folha de rosto, \
                e a pasta não indica o processo. Digitalize de novo com uma folha de rosto (`acervo station sheet`) na frente, \
                ou mova o arquivo para quarantine/<PROTOCOLO>/<tipo>/ (essas páginas vão para esse processo, as demais seguem \
                as folhas) e rode `acervo station retry`.
                """,
            english: """
                \(count == 1 ? "The first page comes" : "The first \(count) pages come") before the first cover sheet, and the \
                folder names no case. Scan again with a cover sheet (`acervo station sheet`) in front, or move the file to \
                quarantine/<PROTOCOL>/<kind>/ (those pages go to that case, the others follow their sheets) and run \
                `acervo station retry`.
                """)
    }

    /// A page whose QR code is a cover sheet's, but one that cannot be read.
    public static func badSheet(_ faults: [(page: Int, fault: CoverSheetFault)]) -> StationReason {
        StationReason(
            code: "bad-sheet",
            portuguese: faults.map { "Página \($0.page): folha de rosto ilegível (\($0.fault.portuguese))." }.joined(separator: " ")
                + " Imprima a folha de novo com `acervo station sheet`, digitalize de novo e rode `acervo station retry`.",
            english: faults.map { "Page \($0.page): unreadable cover sheet (\($0.fault.english))." }.joined(separator: " ")
                + " Print the sheet again with `acervo station sheet`, scan again and run `acervo station retry`.")
    }
}
