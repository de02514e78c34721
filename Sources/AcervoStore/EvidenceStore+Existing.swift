public import AcervoCore
import AcervoSystem
public import Foundation
public import Logging

extension EvidenceStore {
    /// Opens the store at `directory` only if one is there: what every command that reads a store runs,
    /// so that a mistyped path is an error instead of a new, empty store that reports "0 cases, OK".
    ///
    /// - Throws: `AcervoError` `.notFound` when `directory` does not exist; `.storeRefused` when it is not
    ///   a directory holding an Acervo store (no `acervo-store.json`); whatever ``open(at:logger:)``
    ///   throws otherwise.
    public static func openExisting(at directory: URL, logger: Logger) throws(AcervoError) -> EvidenceStore {
        let layout = StoreLayout(root: directory.standardizedFileURL)
        guard DurableFiles.exists(layout.root) else {
            throw AcervoError(.notFound, english: "no evidence store at \(layout.root.path): the directory does not exist",
                              portuguese: "não há acervo em \(layout.root.path): o diretório não existe")
        }
        guard DurableFiles.isRegularFile(layout.marker) else {
            throw AcervoError(.storeRefused,
                              english: "\(layout.root.path) is not an evidence store (no \(StoreMarker.fileName)); nothing was created",
                              portuguese: "\(layout.root.path) não é um acervo (sem \(StoreMarker.fileName)); nada foi criado")
        }
        return try open(at: directory, logger: logger)
    }
}
