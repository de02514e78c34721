package import AcervoCore
import Foundation

/// A digitized document as Acervo's reports print it (`acervo case show --json`, `acervo intake --digitize
/// --json`): snake_case keys, dates to the second in UTC, ids in lowercase, the Anexo II metadata under its
/// Portuguese keys.
extension DigitizedDocument {
    /// Writes the document's fields into `c`; without `findings` when the caller writes the gate's findings whole.
    package func encodeReport(to c: inout KeyedEncodingContainer<ReportJSON.Key>, findings writesFindings: Bool = true) throws {
        try c.encode(path, forKey: "path")
        try c.encodeIfPresent(signaturePath, forKey: "signature_path")
        try c.encode(sha256, forKey: "sha256")
        try c.encode(byteCount, forKey: "bytes")
        try c.encode(format, forKey: "format")
        try c.encodeIfPresent(pdfaPart, forKey: "pdfa")
        try c.encode(profile, forKey: "profile")
        try c.encode(pageCount, forKey: "pages")
        try c.encode(sources.map(ReportJSON.id), forKey: "sources")
        try c.encode(ocrWords, forKey: "ocr_words")
        try c.encode(signed, forKey: "signed")
        if let signer {
            var s = c.nestedContainer(keyedBy: ReportJSON.Key.self, forKey: "signer")
            try s.encode(signer.name, forKey: "name")
            try s.encodeIfPresent(signer.cpf, forKey: "cpf")
            try s.encode(signer.issuer, forKey: "issuer")
            try s.encode(signer.serialNumber, forKey: "serial_number")
            try s.encodeDate(signer.notAfter, forKey: "not_after")
        }
        var m = c.nestedContainer(keyedBy: ReportJSON.Key.self, forKey: "metadata")
        for field in ArchivalMetadata.Field.allCases {
            let key = ReportJSON.Key(field.rawValue)
            switch field {
            case .hashImagens: try m.encode(metadata.pageHashes, forKey: key)
            case .dataDigitalizacao: if let at = metadata.digitizedAt { try m.encodeDate(at, forKey: key) }
            default: try m.encodeIfPresent(metadata[field], forKey: key)
            }
        }
        if writesFindings { try c.encode(findings, forKey: "findings") }
    }

    /// Reads a document as ``encodeReport(to:)`` writes it.
    package init(report c: KeyedDecodingContainer<ReportJSON.Key>) throws {
        var signer: Signer?
        if c.contains("signer") {
            let s = try c.nestedContainer(keyedBy: ReportJSON.Key.self, forKey: "signer")
            signer = Signer(name: try s.decode(String.self, forKey: "name"), cpf: try s.decodeIfPresent(String.self, forKey: "cpf"),
                            issuer: try s.decode(String.self, forKey: "issuer"),
                            serialNumber: try s.decode(String.self, forKey: "serial_number"),
                            notAfter: try s.decodeDate(forKey: "not_after"))
        }
        let m = try c.nestedContainer(keyedBy: ReportJSON.Key.self, forKey: "metadata")
        var metadata = ArchivalMetadata()
        for field in ArchivalMetadata.Field.given {
            if let text = try m.decodeIfPresent(String.self, forKey: ReportJSON.Key(field.rawValue)) {
                do { try metadata.set(field, to: text, source: "report") } catch {
                    throw DecodingError.dataCorruptedError(forKey: ReportJSON.Key(field.rawValue), in: m,
                                                           debugDescription: error.english)
                }
            }
        }
        metadata.identifier = try m.decodeIfPresent(String.self, forKey: "identificador")
        if m.contains("data_digitalizacao") { metadata.digitizedAt = try m.decodeDate(forKey: "data_digitalizacao") }
        metadata.pageHashes = try m.decodeIfPresent([String].self, forKey: "hash_imagens") ?? []
        var sources: [UUID] = []
        var list = try c.nestedUnkeyedContainer(forKey: "sources")
        while !list.isAtEnd {
            let text = try list.decode(String.self)
            guard let id = UUID(uuidString: text) else {
                throw DecodingError.dataCorruptedError(in: list, debugDescription: "not an id: \(text)")
            }
            sources.append(id)
        }
        self.init(path: try c.decode(String.self, forKey: "path"),
                  signaturePath: try c.decodeIfPresent(String.self, forKey: "signature_path"),
                  sha256: try c.decode(String.self, forKey: "sha256"), byteCount: try c.decode(Int64.self, forKey: "bytes"),
                  format: try c.decode(String.self, forKey: "format"), profile: try c.decode(String.self, forKey: "profile"),
                  sources: sources, pageCount: try c.decode(Int.self, forKey: "pages"),
                  ocrWords: try c.decode(Int.self, forKey: "ocr_words"), signed: try c.decode(Bool.self, forKey: "signed"),
                  signer: signer, metadata: metadata, findings: try c.decode([String].self, forKey: "findings"))
    }

    /// The PDF/A part and level (`2b`, `1b`) of a PDF/A document; `nil` for a PNG.
    package var pdfaPart: String? {
        format.hasPrefix("pdf-a-") ? String(format.dropFirst("pdf-a-".count)) : nil
    }
}
