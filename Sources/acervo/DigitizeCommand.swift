import AcervoCore
public import AcervoDigitize
import AcervoPolicy
public import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `acervo digitize`: scanned pages to one signed, searchable PDF/A (or, for `foto` and `planta`, a PNG
/// with a detached signature) with the Anexo II metadata of Decreto 10.278/2020.
///
/// A stable contract (README.md): exit 0 when the document is written, 65 when the quality gate refused
/// it (nothing written), 64 for bad arguments (a missing metadata field, a wrong PIN, a page that is not
/// a file), 70 for an operational error. `--json` prints one line.
struct DigitizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digitize",
        abstract: "Make a signed, searchable PDF/A from scanned pages (Decreto 10.278/2020).",
        discussion: """
        The pages, in order, make one document: a multi-page TIFF or PDF gives all its pages. Each page is \
        held to the profile's Anexo I minimums (resolution per axis, colour); a rejected finding refuses \
        the document and nothing is written (exit 65). The Anexo II metadata combines, the later winning: \
        the kind's archive: section in the policy (--kind), the metadata file (--metadata), then the flags. \
        Acervo fills the identifier, the date of digitization and the page hashes.
        """)

    @Option(help: "The document to write (PDF/A, or PNG for the foto and planta profiles).", completion: .file())
    var output: String

    @Option(help: "The Anexo I profile: \(DigitizationProfile.allCases.map(\.rawValue).joined(separator: ", ")).")
    var profile: DigitizationProfile = .texto

    @Option(help: "The PDF/A part: 2b or 1b.")
    var pdfa: PDFAConformance = .pdfA2b

    @Option(help: "OCR languages joined by '+' (por+eng), or none for no text layer.")
    var ocr: String = OCRLanguages.standard.description

    @Option(help: "The operator's ICP-Brasil A1 certificate (PKCS#12) to sign with.", completion: .file())
    var sign: String?

    @Option(name: .customLong("pin-file"), help: "The file holding the certificate's PIN (never logged or stored).",
            completion: .file())
    var pinFile: String?

    @Option(help: "A JSON file of Anexo II fields (titulo, assunto, autor, tipo_documental, responsavel_digitalizacao, local_digitalizacao, data_producao, classe, destinacao_prevista, genero, prazo_guarda).",
            completion: .file())
    var metadata: String?

    @Option(help: "The document kind whose archive: section in the policy gives the classification and retention.")
    var kind: DocumentKind?

    @Option(help: "A policy file instead of the built-in complaint-intake.yml (its archive: sections and grades).",
            completion: .file())
    var policy: String?

    @Option(name: .customLong("field"), help: "An Anexo II field as KEY=VALUE, KEY as in the metadata file (repeatable).")
    var fields: [String] = []

    @Option(help: "Título: the document's title.")
    var title: String?

    @Option(help: "Autor: the author of the original.")
    var author: String?

    @Option(help: "Assunto: what the document is about.")
    var subject: String?

    @Option(name: .customLong("produced-on"), help: "Data de produção do documento original (e.g. 2025-11-03).")
    var producedOn: String?

    @Option(name: .customLong("digitized-by"), help: "Responsável pela digitalização.")
    var digitizedBy: String?

    @Option(help: "Local da digitalização.")
    var place: String?

    @Option(help: "The resolution of pages whose files state none, in dpi.")
    var dpi: Double?

    @Flag(help: "One JSON line: output, pages, profile, pdfa, signed, sha256, ocr_words, findings.")
    var json = false

    @Argument(help: "The page files, in order.", completion: .file())
    var pages: [String]

    func validate() throws {
        guard !pages.isEmpty else { throw ValidationError("give at least one page / informe ao menos uma página") }
        guard (sign == nil) == (pinFile == nil) else {
            throw ValidationError("--sign and --pin-file go together / --sign e --pin-file vão juntos")
        }
        if let dpi, !(dpi >= 1 && dpi <= 10_000) {
            throw ValidationError("--dpi must be between 1 and 10000 / --dpi deve estar entre 1 e 10000")
        }
        for page in pages {
            if let problem = FileArgument.problem(page, followingSymbolicLinks: false) { throw ValidationError(problem) }
        }
        let directory = (output as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw ValidationError("no such directory for --output: \(Output.shown(directory)) / diretório inexistente")
        }
        var target = stat()
        if stat(output, &target) == 0 {
            for page in pages {
                var source = stat()
                if stat(page, &source) == 0, source.st_dev == target.st_dev, source.st_ino == target.st_ino {
                    throw ValidationError("--output is one of the pages: \(Output.shown(output)) / --output é uma das páginas")
                }
            }
        }
    }

    func run() async throws {
        let languages = try OCRLanguages(parsing: ocr)
        let loadedPolicy = try policy.map { path throws(AcervoError) in try Policy.load(from: URL(fileURLWithPath: path)) } ?? .builtIn
        let given = try combinedMetadata(policy: loadedPolicy)
        // The certificate and its PIN first: a wrong PIN is an error before any page is read.
        let signer: SigningIdentity?
        do {
            signer = try sign.map { try SigningIdentity(pkcs12: $0, pinFile: pinFile ?? "") }
        } catch let error as SigningError {
            throw error.acervoError
        }
        let request = DigitizationRequest(pages: pages, profile: profile, conformance: pdfa, ocr: languages, statedDPI: dpi,
                                          metadata: given, signer: signer, grades: loadedPolicy.digitizationGrades)
        let progress = DigitizeProgressLine(enabled: !json && isatty(STDERR_FILENO) == 1)
        let outcome: DigitizationOutcome
        do {
            outcome = try await Digitizer().digitize(request, to: URL(fileURLWithPath: output)) { progress.show($0) }
        } catch let error as SigningError {
            throw error.acervoError
        }
        progress.end()
        DigitizeReport(output: output, request: request, outcome: outcome).print(json: json)
        if case .refused = outcome { throw ExitCode(ExitStatus.refusedData.rawValue) }
    }

    /// The document's Anexo II fields: the kind's archive section, the metadata file, the flags.
    func combinedMetadata(policy: Policy) throws(AcervoError) -> ArchivalMetadata {
        var combined = kind.flatMap { policy.kinds[$0]?.archive } ?? ArchivalMetadata()
        if let metadata { combined = combined.overlaid(with: try MetadataFile.load(path: metadata)) }
        var flags = ArchivalMetadata()
        for field in fields {
            guard let equals = field.firstIndex(of: "="),
                  let key = ArchivalMetadata.Field(rawValue: String(field[..<equals])) else {
                throw AcervoError(.invalidArgument,
                                  english: "--field takes KEY=VALUE with a key of the metadata file: \(field)",
                                  portuguese: "--field recebe CHAVE=VALOR com uma chave do arquivo de metadados: \(field)")
            }
            try flags.set(key, to: String(field[field.index(after: equals)...]), source: "--field")
        }
        let named: [(ArchivalMetadata.Field, String?)] = [
            (.titulo, title), (.autor, author), (.assunto, subject), (.dataProducao, producedOn),
            (.responsavelDigitalizacao, digitizedBy), (.localDigitalizacao, place),
        ]
        for case let (field, value?) in named { try flags.set(field, to: value, source: "--\(field.rawValue)") }
        return combined.overlaid(with: flags)
    }
}

extension DigitizationProfile: ExpressibleByArgument {}
extension PDFAConformance: ExpressibleByArgument {}
