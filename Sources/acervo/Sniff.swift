import Acervo
import AcervoCore
import ArgumentParser
import Foundation

/// `acervo sniff`: what files really are, stored nowhere.
struct Sniff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sniff",
        abstract: "Tell what each file really is, by its content: format, MIME type, description, findings.")

    @Flag(help: "One JSON object per file per line.")
    var json = false

    @Option(name: .customLong("files-from"), help: "Read file names, one per line, from this file ('-' for standard input).")
    var filesFrom: String?

    // No default value here: ArgumentParser builds the command several times while parsing, and asking
    // the system for its cores (cgroup files included) each time cost more than parsing itself.
    @Option(help: "Identification workers, 1 to 256 (default: one per core).")
    var workers: Int?

    @Argument(help: "The files to identify.", completion: .file())
    var files: [String] = []

    func validate() throws {
        guard !files.isEmpty || filesFrom != nil else { throw ValidationError("give at least one file / informe ao menos um arquivo") }
        try OptionBounds.check(workers, OptionBounds.workers, "--workers")
    }

    func run() async throws {
        var names = files
        if let filesFrom {
            let list: Data
            if filesFrom == "-" {
                list = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let read = FileManager.default.contents(atPath: filesFrom) else {
                    throw ValidationError("cannot read \(filesFrom) / não foi possível ler \(filesFrom)")
                }
                list = read
            }
            names += Self.lines(of: list)
        }
        let width = workers ?? ProcessInfo.processInfo.activeProcessorCount
        let sniffer = try await operational { try Sniffer(workers: width) }
        let json = self.json
        let paths = names
        let out = BufferedLines()
        await sniffer.identify(paths: paths) { index, id in
            let name = paths[index]
            if json {
                out.append(Output.jsonText(SniffLine(file: name, identification: id)))
            } else {
                let findings = id.findings.isEmpty ? "" : "  [" + id.findings.map { "\($0.code): \($0.detail)" }.joined(separator: "; ") + "]"
                out.append("\(Output.shown(name)): \(id.format) \(id.mime); \(id.description)\(findings)")
            }
        }
        out.flush()
        ProcessEnd.now(keeping: sniffer)
    }

    /// Splits `sniff`'s command line into what the parser needs (the options and the first name) and the
    /// other names, which are appended to the parsed command. ArgumentParser's cost grows faster than the
    /// number of arguments: 1,540 names cost about 80 ms before any file was opened, twice the CPU of the
    /// same names from `--files-from`. Any other command line is returned whole.
    static func splitNames(_ arguments: [String]) -> (parsed: [String], names: [String]) {
        guard arguments.first == "sniff", arguments.count > 8 else { return (arguments, []) }
        let takingValue: Set<String> = ["--files-from", "--workers"]
        var parsed = ["sniff"]
        var names: [String] = []
        var index = 1
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            if !optionsEnded, argument == "--" {
                optionsEnded = true
            } else if !optionsEnded, argument.hasPrefix("-"), argument != "-" {
                parsed.append(argument)
                if takingValue.contains(argument), index + 1 < arguments.count {
                    index += 1
                    parsed.append(arguments[index])
                }
            } else {
                names.append(argument)
            }
            index += 1
        }
        // One name goes through the parser, so that its checks see a command that names a file.
        guard let first = names.first else { return (arguments, []) }
        return (parsed + ["--", first], Array(names.dropFirst()))
    }

    /// The names in a list file: one per line, split on bytes rather than characters (a list of a
    /// thousand names is read before any work starts), a Windows line end's CR dropped, blank lines skipped.
    static func lines(of list: Data) -> [String] {
        list.split(separator: 0x0A, omittingEmptySubsequences: true).compactMap { line in
            let name = line.last == 0x0D ? line.dropLast() : line[...]
            return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
        }
    }
}

/// The line `sniff --json` prints for one file: its name, then the identification as the library encodes
/// it (`format`, `mime`, `description`, `findings` with `code` and `detail`).
struct SniffLine: Encodable {
    var file: String
    var identification: Identification

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try c.encode(file, forKey: "file")
        try identification.encode(to: encoder)
    }
}
