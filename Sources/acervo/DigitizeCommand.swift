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

    @OptionGroup var options: DigitizationOptions

    @Option(help: "The document kind whose archive: section in the policy gives the classification and retention.")
    var kind: DocumentKind?

    @Option(help: "A policy file instead of the built-in complaint-intake.yml (its archive: sections and grades).",
            completion: .file())
    var policy: String?

    @Flag(help: "One JSON line: output, pages, profile, pdfa, signed, sha256, ocr_words, findings.")
    var json = false

    @Argument(help: "The page files, in order.", completion: .file())
    var pages: [String]

    func validate() throws {
        guard !pages.isEmpty else { throw ValidationError("give at least one page / informe ao menos uma página") }
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
        let languages = try options.languages()
        let loadedPolicy = try policy.map { path throws(AcervoError) in try Policy.load(from: URL(fileURLWithPath: path)) } ?? .builtIn
        // The kind's archive: section, then the metadata file, then the flags: the later wins.
        let given = (kind.flatMap { loadedPolicy.kinds[$0]?.archive } ?? ArchivalMetadata())
            .overlaid(with: try options.fileFields())
            .overlaid(with: try options.explicitFields())
        // The certificate and its PIN first: a wrong PIN is an error before any page is read.
        let signer = try options.signingIdentity()
        let request = DigitizationRequest(pages: pages, profile: options.profile ?? .texto, conformance: options.pdfa ?? .pdfA2b,
                                          ocr: languages, statedDPI: options.dpi, metadata: given, signer: signer,
                                          grades: loadedPolicy.digitizationGrades)
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
}

extension DigitizationProfile: ExpressibleByArgument {}
extension PDFAConformance: ExpressibleByArgument {}
