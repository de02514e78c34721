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
            let cases = store.cases()
            if json {
                for c in cases { Output.json(CaseJSON.summary(c)) }
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
            guard let detail = store.caseDetail(CaseNumber(rawValue: protocolNumber)!) else {
                FileHandle.standardError.write(Data("acervo: no case \(protocolNumber) in \(storeOptions.store) / processo não encontrado\n".utf8))
                throw ExitStatus.checkFailedExit
            }
            if json {
                Output.document(CaseJSON.detail(detail))
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

/// Cases as JSON, and dates as people and scripts read them.
enum CaseJSON {
    static func date(_ d: Date) -> String {
        d.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
    }

    static func summary(_ c: CaseSummary) -> [String: Any] {
        ["case": c.caseNumber.rawValue, "opened_at": date(c.openedAt), "version": c.headVersion,
         "evidence": c.evidenceCount, "accepted": c.acceptedCount, "review": c.reviewCount,
         "rejected": c.rejectedCount, "events": c.eventCount]
    }

    static func detail(_ d: CaseDetail) -> [String: Any] {
        var object = summary(d.summary)
        object["versions"] = d.versions.map {
            ["version": $0.number, "created": date($0.created), "message": $0.message, "user": $0.userName,
             "address": $0.userAddress] as [String: Any]
        }
        object["evidence_records"] = d.evidence.map { e -> [String: Any] in
            var o: [String: Any] = [
                "evidence": e.id.uuidString.lowercased(), "kind": e.kind.rawValue, "verdict": e.verdict.rawValue,
                "declared_name": e.declaredName, "name": e.sanitizedName, "bytes": e.byteCount, "sha256": e.sha256,
                "format": e.identification.format.rawValue, "mime": e.identification.mime,
                "received_at": date(e.receivedAt), "channel": e.channel.rawValue, "operator": e.operatorName,
                "reasons": e.reasons.map { ["code": $0.code.rawValue, "verdict": $0.verdict.rawValue,
                                            "message": $0.english, "message_pt": $0.portuguese] },
            ]
            if let p = e.storedPath { o["stored_path"] = p }
            if let d = e.duplicateOf { o["duplicate_of"] = d.uuidString.lowercased() }
            return o
        }
        object["events"] = d.events.map { ev -> [String: Any] in
            var o: [String: Any] = ["sequence": ev.sequence, "type": ev.type.rawValue, "at": date(ev.at),
                                    "actor": ev.actor, "details": ev.details, "hash": ev.hash,
                                    "previous_hash": ev.previousHash]
            if let e = ev.evidence { o["evidence"] = e.uuidString.lowercased() }
            return o
        }
        return object
    }
}
