import ArgumentParser

/// The `acervo` command: intake, identification and the evidence store from a terminal or a script.
@main
struct AcervoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acervo",
        abstract: "Turns complaint attachments into trustworthy, archivable evidence.",
        discussion: """
        Exit status: 0 when the work ran (whatever the verdicts), 1 when a check failed (store verify, \
        dossier verify), 64 for bad arguments, 65 for refused data (a policy or dossier that is not valid), \
        70 for an operational error (a full disk, an I/O error, a store that cannot be used).
        """,
        version: AcervoVersion.string,
        subcommands: [Intake.self, DigitizeCommand.self, Normalize.self, Sniff.self, CaseCommand.self, StoreCommand.self, QuarantineCommand.self, StationCommand.self, DossierCommand.self, Demo.self, Versions.self]
    )

    /// Tunes the process for batch work, then parses and runs the command as ArgumentParser would.
    static func main() async {
        MemoryTuning.apply()
        do {
            let arguments = RawArguments.arguments()
            let (parsed, names) = Sniff.splitNames(arguments)
            var command = try parseAsRoot(parsed)
            if var sniff = command as? Sniff, !names.isEmpty {
                sniff.files += names
                command = sniff
            }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            ExitStatus.exit(for: error)
        }
    }
}
