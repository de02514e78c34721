import Acervo
import AcervoDigitizedIntake
import AcervoCore
import AcervoDigitize
import AcervoStore
import Foundation

/// Prints what `acervo intake --digitize` did: the intake's report of the page files, then the document
/// made from them (or the findings that refused it), for people or, with `--json`, as one more line.
enum DigitizedIntakePrinter {
    static func print(_ report: DigitizedIntakeReport, options: DigitizedIntakeOptions, files: [String], json: Bool) {
        ReportPrinter.print(report.intake, files: files, json: json)
        let line = DocumentLine(report: report, options: options)
        if json {
            Output.json(line)
            return
        }
        Output.line("")
        if let document = report.document {
            let signature = if let signer = document.signer {
                "assinado por / signed by \(signer.name)" + (signer.cpf.map { " (CPF \($0))" } ?? "")
            } else {
                "SEM ASSINATURA / UNSIGNED: sem a equivalência legal do Decreto 10.278/2020 / without its legal equivalence"
            }
            Output.line("DOCUMENTO  document  \(document.path)")
            Output.line("           \(document.pageCount) página(s) / page(s) · \(document.profile) · \(document.format) · \(document.ocrWords) palavras OCR / OCR words")
            Output.line("           \(signature)")
            Output.line("           sha256 \(document.sha256)")
        } else {
            Output.line("DOCUMENTO RECUSADO  document refused: os arquivos foram para a quarentena / the page files went to the quarantine")
        }
        for finding in report.findings {
            let page = finding.page.map { " (página / page \($0))" } ?? ""
            Output.line("          - \(finding.code.rawValue)\(page) [\(finding.verdict.rawValue)]: \(finding.messagePortuguese)")
            Output.line("            \(finding.message)")
        }
    }

    /// The line `--json` prints for the document after the page files' lines:
    /// `{"case", "version", "document": {"written", "path", "sha256", "bytes", "pages", "profile", "pdfa",
    /// "format", "signed", "signer", "ocr_words", "identifier", "sources", "findings"}}`; a refused
    /// document has `written: false`, its profile and part, `signed: false` and its findings only.
    struct DocumentLine: Encodable {
        var report: DigitizedIntakeReport
        var options: DigitizedIntakeOptions

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: ReportJSON.Key.self)
            try c.encode(report.intake.caseNumber.rawValue, forKey: "case")
            try c.encodeIfPresent(report.intake.version, forKey: "version")
            var d = c.nestedContainer(keyedBy: ReportJSON.Key.self, forKey: "document")
            try d.encode(report.document != nil, forKey: "written")
            if let document = report.document {
                try document.encodeReport(to: &d, findings: false)
                try d.encodeIfPresent(document.metadata.identifier, forKey: "identifier")
            } else {
                try d.encode(options.profile.rawValue, forKey: "profile")
                if !options.profile.outputIsPNG { try d.encode(options.conformance.rawValue, forKey: "pdfa") }
                try d.encode(false, forKey: "signed")
            }
            // The gate's findings as `acervo digitize --json` prints them, in place of the record's summary.
            try d.encode(report.findings, forKey: "findings")
        }
    }
}
