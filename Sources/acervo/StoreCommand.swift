import AcervoCore
import AcervoStore
import ArgumentParser
import Foundation

/// `acervo store`: checks and maintenance of a whole store.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Verify a store's fixity and custody chains, or rebuild its ledger.",
        subcommands: [Verify.self, Reindex.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check every object's fixity, every custody chain and the quarantine; exit 1 on any mismatch.")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "The result as one JSON document.") var json = false
        @OptionGroup var log: LogOptions

        func run() async throws {
            let store = try await storeOptions.open(log)
            let result = store.verify()
            if json {
                Output.document(result)
            } else {
                for problem in result.problems { Output.line("FALHA/FAIL  \(problem)") }
                let staging = result.staging
                if staging.receiving + staging.leftovers + staging.removedAtOpen > 0 {
                    Output.line("staging: \(staging.receiving) upload(s) being received / em recebimento (\(staging.receivingBytes) bytes), "
                        + "\(staging.leftovers) left by stopped intakes / deixado(s) por recebimentos interrompidos (\(staging.leftoverBytes) bytes), "
                        + "\(staging.removedAtOpen) leftover(s) removed at open / sobra(s) removida(s) na abertura")
                }
                Output.line(result.isClean
                    ? "OK: \(result.objectsChecked) processo(s)/case(s), \(result.filesChecked) arquivo(s)/files verificados/verified"
                    : "\(result.problems.count) problema(s) / problem(s) in \(storeOptions.store)")
            }
            if !result.isClean { throw ExitStatus.checkFailedExit }
        }
    }

    struct Reindex: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reindex", abstract: "Rebuild the SQLite ledger from the OCFL objects and the quarantine.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var log: LogOptions

        func run() async throws {
            try await operational {
                let store = try EvidenceStore.openExisting(at: storeOptions.storeURL, logger: log.makeLogger())
                try store.reindex()
                let cases = try store.cases()
                Output.line("ledger rebuilt / índice reconstruído: \(cases.count) case(s), \(cases.reduce(0) { $0 + $1.evidenceCount }) evidence record(s)")
            }
        }
    }
}
