import AcervoCore
import AcervoDigitize
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What `acervo digitize` prints: one JSON line with `--json`, else lines a person reads, in Portuguese
/// then English.
struct DigitizeReport: Encodable {
    var output: String
    var request: DigitizationRequest
    var outcome: DigitizationOutcome

    private enum Key: String, CodingKey {
        case output, written, pages, profile, pdfa, format, signed, signer, sha256, bytes
        case ocrWords = "ocr_words"
        case findings
    }

    /// The JSON contract: `output`, `written`, `pages`, `profile`, `pdfa` (`null` for a PNG), `format`,
    /// `signed`, `signer`, `sha256`, `bytes`, `ocr_words`, `findings`. A refused document has `written:
    /// false`, its findings, and no hash.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(output, forKey: .output)
        try c.encode(request.profile.rawValue, forKey: .profile)
        try c.encode(request.profile.outputIsPNG ? nil : request.conformance.rawValue, forKey: .pdfa)
        try c.encode(request.format, forKey: .format)
        try c.encode(outcome.findings, forKey: .findings)
        // The pages read, written or not: a refused document's count is its files' pages, not the pages
        // that have a finding.
        try c.encode(outcome.pageCount, forKey: .pages)
        switch outcome {
        case .written(let result):
            try c.encode(true, forKey: .written)
            try c.encode(result.signed, forKey: .signed)
            try c.encodeIfPresent(result.signer?.subject, forKey: .signer)
            try c.encode(result.sha256, forKey: .sha256)
            try c.encode(result.byteCount, forKey: .bytes)
            try c.encode(result.ocrWords, forKey: .ocrWords)
        case .refused:
            try c.encode(false, forKey: .written)
            try c.encode(false, forKey: .signed)
            try c.encode(0, forKey: .ocrWords)
        }
    }

    func print(json: Bool) {
        if case .written(let result) = outcome, !result.signed {
            FileHandle.standardError.write(Data("""
                acervo: aviso: documento sem assinatura: não tem a equivalência legal do Decreto 10.278/2020 (Art. 5º) \
                / warning: unsigned document: it lacks the legal equivalence of Decreto 10.278/2020 (Art. 5)

                """.utf8))
        }
        if json {
            Output.json(self)
            return
        }
        switch outcome {
        case .written(let result):
            let signature = result.signer.map { "assinado por / signed by \($0.holderName)" }
                ?? "SEM ASSINATURA / UNSIGNED"
            Output.line("GRAVADO  written  \(Output.shown(output))  \(result.format)  \(result.pageCount) página(s) / page(s)  \(result.ocrWords) palavras / words  \(signature)")
            Output.line("         sha256 \(result.sha256)")
        case .refused:
            Output.line("RECUSADO rejected  \(Output.shown(output)) não foi gravado / was not written")
        }
        for finding in outcome.findings {
            let page = finding.page.map { "página/page \($0)" } ?? "documento/document"
            Output.line("  - \(finding.code.rawValue) (\(page), \(finding.verdict.rawValue)): \(finding.messagePortuguese)")
            Output.line("    \(String(repeating: " ", count: finding.code.rawValue.count)) \(finding.message)")
        }
    }
}

/// A live line on a terminal's standard error: pages read so far.
final class DigitizeProgressLine: Sendable {
    private let enabled: Bool
    private let shown = Mutex(false)

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ progress: DigitizationProgress) {
        guard enabled else { return }
        let text = switch progress.stage {
        case .page: "páginas lidas / pages read: \(progress.pagesDone)/\(progress.pageCount)"
        case .writing: "gravando / writing…"
        case .written: "gravado / written"
        }
        shown.withLock { shown in
            shown = true
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        }
    }

    func end() {
        shown.withLock { shown in
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}
