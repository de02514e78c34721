import Acervo
import AcervoCore
import AcervoCoverSheets
import AcervoPolicy
import AcervoStation
import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `acervo station`: the scanning station's hot folder, its status and its quarantine.
struct StationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "station",
        abstract: "Watch a scanner's inbox and file every document in its case (run, status, retry, sheet).",
        discussion: """
        The inbox routes by folders: inbox/<PROTOCOL>/<kind>/… or inbox/<PROTOCOL>/<kind>/<profile>/…; a file \
        there is a document, a folder there is one document of its files in path order. Beside the inbox: \
        done/ (filed originals), quarantine/ (with <name>.motivo.txt and .motivo.json) and station/ (the journal). \
        `acervo station sheet` prints a cover sheet that routes the pages behind it.
        """,
        subcommands: [Run.self, Status.self, Retry.self, Sheet.self])

    /// `--inbox DIR`, shared by the station's subcommands.
    struct InboxOptions: ParsableArguments {
        @Option(help: "The inbox the scanners write to; done/, quarantine/ and station/ are beside it.", completion: .directory)
        var inbox: String

        var layout: StationLayout { StationLayout(inbox: URL(fileURLWithPath: inbox)) }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run the station in the foreground until SIGTERM or SIGINT (the documents in hand are finished first).",
            discussion: """
            Each document becomes the legal digital document (Decreto 10.278/2020): its page files as originals and a \
            signed, searchable PDF/A made from them, in its case; a document the Anexo I quality gate refuses has its \
            pages in the store's quarantine and its originals in quarantine/. Settings: `digitize: false` keeps the page \
            files only, as evidence copies; `ocr` sets the OCR languages (por+eng, or none); `sign_pkcs12` and \
            `sign_pin_file` sign (a wrong PIN or an expired certificate stops the station before it watches, exit 64).
            """)

        @OptionGroup var inboxOptions: InboxOptions
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Station settings (YAML, like Pipelines/paper-zero.yml).", completion: .file())
        var settings: String?
        @Option(help: "Poll the inbox every SECONDS instead of inotify (network shares are polled anyway).")
        var poll: Double?
        @Option(help: "A policy file to judge by instead of the built-in complaint-intake.yml.", completion: .file())
        var policy: String?
        @Option(name: .customLong("operator"), help: "Who files, in the custody log (default: responsavel_digitalizacao, else $USER).")
        var operatorName: String?
        @Flag(help: "One JSON event per line (for logs) instead of the live line.")
        var json = false
        @OptionGroup var log: LogOptions

        func validate() throws {
            if let poll, !(poll >= 0.05 && poll <= 3600) {
                throw ValidationError("--poll must be from 0.05 to 3600 seconds / --poll deve ser de 0.05 a 3600 segundos")
            }
        }

        func run() async throws {
            try await operational {
                let loaded = try settings.map { path throws(AcervoError) in try StationSettings.load(from: URL(fileURLWithPath: path)) }
                    ?? StationSettings()
                let judged = try policy.map { path throws(AcervoError) in try Policy.load(from: URL(fileURLWithPath: path)) }
                let logger = log.makeLogger()
                // Each document is a case version of its own, at once: nothing left open when the station stops.
                let archive = try EvidenceArchive.open(at: storeOptions.storeURL, policy: judged ?? .builtIn,
                                                       configuration: .init(openVersion: nil), logger: logger)
                let who = operatorName ?? loaded.responsavelDigitalizacao ?? ProcessInfo.processInfo.environment["USER"] ?? "station"
                // The signing certificate is loaded (and so checked: PIN, validity, key usage) before anything is watched.
                let filer: any DocumentFiler = loaded.digitize
                    ? try DigitizingFiler(archive: archive, operatorName: who, settings: loaded)
                    : IntakeFiler(archive: archive, operatorName: who)
                let station = try Station(layout: inboxOptions.layout, settings: loaded, filer: filer,
                                          mode: poll.map { .polling(seconds: $0) }, sheets: CoverSheetReader(),
                                          store: storeOptions.storeURL, logger: logger)
                let signals = StopSignals.install(station)
                let printer = StationPrinter(json: json, live: !json && isatty(STDOUT_FILENO) == 1)
                try await station.run { event in printer.print(event) }
                withExtendedLifetime(signals) {}
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Counts by state, the documents in hand, the last failures and the last operational error.")
        @OptionGroup var inboxOptions: InboxOptions
        @Option(help: "Also check this store's disk (the running station's own store is checked anyway).", completion: .directory)
        var store: String?
        @Flag(help: "The status as one JSON object.") var json = false

        func run() async throws {
            try await operational {
                let status = try StationStatus.read(inboxOptions.layout, store: store.map { URL(fileURLWithPath: $0) })
                if json { return Output.json(status) }
                let files = status.files.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                let documents = status.documents.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                Output.line("arquivos/files: \(files.isEmpty ? "-" : files)")
                Output.line("documentos/documents: \(documents.isEmpty ? "-" : documents)")
                Output.line("modo/mode: \(status.mode ?? "-"); em execução/running: \(status.pid.map { "pid \($0)" } ?? "não/no")")
                Output.line("em mãos/in hand: \(status.inHand.count)")
                for held in status.inHand {
                    Output.line("  #\(held.id) \(held.state) \(held.caseNumber) \(held.kind) \(Output.shown(held.path))")
                }
                for problem in status.diskProblems {
                    Output.line("problema de disco/disk problem: \(problem.message)")
                }
                if let error = status.lastError {
                    Output.line("último erro/last error (\(status.lastErrorAt ?? "")): \(error)")
                }
                Output.line("últimas falhas/last failures: \(status.lastFailures.count)")
                for failure in status.lastFailures {
                    Output.line("  \(failure.at)  [\(failure.code)]  \(Output.shown(failure.path)) -> quarantine/\(Output.shown(failure.quarantinePath ?? ""))")
                }
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Put quarantined files back in the inbox (all of them without FILE), optionally on a route.",
            discussion: """
            Without --case and --kind a file goes back to the path it has under quarantine/: move it there to \
            quarantine/<PROTOCOL>/<kind>/ to give it a route. With --case and --kind it goes to inbox/<PROTOCOL>/<kind>/[<profile>/].
            """)
        @OptionGroup var inboxOptions: InboxOptions
        @Option(name: .customLong("case"), help: "Route to this protocol number.") var caseNumber: String?
        @Option(help: "Route as this document kind.") var kind: DocumentKind?
        @Option(help: "Route with this Anexo I profile.") var profile: String?
        @Flag(help: "One JSON object per file per line.") var json = false
        @Argument(help: "Quarantined files (default: all).", completion: .file()) var files: [String] = []

        func validate() throws {
            if (caseNumber == nil) != (kind == nil) {
                throw ValidationError("--case and --kind go together / --case e --kind andam juntos")
            }
            if let caseNumber, CaseNumber(rawValue: caseNumber) == nil {
                throw ValidationError("invalid protocol number '\(caseNumber)' / número de protocolo inválido")
            }
            if let profile, DigitizationProfile(rawValue: profile) == nil {
                throw ValidationError("unknown profile '\(profile)'; profiles are \(DigitizationProfile.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if profile != nil && caseNumber == nil { throw ValidationError("--profile needs --case and --kind") }
        }

        func run() async throws {
            try await operational {
                let route = try caseNumber.map { number throws(AcervoError) in
                    Route(caseNumber: try CaseNumber(validating: number), kind: kind!, profile: profile.flatMap(DigitizationProfile.init(rawValue:)))
                }
                let retried = try StationRetry.retry(inboxOptions.layout, files: files.map { URL(fileURLWithPath: $0) }, route: route)
                for item in retried {
                    if json { Output.json(item) } else { Output.line("de volta/back: quarantine/\(Output.shown(item.from)) -> inbox/\(Output.shown(item.to))") }
                }
                if retried.isEmpty && !json { Output.line("(quarentena vazia / quarantine empty)") }
            }
        }
    }
}

/// Shows the station's events: a live line per batch on a terminal, a line per event otherwise, or JSON.
struct StationPrinter: Sendable {
    var json: Bool
    var live: Bool

    func print(_ event: StationEvent) {
        if json { return Output.json(event) }
        switch event.event {
        case .progress:
            if live, let progress = event.progress { write("\r\u{1B}[K" + progress.line) }
        case .batch:
            if live { write("\r\u{1B}[K") }
            Output.line(event.message ?? "")
        default:
            if live { write("\r\u{1B}[K") }
            let what = [event.path.map(Output.shown), event.message].compactMap { $0 }.joined(separator: ": ")
            Output.line("\(event.event.rawValue): \(what)")
        }
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
