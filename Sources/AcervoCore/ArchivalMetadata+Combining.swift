import Foundation

extension ArchivalMetadata {
    /// A field of Anexo II, by the key the metadata file and the policy's `archive:` section use.
    public enum Field: String, Sendable, Hashable, CaseIterable, Codable {
        case titulo, assunto, autor
        case tipoDocumental = "tipo_documental"
        case responsavelDigitalizacao = "responsavel_digitalizacao"
        case localDigitalizacao = "local_digitalizacao"
        case dataDigitalizacao = "data_digitalizacao"
        case identificador
        case hashImagens = "hash_imagens"
        case classe
        case dataProducao = "data_producao"
        case destinacaoPrevista = "destinacao_prevista"
        case genero
        case prazoGuarda = "prazo_guarda"

        /// The fields a person or a policy gives; the others (identifier, date of digitization, page
        /// hashes) are Acervo's to fill and are refused in a metadata file.
        public static let given: [Field] = [
            .titulo, .assunto, .autor, .tipoDocumental, .responsavelDigitalizacao, .localDigitalizacao,
            .dataProducao, .classe, .destinacaoPrevista, .genero, .prazoGuarda,
        ]

        /// The field's name in Anexo II, in Portuguese and English, for messages.
        public var names: (pt: String, en: String) {
            switch self {
            case .titulo: ("Título", "title")
            case .assunto: ("Assunto", "subject")
            case .autor: ("Autor (nome)", "author (name)")
            case .tipoDocumental: ("Tipo documental", "document type")
            case .responsavelDigitalizacao: ("Responsável pela digitalização", "person responsible for digitization")
            case .localDigitalizacao: ("Local da digitalização", "place of digitization")
            case .dataDigitalizacao: ("Data da digitalização", "date of digitization")
            case .identificador: ("Identificador do documento digital", "digital document identifier")
            case .hashImagens: ("Hash (checksum) da imagem", "image hash (checksum)")
            case .classe: ("Classe", "class")
            case .dataProducao: ("Data de produção do documento original", "date the original was produced")
            case .destinacaoPrevista: ("Destinação prevista", "intended disposition")
            case .genero: ("Gênero", "genre")
            case .prazoGuarda: ("Prazo de guarda", "retention period")
            }
        }
    }

    /// The value of a given field as text; `nil` when it is not set.
    public subscript(field: Field) -> String? {
        get {
            switch field {
            case .titulo: title
            case .assunto: subject
            case .autor: author
            case .tipoDocumental: documentType
            case .responsavelDigitalizacao: digitizedBy
            case .localDigitalizacao: digitizationPlace
            case .dataDigitalizacao: digitizedAt.map { $0.formatted(.iso8601) }
            case .identificador: identifier
            case .hashImagens: pageHashes.isEmpty ? nil : pageHashes.joined(separator: " ")
            case .classe: documentClass
            case .dataProducao: producedOn
            case .destinacaoPrevista: intendedDisposition?.rawValue
            case .genero: genre
            case .prazoGuarda: retentionPeriod
            }
        }
    }

    /// Sets a field a person or a policy gives from its text, after trimming it; an empty text clears it.
    /// Throws when `destinacao_prevista` is neither `eliminacao` nor `guarda_permanente`, or when the
    /// field is one Acervo fills.
    public mutating func set(_ field: Field, to text: String, source: String) throws(AcervoError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let value: String? = trimmed.isEmpty ? nil : trimmed
        switch field {
        case .titulo: title = value
        case .assunto: subject = value
        case .autor: author = value
        case .tipoDocumental: documentType = value
        case .responsavelDigitalizacao: digitizedBy = value
        case .localDigitalizacao: digitizationPlace = value
        case .classe: documentClass = value
        case .dataProducao: producedOn = value
        case .genero: genre = value
        case .prazoGuarda: retentionPeriod = value
        case .destinacaoPrevista:
            guard let value else { intendedDisposition = nil; return }
            guard let disposition = Disposition(rawValue: value) else {
                throw AcervoError(.invalidArgument,
                                  english: "\(source): destinacao_prevista must be eliminacao or guarda_permanente, not '\(value)'",
                                  portuguese: "\(source): destinacao_prevista deve ser eliminacao ou guarda_permanente, não '\(value)'")
            }
            intendedDisposition = disposition
        case .dataDigitalizacao, .identificador, .hashImagens:
            throw AcervoError(.invalidArgument,
                              english: "\(source): \(field.rawValue) is filled by Acervo and cannot be given",
                              portuguese: "\(source): \(field.rawValue) é preenchido pelo Acervo e não pode ser informado")
        }
    }

    /// These fields, with every field `other` sets taking the place of this one's.
    ///
    /// Combining in order — the policy's `archive:` section, then the station's or operator's
    /// settings, then the metadata file, then the command's flags — gives the document's metadata:
    /// the later, more particular source wins.
    public func overlaid(with other: ArchivalMetadata) -> ArchivalMetadata {
        var result = self
        result.title = other.title ?? title
        result.subject = other.subject ?? subject
        result.author = other.author ?? author
        result.documentType = other.documentType ?? documentType
        result.digitizedBy = other.digitizedBy ?? digitizedBy
        result.digitizationPlace = other.digitizationPlace ?? digitizationPlace
        result.digitizedAt = other.digitizedAt ?? digitizedAt
        result.identifier = other.identifier ?? identifier
        result.pageHashes = other.pageHashes.isEmpty ? pageHashes : other.pageHashes
        result.documentClass = other.documentClass ?? documentClass
        result.producedOn = other.producedOn ?? producedOn
        result.intendedDisposition = other.intendedDisposition ?? intendedDisposition
        result.genre = other.genre ?? genre
        result.retentionPeriod = other.retentionPeriod ?? retentionPeriod
        return result
    }

    /// The fields Anexo II asks of a public body's digitized document that are still empty, in the
    /// decree's order. Every field counts: a Procon is a public body.
    public var missingFields: [Field] {
        Field.allCases.filter { self[$0] == nil }
    }

    /// The error for a document whose `missing` fields are empty, naming each in both languages.
    public static func missingFieldsError(_ missing: [Field]) -> AcervoError {
        AcervoError(.invalidArgument,
                    english: "Anexo II metadata missing: " + missing.map { "\($0.rawValue) (\($0.names.en))" }.joined(separator: ", "),
                    portuguese: "faltam metadados do Anexo II: " + missing.map { "\($0.rawValue) (\($0.names.pt))" }.joined(separator: ", "))
    }
}
