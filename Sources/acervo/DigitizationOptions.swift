import Acervo
import AcervoCore
import AcervoDigitize
import ArgumentParser
import Foundation

/// The digitization options of `acervo intake --digitize`: the Anexo I profile, the PDF/A part, OCR, the
/// signing certificate and the Anexo II metadata of the document the page files make.
struct DigitizationOptions: ParsableArguments {
    @Option(help: "The Anexo I profile: \(DigitizationProfile.allCases.map(\.rawValue).joined(separator: ", ")) (default texto).")
    var profile: String?

    @Option(help: "The PDF/A part: 2b (default) or 1b.")
    var pdfa: String?

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

    @Option(help: "The resolution of pages whose files declare none, in dpi (50 to 4800).")
    var dpi: Double?

    /// Whether any digitization option was given.
    var anyGiven: Bool {
        profile != nil || pdfa != nil || ocr != nil || pkcs12 != nil || pinFile != nil || metadata != nil
            || !fields.isEmpty || dpi != nil
    }

    /// The range `--dpi` takes.
    static let dpiRange = 50.0...4800.0

    /// Checks what can be checked without reading a file.
    func validate() throws {
        if let profile, DigitizationProfile(rawValue: profile) == nil {
            throw ValidationError("--profile must be one of \(DigitizationProfile.allCases.map(\.rawValue).joined(separator: ", ")), not '\(profile)' / "
                + "--profile deve ser um de \(DigitizationProfile.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let pdfa, PDFAConformance(rawValue: pdfa) == nil {
            throw ValidationError("--pdfa must be 2b or 1b, not '\(pdfa)' / --pdfa deve ser 2b ou 1b")
        }
        if let ocr {
            do { _ = try OCRLanguages(parsing: ocr) } catch { throw ValidationError("--ocr: \(error.message)") }
        }
        if (pkcs12 == nil) != (pinFile == nil) {
            throw ValidationError("--sign and --pin-file go together / --sign e --pin-file vão juntos")
        }
        if let dpi, !Self.dpiRange.contains(dpi) {
            throw ValidationError("--dpi must be between 50 and 4800, not \(dpi) / --dpi deve estar entre 50 e 4800")
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

    /// The library's options: the profile, part, OCR and metadata given, with `signer`.
    func intakeOptions(signer: SigningIdentity?, operatorName: String, channel: Channel) throws(AcervoError) -> DigitizedIntakeOptions {
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
        return DigitizedIntakeOptions(
            profile: profile.flatMap(DigitizationProfile.init(rawValue:)) ?? .texto,
            conformance: pdfa.flatMap(PDFAConformance.init(rawValue:)) ?? .pdfA2b,
            ocr: try ocr.map { text throws(AcervoError) in try OCRLanguages(parsing: text) } ?? .standard,
            statedDPI: dpi, signer: signer,
            metadataFile: try metadata.map { path throws(AcervoError) in try MetadataFile.load(path: path) } ?? ArchivalMetadata(),
            fields: explicit, operatorName: operatorName, channel: channel)
    }
}
