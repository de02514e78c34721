import AcervoCore
import ArgumentParser
import Foundation

/// The exit statuses of `acervo`, the one place every error of every subcommand is turned into one.
///
/// | Status | Meaning |
/// |---|---|
/// | 0 | The work ran (whatever the verdicts on the files). |
/// | 1 | A check failed: `store verify`, `dossier verify` or `dossier extract` found a problem, or `case show` found no such case. |
/// | 64 | Bad arguments: a missing or invalid option, a file that does not exist (EX_USAGE). |
/// | 65 | Refused data: a file given to configure the command (a policy) or to read (a dossier) is not what it must be (EX_DATAERR). |
/// | 70 | Operational: the machine failed, not the input: a full disk, an I/O error, a store that cannot be used (EX_SOFTWARE). |
enum ExitStatus: Int32, CaseIterable, Sendable {
    case done = 0
    case checkFailed = 1
    case badArguments = 64
    case refusedData = 65
    case operational = 70

    /// The status an `AcervoError` of `code` ends the command with.
    static func of(_ code: AcervoError.Code) -> ExitStatus {
        switch code {
        case .invalidArgument, .notFound: .badArguments
        case .policy: .refusedData
        default: .operational
        }
    }

    /// Ends a failed check: the problems were already printed.
    static var checkFailedExit: ExitCode { ExitCode(ExitStatus.checkFailed.rawValue) }

    /// Ends the process for `error`, thrown by parsing or by a subcommand: argument errors, help and
    /// `--version` as ArgumentParser prints them (64 or 0); an explicit status as given when it is in the
    /// table; an `AcervoError` by its code; anything else (a Foundation or system error) as operational.
    /// Every message goes to standard error as `acervo: <message>`.
    static func exit(for error: any Error) -> Never {
        if let code = error as? ExitCode {
            let status = ExitStatus(rawValue: code.rawValue) ?? .operational
            Foundation.exit(status.rawValue)
        }
        if let error = error as? AcervoError {
            FileHandle.standardError.write(Data("acervo: \(error)\n".utf8))
            Foundation.exit(of(error.code).rawValue)
        }
        let status = AcervoCommand.exitCode(for: error)
        if status == .success || status == .validationFailure || error is ValidationError || error is CleanExit {
            AcervoCommand.exit(withError: error)
        }
        FileHandle.standardError.write(Data("acervo: \(describe(error))\n".utf8))
        Foundation.exit(ExitStatus.operational.rawValue)
    }

    /// A system or Foundation error as a person reads it, with its domain and code for a bug report.
    static func describe(_ error: any Error) -> String {
        let bridged = error as NSError
        if bridged.domain == "Swift.CancellationError" || error is CancellationError { return "cancelled / cancelado" }
        return "\(bridged.localizedDescription) (\(bridged.domain) \(bridged.code))"
    }
}
