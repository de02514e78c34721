public import AcervoCore
public import Foundation

/// The per-document metadata file of `acervo digitize --metadata FILE.json`: one JSON object whose keys
/// are Anexo II fields (``ArchivalMetadata/Field/given``), each a string.
///
/// The file is read strictly, like the policy: an unknown key, a value that is not a string, or a field
/// Acervo fills (the identifier, the date of digitization, the page hashes) is an error naming it, so a
/// misspelt `tittulo` never leaves a document without its title unnoticed.
public enum MetadataFile {
    /// The largest metadata file read: a few fields of text never come near it.
    public static let maximumBytes = 1 << 20

    /// Reads the file at `path`.
    public static func load(path: String) throws(AcervoError) -> ArchivalMetadata {
        let input: InputFile
        switch InputFile.open(path: path) {
        case .success(let opened): input = opened
        case .failure(let refusal):
            throw AcervoError(.invalidArgument, english: "\(path): cannot read the metadata file: \(refusal.english)",
                              portuguese: "\(path): não foi possível ler o arquivo de metadados: \(refusal.portuguese)",
                              path: path)
        }
        // Read at most one byte past the limit: a larger file is refused without reading it whole.
        let handle = FileHandle(fileDescriptor: input.descriptor, closeOnDealloc: true)
        let data: Data
        do {
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw AcervoError(.io, english: "\(path): cannot read the metadata file: \(error.localizedDescription)",
                              portuguese: "\(path): não foi possível ler o arquivo de metadados: \(error.localizedDescription)",
                              path: path)
        }
        return try parse(data, source: path)
    }

    /// Parses the file's bytes; `source` names it in errors.
    public static func parse(_ data: Data, source: String) throws(AcervoError) -> ArchivalMetadata {
        guard data.count <= maximumBytes else {
            throw AcervoError(.invalidArgument,
                              english: "\(source): a metadata file is at most \(maximumBytes) bytes",
                              portuguese: "\(source): um arquivo de metadados tem no máximo \(maximumBytes) bytes")
        }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw AcervoError(.invalidArgument, english: "\(source): the metadata file must hold one JSON object",
                                  portuguese: "\(source): o arquivo de metadados deve conter um objeto JSON")
            }
            object = parsed
        } catch let error as AcervoError {
            throw error
        } catch {
            throw AcervoError(.invalidArgument, english: "\(source): not valid JSON (\(error.localizedDescription))",
                              portuguese: "\(source): JSON inválido (\(error.localizedDescription))")
        }
        var metadata = ArchivalMetadata()
        for key in object.keys.sorted() {
            guard let field = ArchivalMetadata.Field(rawValue: key) else {
                let keys = ArchivalMetadata.Field.given.map(\.rawValue).joined(separator: ", ")
                throw AcervoError(.invalidArgument,
                                  english: "\(source): unknown key '\(key)'; keys are \(keys)",
                                  portuguese: "\(source): chave desconhecida '\(key)'; as chaves são \(keys)")
            }
            guard let text = object[key] as? String else {
                throw AcervoError(.invalidArgument,
                                  english: "\(source): '\(key)' must be a string",
                                  portuguese: "\(source): '\(key)' deve ser um texto")
            }
            try metadata.set(field, to: text, source: source) // refuses the fields Acervo fills
        }
        return metadata
    }
}
