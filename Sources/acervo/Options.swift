public import AcervoCore
public import ArgumentParser
import AcervoStore
import Foundation
import Logging

/// `--store DIR`, shared by every command that opens a store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The store directory. intake creates it when absent or empty; every other command needs an existing store.",
            completion: .directory)
    var store: String

    var storeURL: URL { URL(fileURLWithPath: store) }

    /// Opens the existing store, never creating one: a missing directory ends the command with 64, a
    /// directory that is not a store with 70, each with a clear message.
    func open(_ log: LogOptions) async throws -> EvidenceStore {
        try await operational { try EvidenceStore.openExisting(at: storeURL, logger: log.makeLogger()) }
    }
}

/// Logging options shared by every command.
struct LogOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log what the pipeline does, to standard error.")
    var verbose = false

    func makeLogger() -> Logger {
        var logger = Logger(label: "acervo") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        if let level = ProcessInfo.processInfo.environment["ACERVO_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) {
            logger.logLevel = level
        }
        return logger
    }
}

// Kinds and channels parse from their raw values; `DocumentKind.init?(argument:)` lives in AcervoCore.
extension DocumentKind: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}

/// Runs work whose failures end the command through `ExitStatus`: an `AcervoError` by its code (70 for
/// an operational one), any other error as operational. Kept as a marker of where a command's work
/// starts; the table itself is `ExitStatus`.
func operational<T>(_ body: () async throws -> T) async throws -> T {
    try await body()
}
