public import AcervoCore
public import Foundation

extension EvidenceArchive {
    /// Takes a scanned paper document into a case as its page files and the legal digital document made
    /// from them (Decreto 10.278/2020): a signed, searchable PDF/A, or for the `foto` and `planta` profiles
    /// a PNG with a detached `.p7s` signature.
    ///
    /// ```swift
    /// let identity = try SigningIdentity(pkcs12: "/etc/acervo/maria.p12", pinFile: "/run/secrets/maria.pin")
    /// let report = try await archive.intakeDigitized(
    ///     pages: [URL(fileURLWithPath: "contrato-p1.tif"), URL(fileURLWithPath: "contrato-p2.tif")],
    ///     case: try CaseNumber(validating: "MS-2024-000123"), kind: .contract,
    ///     options: DigitizedIntakeOptions(profile: .texto, signer: identity,
    ///                                     settings: ArchivalMetadata(digitizedBy: "Maria", digitizationPlace: "Procon-MS"),
    ///                                     fields: ArchivalMetadata(title: "Contrato de adesão", author: "Banco X"),
    ///                                     operatorName: "maria", channel: .scanStation))
    /// print(report.document?.path ?? "refused", report.findings.map(\.code))
    /// ```
    ///
    /// The page files are the document's pages in order (a multi-page TIFF or PDF gives all its pages).
    /// Each is received like an intake's file — byte for byte into staging, hashed, refused as a link,
    /// FIFO or device, judged by the kind's policy — and becomes its own evidence record, an original of
    /// `kind`. The document is made from those staged copies, so it is made from exactly the bytes the
    /// case keeps, and stored as a derivative of the first page, at
    /// `derivatives/<first page's evidence id>/documento.pdf` (or `documento.png` and `documento.png.p7s`);
    /// the first page's record describes it under `digitized` (its sources are the page files' evidence
    /// ids), and the custody log gets a `digitized` event (hash, format, profile, pages) and a `signed` one
    /// (the signer; or `signed: false`, with the note that an unsigned document lacks the decree's legal
    /// equivalence). Pages and document are one new version of the case.
    ///
    /// The Anexo II metadata combines the kind's `archive:` section, then `options.settings`, then
    /// `options.metadataFile`, then `options.fields` (see ``DigitizedIntakeOptions``); Acervo fills the
    /// identifier — `<case>/<first page's evidence id>` — the date of digitization and the page hashes.
    ///
    /// A refused document is a verdict, not an error: when the Anexo I quality gate refuses the pages (a
    /// 150 dpi page, a colour mode poorer than the profile's, a page that cannot be read) or the policy
    /// does not accept a page file, every page file goes to the quarantine with the reasons — the gate's
    /// codes (``ReasonCode/digitization``, the page number in each reason's detail) and the other page
    /// files' — and nothing enters the case.
    ///
    /// - Parameters:
    ///   - pages: the page files, in order.
    ///   - caseNumber: the complaint's protocol number.
    ///   - kind: the document kind; it must have an `archive:` section in the policy.
    ///   - options: profile, PDF/A part, OCR, signer, metadata, operator and channel.
    ///   - progress: called from the pipeline's queues and the digitizer's workers: each page file's intake
    ///     steps, then each page the digitizer finishes, then the document written and the version stored.
    /// - Throws: `AcervoError` for operational failures only, with nothing stored and nothing left in
    ///   staging: a missing mandatory Anexo II field or a kind without an `archive:` section
    ///   (`invalidArgument`, before a byte is read), a page file that is not a regular file, a missing OCR
    ///   language model, a signing failure, the disk, cancellation.
    public func intakeDigitized(pages: [URL], case caseNumber: CaseNumber, kind: DocumentKind,
                                options: DigitizedIntakeOptions = DigitizedIntakeOptions(),
                                progress: (@Sendable (DigitizedIntakeProgress) -> Void)? = nil)
    async throws(AcervoError) -> DigitizedIntakeReport {
        try await pipeline.runDigitized(pages: pages, caseNumber: caseNumber, kind: kind, options: options,
                                        progress: progress)
    }
}
