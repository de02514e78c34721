public import Foundation

/// The metadata Decreto 10.278/2020 (Anexo II) asks of a digitized document, as it goes into the PDF/A's
/// XMP and the evidence record.
///
/// The JSON keys are part of the command's contract (`--metadata FILE.json`) and are the Portuguese names
/// of the fields. The identifier, the date and time of digitization and the page hashes are Acervo's to
/// fill; the others come from the policy's `archive:` section, the station's or operator's settings and
/// the document itself.
public struct ArchivalMetadata: Sendable, Hashable, Codable {
    // MARK: For every document (Anexo II, first table)

    /// Título: the document's title.
    public var title: String?
    /// Assunto: what the document is about.
    public var subject: String?
    /// Autor (nome): who produced the original.
    public var author: String?
    /// Tipo documental: the kind of document (contrato, nota fiscal, declaração…).
    public var documentType: String?
    /// Responsável pela digitalização: the person or unit that digitized it.
    public var digitizedBy: String?
    /// Local da digitalização: where it was digitized (the unit, city and state).
    public var digitizationPlace: String?
    /// Data da digitalização: when it was digitized (Acervo fills it).
    public var digitizedAt: Date?
    /// Identificador do documento digital (Acervo fills it).
    public var identifier: String?
    /// Hash (checksum) da imagem: the SHA-256 of each page image, in page order, lowercase hex (Acervo fills it).
    public var pageHashes: [String]

    // MARK: For public bodies (Anexo II, second table)

    /// Classe: the class in the body's classification plan (e.g. `061.1`).
    public var documentClass: String?
    /// Data de produção do documento original, as the original states it (ISO 8601 date when known).
    public var producedOn: String?
    /// Destinação prevista: what the retention table says happens at the end of the retention period.
    public var intendedDisposition: Disposition?
    /// Gênero: the documentary genre (textual, iconográfico, cartográfico…).
    public var genre: String?
    /// Prazo de guarda: the retention period, as the retention table words it.
    public var retentionPeriod: String?

    /// The end of a document's retention period.
    public enum Disposition: String, Sendable, Hashable, Codable, CaseIterable {
        /// Eliminação: destroyed once the period ends.
        case elimination = "eliminacao"
        /// Guarda permanente: kept forever.
        case permanent = "guarda_permanente"
    }

    enum CodingKeys: String, CodingKey {
        case title = "titulo"
        case subject = "assunto"
        case author = "autor"
        case documentType = "tipo_documental"
        case digitizedBy = "responsavel_digitalizacao"
        case digitizationPlace = "local_digitalizacao"
        case digitizedAt = "data_digitalizacao"
        case identifier = "identificador"
        case pageHashes = "hash_imagens"
        case documentClass = "classe"
        case producedOn = "data_producao"
        case intendedDisposition = "destinacao_prevista"
        case genre = "genero"
        case retentionPeriod = "prazo_guarda"
    }

    /// Makes metadata; every field is optional until the document is written.
    public init(title: String? = nil, subject: String? = nil, author: String? = nil, documentType: String? = nil,
                digitizedBy: String? = nil, digitizationPlace: String? = nil, digitizedAt: Date? = nil,
                identifier: String? = nil, pageHashes: [String] = [], documentClass: String? = nil,
                producedOn: String? = nil, intendedDisposition: Disposition? = nil, genre: String? = nil,
                retentionPeriod: String? = nil) {
        self.title = title
        self.subject = subject
        self.author = author
        self.documentType = documentType
        self.digitizedBy = digitizedBy
        self.digitizationPlace = digitizationPlace
        self.digitizedAt = digitizedAt
        self.identifier = identifier
        self.pageHashes = pageHashes
        self.documentClass = documentClass
        self.producedOn = producedOn
        self.intendedDisposition = intendedDisposition
        self.genre = genre
        self.retentionPeriod = retentionPeriod
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        subject = try c.decodeIfPresent(String.self, forKey: .subject)
        author = try c.decodeIfPresent(String.self, forKey: .author)
        documentType = try c.decodeIfPresent(String.self, forKey: .documentType)
        digitizedBy = try c.decodeIfPresent(String.self, forKey: .digitizedBy)
        digitizationPlace = try c.decodeIfPresent(String.self, forKey: .digitizationPlace)
        digitizedAt = try c.decodeIfPresent(Date.self, forKey: .digitizedAt)
        identifier = try c.decodeIfPresent(String.self, forKey: .identifier)
        pageHashes = try c.decodeIfPresent([String].self, forKey: .pageHashes) ?? []
        documentClass = try c.decodeIfPresent(String.self, forKey: .documentClass)
        producedOn = try c.decodeIfPresent(String.self, forKey: .producedOn)
        intendedDisposition = try c.decodeIfPresent(Disposition.self, forKey: .intendedDisposition)
        genre = try c.decodeIfPresent(String.self, forKey: .genre)
        retentionPeriod = try c.decodeIfPresent(String.self, forKey: .retentionPeriod)
    }
}
