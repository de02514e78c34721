import Foundation

/// The Anexo II metadata (Decreto 10.278/2020) a station knows of a document: who digitizes and where
/// (from the settings), when its pages were read whole, an identifier, and the SHA-256 of each page file.
/// The document's own fields (título, autor, assunto) come from cover sheets or the kind's defaults in
/// the policy; ``DigitizingFiler`` combines them with the kind's `archive:` section.
public struct StationMetadata: Sendable, Hashable, Codable {
    /// Responsável pela digitalização (`responsavel_digitalizacao`).
    public var responsavelDigitalizacao: String?
    /// Local da digitalização (`local_digitalizacao`).
    public var localDigitalizacao: String?
    /// Identificador: `station-<journal id>`, stable across restarts.
    public var identifier: String
    /// SHA-256 of each page file, in order.
    public var pageHashes: [String]
    /// Título, when the route knows it (a cover sheet's); otherwise the kind's default in the policy, or
    /// none, and the document is flagged `metadata-incomplete`.
    public var title: String?

    /// Makes the metadata.
    public init(responsavelDigitalizacao: String?, localDigitalizacao: String?, identifier: String, pageHashes: [String],
                title: String? = nil) {
        self.responsavelDigitalizacao = responsavelDigitalizacao
        self.localDigitalizacao = localDigitalizacao
        self.identifier = identifier
        self.pageHashes = pageHashes
        self.title = title
    }
}
