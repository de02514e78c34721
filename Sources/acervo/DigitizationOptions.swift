import Acervo
import AcervoDigitizedIntake
import AcervoCore
import AcervoDigitize
import ArgumentParser
import Foundation

/// The digitization options `acervo digitize` and `acervo intake --digitize` share: the Anexo I profile,
/// the PDF/A part, OCR, the signing certificate and the Anexo II metadata of the document the page files
/// make.
struct DigitizationOptions: ParsableArguments {
    @Option(help: "The Anexo I profile: \(DigitizationProfile.allCases.map(\.rawValue).joined(separator: ", ")) (default texto).")
    var profile: DigitizationProfile?

    @Option(help: "The PDF/A part: 2b (default) or 1b.")
    var pdfa: PDFAConformance?

    @Option(help: "OCR languages joined by '+' (default por+eng), or none.")
    var ocr: String?

    @Option(name: .customLong("sign"), help: "The operator's ICP-Brasil A1 certificate, PKCS#12 (.p12, .pfx).", completion: .file())
    var pkcs12: String?

    @Option(name: .customLong("pin-file"), help: "The file holding the certificate's PIN (never logged or stored).", completion: .file())
    var pinFile: String?

    @Option(help: "The document's Anexo II metadata, a JSON object (titulo, assunto, autor, tipo_documental, responsavel_digitalizacao, local_digitalizacao, data_producao, classe, destinacao_prevista, genero, prazo_guarda).",
            completion: .file())
    var metadata: String?

    @Option(name: .customLong("field"), help: "One Anexo II field as KEY=VALUE (a key of --metadata); wins over the file. Repeatable.")
    var fields: [String] = []

    @Option(help: "Título: the document's title.")
    var title: String?

    @Option(help: "Autor: the author of the original.")
    var author: String?

    @Option(help: "Assunto: what the document is about.")
    var subject: String?

    @Option(name: .customLong("produced-on"), help: "Data de produção do documento original (e.g. 2025-11-03).")
    var producedOn: String?

    @Option(name: .customLong("digitized-by"), help: "Responsável pela digitalização.")
    var digitizedBy: String?

    @Option(help: "Local da digitalização.")
    var place: String?

    @Option(help: "The resolution of pages whose files declare none, in dpi (1 to 10000).")
    var dpi: Double?

    /// The fields named by their own flags, with their keys.
    private var namedFields: [(ArchivalMetadata.Field, String?)] {
        [(.titulo, title), (.autor, author), (.assunto, subject), (.dataProducao, producedOn),
         (.responsavelDigitalizacao, digitizedBy), (.localDigitalizacao, place)]
    }

    /// Whether any digitization option was given.
    var anyGiven: Bool {
        profile != nil || pdfa != nil || ocr != nil || pkcs12 != nil || pinFile != nil || metadata != nil
            || !fields.isEmpty || dpi != nil || namedFields.contains { $0.1 != nil }
    }

    /// The range `--dpi` takes, as `acervo digitize` takes it.
    static let dpiRange = 1.0...10_000.0

    /// Checks what can be checked without reading a file.
    func validate() throws {
        if let ocr {
            do { _ = try OCRLanguages(parsing: ocr) } catch { throw ValidationError("--ocr: \(error.message)") }
        }
        if (pkcs12 == nil) != (pinFile == nil) {
            throw ValidationError("--sign and --pin-file go together / --sign e --pin-file vão juntos")
        }
        if let dpi, !Self.dpiRange.contains(dpi) {
            throw ValidationError("--dpi must be between 1 and 10000, not \(dpi) / --dpi deve estar entre 1 e 10000")
        }
        for field in fields where !field.contains("=") {
            throw ValidationError("--field takes KEY=VALUE, not '\(field)' / --field recebe CHAVE=VALOR")
        }
    }

    /// The operator's signing identity, loaded (and so checked: the PIN, the key, the validity) now.
    func signingIdentity() throws(AcervoError) -> SigningIdentity? {
        guard let pkcs12, let pinFile else { return nil }
        do {
            return try SigningIdentity(pkcs12: pkcs12, pinFile: pinFile)
        } catch let error as SigningError {
            throw error.acervoError
        } catch let error as AcervoError {
            throw error
        } catch {
            throw AcervoError(.invalidArgument, english: "cannot load the certificate \(pkcs12): \(error)",
                              portuguese: "não foi possível carregar o certificado \(pkcs12): \(error)")
        }
    }

    /// The OCR languages given, or Portuguese and English.
    func languages() throws(AcervoError) -> OCRLanguages {
        try ocr.map { text throws(AcervoError) in try OCRLanguages(parsing: text) } ?? .standard
    }

    /// The fields of the `--metadata` file, or none.
    func fileFields() throws(AcervoError) -> ArchivalMetadata {
        try metadata.map { path throws(AcervoError) in try MetadataFile.load(path: path) } ?? ArchivalMetadata()
    }

    /// The fields given by `--field` and the fields' own flags, which win over the file.
    func explicitFields() throws(AcervoError) -> ArchivalMetadata {
        var explicit = ArchivalMetadata()
        for field in fields {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let key = ArchivalMetadata.Field(rawValue: parts[0]) else {
                let keys = ArchivalMetadata.Field.given.map(\.rawValue).joined(separator: ", ")
                throw AcervoError(.invalidArgument, english: "--field: unknown key '\(parts[0])'; keys are \(keys)",
                                  portuguese: "--field: chave desconhecida '\(parts[0])'; as chaves são \(keys)")
            }
            try explicit.set(key, to: parts[1], source: "--field")
        }
        for case let (field, value?) in namedFields { try explicit.set(field, to: value, source: "--\(field.rawValue)") }
        return explicit
    }

    /// The library's options: the profile, part, OCR and metadata given, with `signer`.
    func intakeOptions(signer: SigningIdentity?, operatorName: String, channel: Channel) throws(AcervoError) -> DigitizedIntakeOptions {
        DigitizedIntakeOptions(
            profile: profile ?? .texto, conformance: pdfa ?? .pdfA2b, ocr: try languages(), statedDPI: dpi, signer: signer,
            metadataFile: try fileFields(), fields: try explicitFields(), operatorName: operatorName, channel: channel)
    }
}
