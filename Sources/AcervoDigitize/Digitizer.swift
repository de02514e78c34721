import AcervoCore
import COpenSSL
import Dispatch
public import Foundation
import Synchronization

/// Makes the legal digital document from scanned pages (Decreto 10.278/2020): reads the pages, holds
/// them to Anexo I, reads their text, writes the PDF/A (or the PNG of a `foto` or `planta`) with the
/// Anexo II metadata, and signs it.
///
/// The order is what keeps the operator's work safe and cheap:
/// 1. the metadata is checked (a missing mandatory field is an error naming it, or with
///    ``DigitizationRequest/IncompleteMetadata/flagged`` a `metadata-incomplete` finding) before any page is read;
/// 2. every page's header is read and held to the profile; a rejected finding refuses the document
///    before a pixel is decoded;
/// 3. pages are decoded, checked for blankness, encoded losslessly and read by the OCR engine several at
///    once (at most ``DigitizationRequest/concurrentPages`` in memory); a page that cannot be decoded is
///    a finding with its number;
/// 4. the document is written under a temporary name, signed there, synced, and only then given its
///    name. A refused document writes nothing; the page files are only ever read.
public struct Digitizer: Sendable {
    /// Makes a digitizer.
    public init() {}

    /// Digitizes `request`'s pages into `output`.
    ///
    /// `identifier` and `digitizedAt` are the Anexo II identifier and date of digitization (a new UUID and
    /// now, by default). `progress` is called from worker threads as pages finish and the document is
    /// written.
    ///
    /// - Returns: ``DigitizationOutcome/written(_:)`` or, when the quality gate refuses the pages,
    ///   ``DigitizationOutcome/refused(_:pageCount:)`` with nothing written.
    /// - Throws: `AcervoError` for missing metadata (`invalidArgument`), a missing language model, a
    ///   multi-page `foto` or `planta`, cancellation, or an operational failure (the disk, a library);
    ///   ``SigningError`` when signing fails. Nothing is left under `output`'s name on any error.
    public func digitize(
        _ request: DigitizationRequest, to output: URL,
        identifier: String = UUID().uuidString.lowercased(), digitizedAt: Date = Date(),
        progress: @escaping @Sendable (DigitizationProgress) -> Void = { _ in }
    ) async throws -> DigitizationOutcome {
        var metadata = request.metadata
        metadata.identifier = identifier
        metadata.digitizedAt = digitizedAt
        metadata.pageHashes = []
        let missing = metadata.missingFields.filter { $0 != .hashImagens }
        var findings: [DigitizationFinding] = []
        if !missing.isEmpty {
            guard request.incompleteMetadata == .flagged else { throw ArchivalMetadata.missingFieldsError(missing) }
            findings.append(DigitizationFinding(code: .metadataIncomplete, page: nil,
                                                verdict: request.grades.verdict(for: .metadataIncomplete),
                                                detail: missing.map(\.rawValue).joined(separator: ", ")))
        }
        let ocr: OCRLanguages = request.profile.outputIsPNG ? .none : request.ocr
        if case .languages = ocr {
            try request.tessdata.check(ocr)
            try TesseractLibrary.check()
        }

        // Headers first: a document the gate refuses costs no decoding.
        let document = try ScannedDocument.read(paths: request.pages, limits: request.limits, grades: request.grades)
        let gate = QualityGate(profile: request.profile, statedDPI: request.statedDPI, grades: request.grades)
        findings += document.findings + document.pages.flatMap { gate.inspect($0.page) }
        guard !document.pages.isEmpty else {
            // Each file that gave no page already says why; the document-wide finding is for files that said
            // nothing (no files, or TIFFs of reduced-resolution images only).
            return .refused(Self.ordered(findings) + (document.findings.isEmpty ? [Self.noPages] : []), pageCount: 0)
        }
        guard QualityGate.admits(findings) else { return .refused(Self.ordered(findings), pageCount: document.pages.count) }
        if request.profile.outputIsPNG, document.pages.count != 1 {
            throw AcervoError(.invalidArgument,
                              english: "the \(request.profile.rawValue) profile makes one PNG from one page; \(document.pages.count) pages were given",
                              portuguese: "o perfil \(request.profile.rawValue) faz um PNG de uma página; foram dadas \(document.pages.count) páginas")
        }

        let pages = try await PageWork.run(document: document, ocr: ocr, request: request, keepRaster: request.profile.outputIsPNG,
                                           progress: progress)
        findings += pages.flatMap(\.findings)
        guard QualityGate.admits(findings) else { return .refused(Self.ordered(findings), pageCount: pages.count) }

        progress(DigitizationProgress(stage: .writing, pagesDone: pages.count, pageCount: pages.count))
        var result: DigitizationResult
        if request.profile.outputIsPNG, let raster = pages.first?.raster {
            result = try Self.writePNG(raster, metadata: metadata, request: request, to: output)
        } else {
            result = try Self.writePDF(pages, metadata: metadata, request: request, to: output)
        }
        result.findings = Self.ordered(findings)
        progress(DigitizationProgress(stage: .written, pagesDone: pages.count, pageCount: pages.count))
        return .written(result)
    }

    // MARK: Writing

    private static func writePDF(_ pages: [PageWork.Done], metadata: ArchivalMetadata, request: DigitizationRequest,
                                 to output: URL) throws -> DigitizationResult {
        let writer = try PDFAWriter(conformance: request.conformance, metadata: metadata, statedDPI: request.statedDPI)
        for page in pages {
            guard let image = page.image else { continue }
            try writer.addPage(image, words: page.words)
        }
        var written = metadata
        written.pageHashes = writer.pageImageHashes
        let signature = try request.signer.map {
            try PAdESSignature(identity: $0, signingTime: metadata.digitizedAt ?? Date(), location: metadata.digitizationPlace)
        }
        var digest: (sha256: String, bytes: Int64)?
        try writer.write(to: output, beforeWriting: signature.map { s in { try s.addSignatureField(to: $0) } }) { fd in
            if let signature { try signature.sign(descriptor: fd, name: output.path) }
            digest = try Self.digest(fd, name: output.path)
        }
        return DigitizationResult(
            output: output, signatureFile: nil, format: request.format, profile: request.profile, pageCount: pages.count,
            ocrWords: pages.reduce(0) { $0 + $1.words.count }, sha256: digest?.sha256 ?? "", byteCount: digest?.bytes ?? 0,
            metadata: written, signer: request.signer?.signer, findings: [])
    }

    private static func writePNG(_ raster: PageRaster, metadata: ArchivalMetadata, request: DigitizationRequest,
                                 to output: URL) throws -> DigitizationResult {
        var written = metadata
        written.pageHashes = [ArchivalPNG.imageHash(raster)]
        try ArchivalPNG.write(raster, xmp: written.xmpPacket(mediaType: "image/png"), to: output)
        var signatureFile: URL?
        if let signer = request.signer {
            let p7s = output.appendingPathExtension("p7s")
            do {
                try CAdESSignature(identity: signer, signingTime: metadata.digitizedAt ?? Date())
                    .writeSignature(ofFileAt: output.path, to: p7s.path)
            } catch {
                // An unsigned PNG must not stand where a signed one was asked for.
                unlink(output.path)
                throw error
            }
            signatureFile = p7s
        }
        let descriptor = open(output.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw AcervoError.io(.open, path: output.path, errno: errno) }
        defer { close(descriptor) }
        let digest = try Self.digest(descriptor, name: output.path)
        return DigitizationResult(
            output: output, signatureFile: signatureFile, format: request.format, profile: request.profile, pageCount: 1,
            ocrWords: 0, sha256: digest.sha256, byteCount: digest.bytes, metadata: written, signer: request.signer?.signer,
            findings: [])
    }

    /// The SHA-256 and size of the whole file open at `descriptor`.
    private static func digest(_ descriptor: Int32, name: String) throws -> (sha256: String, bytes: Int64) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw AcervoError.io(.read, path: name, errno: errno) }
        let size = Int(status.st_size)
        let bytes = try FileDigest.sha256(descriptor, ranges: [(0, size)], path: name)
        return (bytes.map { String(format: "%02x", $0) }.joined(), Int64(size))
    }

    // MARK: Findings

    /// Findings in page order (a file's finding without a page first), stable otherwise.
    static func ordered(_ findings: [DigitizationFinding]) -> [DigitizationFinding] {
        findings.enumerated().sorted { a, b in
            let pa = a.element.page ?? 0, pb = b.element.page ?? 0
            return pa != pb ? pa < pb : a.offset < b.offset
        }.map(\.element)
    }

    /// No file gave a page: whatever the grades, there is nothing to write.
    private static let noPages = DigitizationFinding(code: .unreadablePage, page: nil, verdict: .rejected,
                                                     detail: "no page", detailPortuguese: "nenhuma página")
}
