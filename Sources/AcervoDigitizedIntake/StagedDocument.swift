import AcervoCore
import AcervoDigitize
import AcervoStore
import Foundation

/// A digitized document written into the store's staging area, waiting to be committed beside its pages:
/// the digitizer's result, and what the store and the custody log say of it.
struct StagedDocument: DerivedDocument {
    /// What the digitizer wrote (its file, hash, metadata, signer, findings).
    var result: DigitizationResult
    /// The staging directory the document was written in; removed once the intake ends.
    var directory: URL
    /// When the document was written (and signed).
    var writtenAt: Date
    /// The cover sheet that started the document in a split stack, copied into ``directory``.
    var coverSheet: CoverSheetCopy?

    /// A cover sheet's scan, kept beside the document it started.
    struct CoverSheetCopy {
        /// Its name under `derivatives/<first page id>/`: `folha-de-rosto.<ext>`.
        var name: String
        /// The copy in the staging directory.
        var stagedFile: URL
        /// SHA-256 of its bytes, lowercase hex.
        var sha256: String
    }

    /// The document's name under `derivatives/<first page's evidence id>/`: `documento.pdf`, or
    /// `documento.png` for the `foto` and `planta` profiles.
    var name: String { result.profile.outputIsPNG ? "documento.png" : "documento.pdf" }

    /// The files stored as derivatives of the first page: the document, and beside a signed PNG its
    /// detached signature.
    var derivatives: [IntakeCommit.Derivative] {
        var files = [IntakeCommit.Derivative(name: name, stagedFile: result.output)]
        if let signature = result.signatureFile {
            files.append(IntakeCommit.Derivative(name: name + ".p7s", stagedFile: signature))
        }
        if let coverSheet {
            files.append(IntakeCommit.Derivative(name: coverSheet.name, stagedFile: coverSheet.stagedFile))
        }
        return files
    }

    /// The description the first page's record keeps.
    func description(firstPage: UUID, sources: [UUID]) -> DigitizedDocument {
        let path = IntakeCommit.Derivative(name: name, stagedFile: result.output).logicalPath(for: firstPage)
        let signaturePath = result.signatureFile.map { IntakeCommit.Derivative(name: name + ".p7s", stagedFile: $0).logicalPath(for: firstPage) }
        return result.description(path: path, signaturePath: signaturePath, sources: sources)
    }

    /// The custody events of the document: `digitized` (what was made, from which pages) and `signed`
    /// (who signed it; or that it is unsigned, and so lacks the decree's legal equivalence).
    func events(firstPage: UUID, sources: [UUID], operatorName: String) -> [CustodyDraft] {
        let document = description(firstPage: firstPage, sources: sources)
        var facts = [
            "path": document.path, "sha256": document.sha256, "bytes": String(document.byteCount),
            "format": document.format, "profile": document.profile, "pages": String(document.pageCount),
            "sources": sources.map { $0.uuidString.lowercased() }.joined(separator: ","),
            "ocr_words": String(document.ocrWords), "identifier": document.metadata.identifier ?? "",
            "findings": document.findings.joined(separator: ","),
        ]
        if let coverSheet {
            facts["cover_sheet"] = IntakeCommit.Derivative(name: coverSheet.name, stagedFile: coverSheet.stagedFile)
                .logicalPath(for: firstPage)
            facts["cover_sheet_sha256"] = coverSheet.sha256
        }
        let digitized = CustodyDraft(type: .digitized, evidence: firstPage, at: writtenAt, actor: "acervo", details: facts)
        var details = ["signed": String(document.signed), "sha256": document.sha256, "path": document.path]
        if let signer = document.signer {
            details["signer"] = signer.name
            details["cpf"] = signer.cpf ?? ""
            details["issuer"] = signer.issuer
            details["serial"] = signer.serialNumber
            details["signature"] = document.signaturePath ?? "PAdES (embedded)"
        } else {
            details["note"] = Self.unsignedNote
        }
        let signed = CustodyDraft(type: .signed, evidence: firstPage, at: writtenAt, actor: operatorName, details: details)
        return [digitized, signed]
    }

    /// What the custody log says of a document stored without a signature.
    static let unsignedNote = "sem assinatura: sem a equivalência legal do Decreto 10.278/2020, art. 5º / "
        + "unsigned: without the legal equivalence of Decreto 10.278/2020, Art. 5"
}
