import AcervoCore
import AcervoDossier
import AcervoStore
import ArgumentParser
import Foundation

/// `acervo dossier`: build, check, open and list case dossiers (BagIt bags in tar, zip or tar.zst).
struct DossierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier", abstract: "Build, verify, extract and list case dossiers (BagIt 1.0).",
        subcommands: [Build.self, Verify.self, Extract.self, List.self])

    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Bundle a case version as a BagIt bag in one streaming pass.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(name: .customLong("case"), help: "The protocol number.") var protocolNumber: String
        @Option(help: "The case version to bundle (vN or N); the latest by default.") var version: String?
        @Option(help: "tar, zip or tar.zst; by default from the output's name, else tar.") var format: String?
        @Flag(help: "Write manifest-sha512.txt as well as manifest-sha256.txt.") var sha512 = false
        @Option(help: "Source-Organization in bag-info.txt.") var organization = "Procon"
        @Option(help: "The agency's name, written as Acervo-Agency.") var agency: String?
        @Option(help: "The archive to write.", completion: .file()) var output: String
        @Option(help: "Who builds the dossier, recorded in the case's chain of custody.") var `operator` = "acervo"
        @Flag(help: "Do not record a 'bundled' custody event in the case.") var noCustody = false
        @Flag(help: "The result as one JSON object.") var json = false
        @Flag(help: "Report progress on standard error.") var progress = false
        @OptionGroup var log: LogOptions

        func validate() throws {
            guard CaseNumber(rawValue: protocolNumber) != nil else {
                throw ValidationError("invalid protocol number '\(protocolNumber)'")
            }
            if let version, Self.versionNumber(version) == nil {
                throw ValidationError("invalid version '\(version)': use vN or N")
            }
            if let format, DossierFormat(rawValue: format) == nil {
                throw ValidationError("invalid format '\(format)': use tar, zip or tar.zst")
            }
        }

        static func versionNumber(_ text: String) -> Int? {
            let digits = text.hasPrefix("v") ? String(text.dropFirst()) : text
            guard let n = Int(digits), n > 0 else { return nil }
            return n
        }

        func run() async throws {
            let logger = log.makeLogger()
            let outputURL = URL(fileURLWithPath: output)
            let chosen = format.flatMap(DossierFormat.init(rawValue:)) ?? DossierFormat(fileName: output) ?? .tar
            if chosen == .zip {
                // libarchive writes a zip entry's DOS time in the process's local time zone: in UTC, the
                // same dossier has the same bytes wherever it is built. Only this command's process changes.
                setenv("TZ", "UTC0", 1)
                tzset()
            }
            let request = DossierRequest(caseNumber: CaseNumber(rawValue: protocolNumber)!,
                                         version: version.flatMap(Self.versionNumber), format: chosen,
                                         algorithms: sha512 ? [.sha256, .sha512] : [.sha256],
                                         sourceOrganization: organization, agency: agency,
                                         recordedBy: noCustody ? nil : `operator`)
            let built = try await operational {
                let store = try EvidenceStore.openExisting(at: storeOptions.storeURL, logger: logger)
                return try await Dossier.build(request, from: store, to: outputURL, logger: logger,
                                               progress: progress ? DossierReport.progressLine : nil)
            }
            if json {
                Output.json(built)
            } else {
                Output.line("\(built.archivePath): \(built.bagName), \(built.payloadFiles) arquivo(s)/files, \(built.payloadBytes) bytes de carga/payload")
                Output.line("sha256 \(built.archiveSHA256)  (\(built.archiveBytes) bytes)")
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check a dossier without extracting it; exit 1 naming each missing, extra or changed file.")
        @Argument(help: "The dossier archive.", completion: .file()) var file: String
        @Flag(help: "Check Payload-Oxum and the file list only, not the checksums.") var fast = false
        @Flag(help: "The result as one JSON document.") var json = false

        func validate() throws {
            if let problem = FileArgument.problem(file, followingSymbolicLinks: true) { throw ValidationError(problem) }
        }

        func run() async throws {
            let result = try await DossierReport.checking(file) { try await Dossier.verify(URL(fileURLWithPath: file), fast: fast) }
            DossierReport.show(result, file: file, json: json)
            if !result.isValid { throw ExitStatus.checkFailedExit }
        }
    }

    struct Extract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extract",
            abstract: "Extract a dossier into an empty directory, refusing links, devices, .. and bombs; exit 1 on any problem.")
        @Argument(help: "The dossier archive.", completion: .file()) var file: String
        @Option(help: "The directory to extract into (absent or empty).", completion: .directory) var to: String
        @Flag(help: "The result as one JSON document.") var json = false

        func validate() throws {
            if let problem = FileArgument.problem(file, followingSymbolicLinks: true) { throw ValidationError(problem) }
        }

        func run() async throws {
            let result = try await DossierReport.checking(file) {
                try await Dossier.extract(URL(fileURLWithPath: file), to: URL(fileURLWithPath: to))
            }
            DossierReport.show(result, file: file, json: json)
            if !result.isValid { throw ExitStatus.checkFailedExit }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List a dossier's entries with their sizes.")
        @Argument(help: "The dossier archive.", completion: .file()) var file: String
        @Flag(help: "One JSON object per entry per line.") var json = false

        func run() async throws {
            let entries: [DossierEntry]
            do {
                entries = try await Dossier.list(URL(fileURLWithPath: file))
            } catch {
                // A file that cannot be read as a dossier is refused data; anything else is the machine's.
                guard error.code == .io || error.code == .invalidArgument else { throw error }
                FileHandle.standardError.write(Data("acervo: \(error)\n".utf8))
                throw ExitCode(ExitStatus.refusedData.rawValue)
            }
            for entry in entries {
                if json {
                    Output.json(entry)
                } else {
                    Output.line("\(Output.pad(entry.isDirectory ? "-" : String(entry.byteCount), 12)) \(entry.path)")
                }
            }
        }
    }
}

/// How `verify` and `extract` report a check.
enum DossierReport {
    /// Runs a check of the dossier `file`: a file that cannot be read as an archive at all is a failed
    /// check (exit 1, the message on standard error), like a dossier whose contents do not match;
    /// any other error ends the command by its code.
    static func checking<T>(_ file: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AcervoError where error.code == .io || error.code == .invalidArgument {
            FileHandle.standardError.write(Data("acervo: \(error)\n".utf8))
            throw ExitStatus.checkFailedExit
        }
    }

    /// One line per file on standard error: percent of payload bytes, files done, the current file.
    @Sendable static func progressLine(_ step: DossierProgress) {
        let percent = step.bytesTotal > 0 ? Int(step.bytesDone * 100 / step.bytesTotal) : 0
        FileHandle.standardError.write(Data("\(percent)%  \(step.filesDone) arquivo(s)/files  \(step.currentPath)\n".utf8))
    }

    static func show(_ result: DossierVerification, file: String, json: Bool) {
        if json {
            Output.document(result)
            return
        }
        for problem in result.problems { Output.line("FALHA/FAIL  \(problem)") }
        if result.isValid {
            Output.line("OK: \(file): \(result.bagName ?? "?"), \(result.payloadFiles) arquivo(s)/files, \(result.payloadBytes) bytes\(result.fast ? " (rápido/fast: Payload-Oxum e lista/file list)" : "")")
        } else {
            Output.line("\(result.problems.count) problema(s) / problem(s) in \(file)")
        }
    }
}
