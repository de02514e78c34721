import AcervoCore
import AcervoStation
import ArgumentParser
import Foundation

extension StationCommand {
    /// `acervo station sheet`: prints a cover sheet that routes the pages behind it.
    struct Sheet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sheet",
            abstract: "Write an A4 cover sheet (PDF) whose QR code routes the pages behind it to a case.",
            discussion: """
            Print it and put it in front of the document's pages: in a multi-page scan, each sheet starts a \
            document of its case and kind, up to the next sheet. The sheet's own page is not part of the \
            document; its image is kept in custody.
            """)

        @Option(name: .customLong("case"), help: "The complaint's protocol number, e.g. MS-2024-000123.")
        var caseNumber: String
        @Option(help: "The document kind: \(DocumentKind.allNames).")
        var kind: String
        @Option(help: "The Anexo I profile: \(DigitizationProfile.allCases.map(\.rawValue).joined(separator: ", ")) (default: the station's default_profile).")
        var profile: String?
        @Option(help: "The document's título (Anexo II), at most \(CoverSheet.mostTitleCharacters) characters.")
        var title: String?
        @Option(help: "Where to write the PDF.", completion: .file(extensions: ["pdf"]))
        var output: String

        func validate() throws {
            _ = try sheet()
            let url = URL(fileURLWithPath: output)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw ValidationError("--output '\(output)' is a directory / --output '\(output)' é uma pasta")
            }
            let parent = url.deletingLastPathComponent()
            guard FileManager.default.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("no such directory: '\(parent.path)' / pasta inexistente: '\(parent.path)'")
            }
        }

        /// The sheet the options name, checked as intake checks its case and kind.
        func sheet() throws -> CoverSheet {
            guard let number = CaseNumber(rawValue: caseNumber) else {
                throw ValidationError("""
                    número de protocolo inválido '\(caseNumber)': use letras, dígitos e '-', '.' ou '_' isolados (ex. MS-2024-000123) / \
                    invalid protocol number '\(caseNumber)': use letters, digits and single '-', '.' or '_' (e.g. MS-2024-000123)
                    """)
            }
            guard let documentKind = DocumentKind(argument: kind) else {
                throw ValidationError("tipo de documento desconhecido '\(kind)' / unknown document kind '\(kind)'; tipos/kinds: \(DocumentKind.allNames)")
            }
            var named: DigitizationProfile?
            if let profile {
                guard let known = DigitizationProfile(rawValue: profile) else {
                    throw ValidationError("""
                        perfil do Anexo I desconhecido '\(profile)' / unknown Anexo I profile '\(profile)'; \
                        perfis/profiles: \(DigitizationProfile.allCases.map(\.rawValue).joined(separator: ", "))
                        """)
                }
                named = known
            }
            do {
                return try CoverSheet(caseNumber: number, kind: documentKind, profile: named, title: title)
            } catch {
                throw ValidationError("--title: \(error.portuguese ?? error.english) / \(error.english)")
            }
        }

        func run() async throws {
            try await operational {
                let sheet = try sheet()
                try CoverSheetPDF.write(sheet, to: URL(fileURLWithPath: output))
                Output.line("folha de rosto/cover sheet: \(Output.shown(output)) (\(sheet.caseNumber) \(sheet.kind.rawValue)\(sheet.profile.map { " \($0.rawValue)" } ?? ""))")
            }
        }
    }
}
