import AcervoCore
import AcervoStore
import ArgumentParser
import Foundation

/// `acervo quarantine`: the uploads that were not accepted, listed and purged.
struct QuarantineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine", abstract: "List the quarantined uploads, or purge the old ones with a record of what was removed.",
        subcommands: [List.self, Purge.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the quarantined uploads, oldest first.")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "One JSON object per upload per line.") var json = false
        @OptionGroup var log: LogOptions

        func run() async throws {
            let store = try await storeOptions.open(log)
            let uploads = store.quarantined()
            if json {
                for upload in uploads { Output.json(upload) }
                return
            }
            if uploads.isEmpty { Output.line("(quarentena vazia / quarantine empty)") }
            for u in uploads {
                Output.line("\(ReportJSON.date(u.receivedAt))  \(Output.pad(u.caseNumber.rawValue, 18)) \(Output.pad(u.verdict.rawValue, 9)) "
                    + "\(Output.pad(String(u.byteCount), 12)) \(u.id.uuidString.lowercased())  \(Output.shown(u.name))  [\(u.reasons.joined(separator: ", "))]")
            }
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "purge",
            abstract: "Remove the quarantined uploads received more than --older-than days ago, leaving a record in quarantine-purges/.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(name: .customLong("older-than"), help: "Age in days, 0 to 36500: uploads received earlier are removed.")
        var olderThan: Int
        @Option(help: "Who purges, recorded with what was removed.") var `operator` = ProcessInfo.processInfo.environment["USER"] ?? "acervo"
        @Flag(help: "The record as one JSON object.") var json = false
        @OptionGroup var log: LogOptions

        func validate() throws {
            try OptionBounds.check(olderThan, OptionBounds.ageInDays, "--older-than")
        }

        func run() async throws {
            let store = try await storeOptions.open(log)
            let cutoff = Date().addingTimeInterval(-Double(olderThan) * 86_400)
            let record = try await operational {
                try store.purgeQuarantine(receivedBefore: cutoff, actor: `operator`,
                                          reason: "quarantined more than \(olderThan) day(s) ago (acervo quarantine purge)",
                                          reasonPT: "em quarentena há mais de \(olderThan) dia(s) (acervo quarantine purge)")
            }
            if json {
                if let record { Output.json(record) } else { Output.line("{\"removed\":[]}") }
                return
            }
            let removed = record?.removed ?? []
            let bytes = removed.reduce(Int64(0)) { $0 + $1.byteCount }
            Output.line("removido(s)/removed: \(removed.count) upload(s), \(bytes) bytes; registro/record in quarantine-purges/")
        }
    }
}
