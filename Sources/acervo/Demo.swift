import Acervo
import AcervoCore
import ArgumentParser
import Foundation

/// `acervo demo`: a complaint made of the sample documents goes through intake, and a summary shows
/// each verdict beside the one `SampleDocs/expected.json` says it should get.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a demo complaint made of SampleDocs/ through intake and summarise the verdicts.")

    @Option(help: "The sample documents folder, with expected.json.", completion: .directory)
    var samples: String = "SampleDocs"

    @Option(help: "The store directory; created when absent or empty.", completion: .directory)
    var store: String = "acervo-data"

    @Option(name: .customLong("case"), help: "The demo complaint's protocol number.")
    var caseNumber: String = "MS-2026-000001"

    @OptionGroup var log: LogOptions

    struct Sample: Decodable {
        var file: String
        var kind: String
        var verdict: String
        var mime: String?
    }

    func run() async throws {
        let root = URL(fileURLWithPath: samples)
        let listing = root.appending(path: "expected.json")
        guard let data = try? Data(contentsOf: listing),
              let samples = try? JSONDecoder().decode([Sample].self, from: data) else {
            throw ValidationError("cannot read \(listing.path) / não foi possível ler a lista de amostras")
        }
        var attachments: [Attachment] = []
        var expected: [String] = []
        for sample in samples {
            guard let kind = DocumentKind(rawValue: sample.kind) else {
                throw ValidationError("\(listing.path): unknown kind '\(sample.kind)' for \(sample.file)")
            }
            attachments.append(.file(root.appending(path: sample.file), kind: kind, mime: sample.mime))
            expected.append(sample.verdict)
        }
        let report = try await operational {
            let archive = try EvidenceArchive.open(at: URL(fileURLWithPath: store), logger: log.makeLogger())
            return try await archive.intake(case: try CaseNumber(validating: caseNumber), attachments: attachments,
                                            operatorName: "demo", channel: .cli)
        }
        Output.line("Acervo demo: processo \(report.caseNumber), \(samples.count) anexos / attachments → \(store)")
        Output.line("")
        Output.line("\(Output.pad("veredito/verdict", 17)) \(Output.pad("tipo/kind", 17)) \(Output.pad("formato", 12)) arquivo/file  (motivos/reasons)")
        var surprises = 0
        for item in report.items {
            let sample = samples[item.index]
            let matches = item.verdict.rawValue == expected[item.index]
            if !matches { surprises += 1 }
            let reasons = item.reasons.map(\.code.rawValue).joined(separator: ", ")
            let flag = matches ? " " : "!"
            Output.line("\(flag)\(Output.pad(item.verdict.rawValue, 16)) \(Output.pad(item.kind.rawValue, 17)) \(Output.pad(item.identification.format.rawValue, 12)) \(sample.file)\(reasons.isEmpty ? "" : "  (\(reasons))")")
        }
        let counts = report.counts
        Output.line("")
        Output.line("Aceitos/accepted: \(counts[.accepted] ?? 0)   em análise/review: \(counts[.review] ?? 0)   recusados/rejected: \(counts[.rejected] ?? 0)")
        Output.line("Versão/version: v\(report.version.map(String.init) ?? "-")   store: \(store)")
        Output.line(surprises == 0 ? "Todos os veredictos conferem com expected.json / every verdict matches expected.json."
                                   : "\(surprises) veredicto(s) diferente(s) de expected.json (marcados com !) / differ from expected.json (marked !)")
        Output.line("")
        Output.line("Next: acervo case show \(report.caseNumber) --store \(store)   ·   acervo store verify --store \(store)")
    }
}
