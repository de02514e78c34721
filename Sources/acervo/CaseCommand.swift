import AcervoCore
import AcervoPolicy
import AcervoStore
import ArgumentParser
import Foundation

/// `acervo case`: the cases in a store.
struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "List the cases of a store, or show one.",
        subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the cases in the store.")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "One JSON object per case per line.") var json = false
        @OptionGroup var log: LogOptions

        func run() async throws {
            let store = try await storeOptions.open(log)
            let cases = try await operational { try store.cases() }
            if json {
                for c in cases { Output.json(c) }
                return
            }
            if cases.isEmpty { Output.line("(nenhum processo / no cases)") }
            Output.line("\(Output.pad("processo/case", 22)) versão  evid.  aceitos análise recusados  aberto em/opened")
            for c in cases {
                Output.line("\(Output.pad(c.caseNumber.rawValue, 22)) \(Output.pad("v\(c.headVersion)", 7)) \(Output.pad(String(c.evidenceCount), 6)) \(Output.pad(String(c.acceptedCount), 7)) \(Output.pad(String(c.reviewCount), 7)) \(Output.pad(String(c.rejectedCount), 9)) \(CaseJSON.date(c.openedAt))")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a case: versions, evidence, verdicts, custody.")
        @Argument(help: "The protocol number.") var protocolNumber: String
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "The case as one JSON document.") var json = false
        @OptionGroup var log: LogOptions

        func validate() throws {
            guard CaseNumber(rawValue: protocolNumber) != nil else {
                throw ValidationError("invalid protocol number '\(protocolNumber)'")
            }
        }

        func run() async throws {
            let store = try await storeOptions.open(log)
            guard let detail = try await operational({ try store.caseDetail(CaseNumber(rawValue: protocolNumber)!) }) else {
                FileHandle.standardError.write(Data("acervo: no case \(protocolNumber) in \(storeOptions.store) / processo não encontrado\n".utf8))
                throw ExitStatus.checkFailedExit
            }
            if json {
                Output.document(detail)
                return
            }
            let s = detail.summary
            Output.line("Processo/case \(s.caseNumber)  aberto/opened \(CaseJSON.date(s.openedAt))  versão/version v\(s.headVersion)")
            Output.line("Evidências/evidence: \(s.evidenceCount)  aceitas \(s.acceptedCount)  em análise \(s.reviewCount)  recusadas \(s.rejectedCount)")
            Output.line("")
            Output.line("Versões/versions:")
            for v in detail.versions {
                Output.line("  v\(v.number)  \(CaseJSON.date(v.created))  \(v.userName) <\(v.userAddress)>  \(v.message)")
            }
            Output.line("")
            Output.line("Evidências/evidence:")
            for e in detail.evidence {
                Output.line("  \(Output.pad(e.verdict.rawValue, 9)) \(Output.pad(e.kind.rawValue, 16)) \(Output.pad(e.identification.format.rawValue, 10)) \(e.sanitizedName)  \(ByteCount.format(e.byteCount))")
                Output.line("            id \(e.id.uuidString.lowercased())  sha256 \(e.sha256)")
                for r in e.reasons { Output.line("            - \(r.code): \(r.portuguese) / \(r.english)") }
            }
            Output.line("")
            Output.line("Custódia/custody (\(detail.events.count) eventos/events):")
            for ev in detail.events {
                let who = ev.evidence.map { " " + String($0.uuidString.lowercased().prefix(8)) } ?? ""
                Output.line("  #\(ev.sequence) \(CaseJSON.date(ev.at)) \(Output.pad(ev.type.rawValue, 12))\(who)  by \(ev.actor)  \(ev.hash.prefix(12))…")
            }
        }
    }
}

/// Dates as people and scripts read them.
enum CaseJSON {
    static func date(_ d: Date) -> String { ReportJSON.date(d) }
}
