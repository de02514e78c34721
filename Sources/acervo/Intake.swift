import Acervo
import AcervoCore
import AcervoPolicy
import ArgumentParser
import Foundation

/// `acervo intake`: sends files to a case as one intake and prints a verdict per file.
struct Intake: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Receive files into a case: identify, validate and store them.",
        discussion: """
        Every file gets a verdict (accepted, review, rejected) with reason codes. Accepted files become \
        evidence in a new version of the case; the others go to the store's quarantine. Exit status is 0 \
        whenever the intake ran, whatever the verdicts.

        With --digitize the files are the pages of one scanned paper document, in order: each is kept as \
        evidence, and the signed, searchable PDF/A (or PNG) made from them (Decreto 10.278/2020) is stored \
        beside the first; when the quality gate refuses the pages, they all go to the quarantine.
        """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("case"), help: "The complaint's protocol number, e.g. MS-2024-000123.")
    var caseNumber: String

    @Option(help: "The document kind of every file: \(DocumentKind.allNames).")
    var kind: DocumentKind

    @Option(name: .customLong("operator"), help: "Who is sending the files (recorded in the custody log).")
    var operatorName: String = ProcessInfo.processInfo.environment["USER"] ?? "acervo"

    @Option(help: "How the files arrived: cli or scan-station.")
    var channel: Channel = .cli

    @Option(help: "A policy file to judge by instead of the built-in complaint-intake.yml.", completion: .file())
    var policy: String?

    @Option(name: .customLong("mime"), help: "The MIME type the sender declared (recorded, never trusted).")
    var declaredMIME: String?

    @Flag(help: "One JSON object per file per line.")
    var json = false

    @Flag(name: .customLong("follow-symlinks"),
          help: "Take the file a symbolic link points to (by default a link is refused, exit 64).")
    var followSymlinks = false

    @Flag(help: "The files are the pages of one scanned document: make it the legal digital document too.")
    var digitize = false

    @OptionGroup(title: "Digitization (with --digitize)") var digitization: DigitizationOptions

    @OptionGroup var log: LogOptions

    @Argument(help: "The files to receive.", completion: .file())
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file / informe ao menos um arquivo") }
        guard CaseNumber(rawValue: caseNumber) != nil else {
            throw ValidationError("invalid protocol number '\(caseNumber)': use letters, digits and single '-', '.' or '_' (e.g. MS-2024-000123)")
        }
        for file in files {
            if let problem = FileArgument.problem(file, followingSymbolicLinks: followSymlinks) {
                throw ValidationError(problem)
            }
        }
        if !digitize && digitization.anyGiven {
            throw ValidationError("the digitization options need --digitize / as opções de digitalização exigem --digitize")
        }
    }

    func run() async throws {
        if digitize { return try await runDigitized() }
        try await operational {
            let loaded = try policy.map { path throws(AcervoError) in try Policy.load(from: URL(fileURLWithPath: path)) }
            // One command, one batch: its files become one OCFL version at once, nothing left open.
            let archive = try EvidenceArchive.open(at: storeOptions.storeURL, policy: loaded ?? .builtIn,
                                                   configuration: .init(openVersion: nil), logger: log.makeLogger())
            let attachments = try files.map { file throws(AcervoError) in
                let name = URL(fileURLWithPath: file).lastPathComponent
                if RawArguments.wasEscaped(file) {
                    // A name that is not UTF-8: opened by its bytes, read as a stream, declared with the
                    // bytes escaped (%E9).
                    guard case .success(let opened) = RawArguments.open(file, followingSymbolicLinks: followSymlinks) else {
                        throw AcervoError(.notFound, english: "cannot open \(file)", portuguese: "não foi possível abrir \(file)")
                    }
                    return Attachment.stream(RawArguments.chunks(of: opened), kind: kind, name: name, mime: declaredMIME)
                }
                let source = followSymlinks ? try FileArgument.resolved(file) : RawArguments.fileURL(file)
                return Attachment.file(source, kind: kind, name: name, mime: declaredMIME)
            }
            let report = try await archive.intake(case: try CaseNumber(validating: caseNumber), attachments: attachments,
                                                  operatorName: operatorName, channel: channel)
            ReportPrinter.print(report, files: files, json: json)
        }
    }
}

/// Prints an intake report for people or, with `--json`, one line per file for scripts.
enum ReportPrinter {
    static func print(_ report: IntakeReport, files: [String], json: Bool) {
        if json {
            for item in report.items { Output.json(Line(file: files[item.index], report: report, item: item)) }
            return
        }
        for item in report.items {
            let mark = switch item.verdict {
            case .accepted: "ACEITO    accepted"
            case .review: "ANÁLISE   review  "
            case .rejected: "RECUSADO  rejected"
            }
            Output.line("\(mark)  \(Output.pad(item.kind.rawValue, 16)) \(Output.pad(item.identification.format.rawValue, 10)) \(Output.shown(files[item.index]))")
            for reason in item.reasons {
                Output.line("          - \(reason.code): \(reason.portuguese)")
                Output.line("            \(String(repeating: " ", count: reason.code.rawValue.count)) \(reason.english)")
            }
        }
        let counts = report.counts
        let version = report.version.map { "v\($0)" } ?? "no version"
        Output.line("")
        Output.line("Processo \(report.caseNumber) (\(version)): \(counts[.accepted] ?? 0) aceito(s), \(counts[.review] ?? 0) em análise, \(counts[.rejected] ?? 0) recusado(s) / accepted, review, rejected")
    }

    /// The line `--json` prints for one file: the file as given, the case and version, and the item's outcome.
    struct Line: Encodable {
        var file: String
        var report: IntakeReport
        var item: IntakeReport.Item

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: ReportJSON.Key.self)
            try c.encode(file, forKey: "file")
            try c.encode(report.caseNumber.rawValue, forKey: "case")
            try c.encodeIfPresent(report.version, forKey: "version")
            try item.encodeOutcome(to: &c)
        }
    }
}
