import AcervoCore
import AcervoPolicy
import AcervoDigitize
import CTIFF
import Crypto
import Foundation
import Synchronization
import Testing

/// The whole digitization of a document through the library: pages to a signed, searchable PDF/A or PNG,
/// or a refusal with nothing written.
@Suite struct DigitizerTests {
    let dir = TemporaryDirectory("acervo-digitizer")

    func request(_ pages: [URL], profile: DigitizationProfile = .texto, conformance: PDFAConformance = .pdfA2b,
                 ocr: OCRLanguages = .none, metadata: ArchivalMetadata = SyntheticPage.metadata,
                 signer: SigningIdentity? = nil) -> DigitizationRequest {
        DigitizationRequest(pages: pages.map(\.path), profile: profile, conformance: conformance, ocr: ocr,
                            metadata: metadata, signer: signer)
    }

    func sha256(_ url: URL) throws -> String {
        SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
    }

    @Test(.enabled(if: PDFValidators.preflightAvailable && which("pyhanko") != nil && which("pdftotext") != nil,
                   "needs PDFBox Preflight, pyhanko and pdftotext"))
    func scannedPagesBecomeASignedSearchablePDFA() async throws {
        defer { dir.cleanUp() }
        let ca = try SigningTestAuthority.shared.get()
        let identity = try SigningIdentity(pkcs12: ca.pkcs12("signer"), pinFile: ca.pinFile)
        let letter = try RecognitionFixtures.page("letter-bitonal")
        let contract = try RecognitionFixtures.page("contract-grey")
        let output = dir.url.appending(path: "documento.pdf")
        let steps = Mutex<[DigitizationProgress]>([])
        let outcome = try await Digitizer().digitize(
            request([letter.tiff, contract.tiff], profile: .texto, conformance: .pdfA1b, ocr: .standard,
                    signer: identity),
            to: output) { step in steps.withLock { $0.append(step) } }
        guard case .written(let result) = outcome else { Issue.record("refused: \(outcome.findings)"); return }

        #expect(result.pageCount == 2 && result.format == "pdf-a-1b" && result.signed)
        let written = try sha256(output)
        #expect(result.sha256 == written)
        let size = try Data(contentsOf: output).count
        #expect(result.byteCount == Int64(size))
        #expect(result.metadata.pageHashes.count == 2 && result.metadata.identifier != nil)
        #expect(result.ocrWords > 100)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)
        #expect(!names.contains { $0.hasPrefix(".") }, "no temporary file is left")
        let stages = steps.withLock { $0 }
        #expect(stages.filter { $0.stage == .page }.count == 2)
        #expect(stages.last?.stage == .written)

        let preflight = try PDFValidators.preflight(output)
        #expect(preflight.stdout.contains("is a valid PDF/A-1b file"), "\(preflight.stdout)\(preflight.stderr)")
        let text = try runCommand(which("pdftotext")!, [output.path, "-"])
        let accuracy = try wordAccuracy(truth: letter.truth + "\n" + contract.truth, ocr: text.stdout)
        #expect(accuracy >= 0.9)
        let validation = try runCommand(which("pyhanko")!, ["sign", "validate", "--no-revocation-check", "--trust",
                                                            ca.rootPEM, "--pretty-print", output.path])
        #expect(validation.stdout.contains("The signature covers the entire file."), "\(validation.stdout)\(validation.stderr)")
        #expect(validation.stdout.contains("The signature is judged VALID."))
    }

    @Test func aPageBelowTheProfilesResolutionRefusesTheDocumentAndWritesNothing() async throws {
        defer { dir.cleanUp() }
        let pages = dir.url.appending(path: "paginas.tif")
        try TestTIFF.write([TestPage(width: 400, height: 300), TestPage(width: 400, height: 300, resolution: (150, 150))],
                           to: pages)
        let output = dir.url.appending(path: "documento.pdf")
        let outcome = try await Digitizer().digitize(request([pages]), to: output)
        guard case .refused(let findings, let pageCount) = outcome else { Issue.record("written"); return }
        #expect(findings.map(\.code) == [.resolutionTooLow])
        #expect(findings.first?.page == 2 && findings.first?.verdict == .rejected)
        #expect(pageCount == 2, "both pages' headers were read")
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["paginas.tif"])
    }

    /// A page with no image to archive refuses the document whatever a caller grades it: written without
    /// the page, the document would lack part of the paper.
    @Test func aMissingPageIsRejectedWhateverTheGrades() throws {
        let lenient = DigitizationGrades(overrides: [.unreadablePage: .accepted, .unsupportedPage: .review,
                                                     .pageTooLarge: .accepted, .blankPage: .review])
        #expect([DigitizationFindingCode.unreadablePage, .unsupportedPage, .pageTooLarge].map(lenient.verdict) ==
                [.rejected, .rejected, .rejected])
        #expect(lenient.verdict(for: .blankPage) == .review)
        let policy = Policy(alwaysRejected: [], gravity: [.unreadablePage: .accepted], kinds: [:])
        #expect(policy.reason(.unreadablePage).verdict == .rejected)
        #expect(policy.digitizationGrades.verdict(for: .unreadablePage) == .rejected)
    }

    @Test func aFileThatGivesNoPageSaysWhyOnce() async throws {
        defer { dir.cleanUp() }
        let notAScan = dir.url.appending(path: "carta.tif")
        try Data("not a scan at all".utf8).write(to: notAScan)
        guard case .refused(let findings, let pageCount) = try await Digitizer().digitize(request([notAScan]),
                                                                                       to: dir.url.appending(path: "d.pdf"))
        else { Issue.record("written"); return }
        // The file's own reason, not a second "no page" finding that would call the file corrupt twice.
        #expect(findings.map(\.code) == [.unreadablePage] && pageCount == 0)
        #expect(findings.first?.detail == "carta.tif: not a TIFF, PNG, JPEG or PDF")
        #expect(findings.first?.messagePortuguese.hasSuffix("(carta.tif: não é TIFF, PNG, JPEG nem PDF)") == true)
        let json = String(decoding: try JSONEncoder().encode(findings), as: UTF8.self)
        #expect(json.contains("\"detail_pt\":\"carta.tif: não é TIFF, PNG, JPEG nem PDF\""), "\(json)")
    }

    @Test func aMissingMandatoryFieldIsAnErrorBeforeAnyPageIsRead() async throws {
        defer { dir.cleanUp() }
        var metadata = SyntheticPage.metadata
        metadata.author = nil
        metadata.retentionPeriod = nil
        do {
            _ = try await Digitizer().digitize(request([dir.url.appending(path: "nao-existe.tif")], metadata: metadata),
                                               to: dir.url.appending(path: "documento.pdf"))
            Issue.record("no error")
        } catch let error as AcervoError {
            #expect(error.english.contains("autor (author (name))") && error.english.contains("prazo_guarda"), "\(error.english)")
            #expect(error.portuguese?.contains("Autor (nome)") == true)
        }
    }

    @Test func aStationsDocumentMissingFieldsIsWrittenAndFlaggedForCompletion() async throws {
        defer { dir.cleanUp() }
        let pages = dir.url.appending(path: "pagina.tif")
        try TestTIFF.write([TestPage(width: 640, height: 480)], to: pages)
        var metadata = SyntheticPage.metadata
        metadata.author = nil
        metadata.title = nil
        var flagged = request([pages], metadata: metadata)
        flagged.incompleteMetadata = .flagged
        let output = dir.url.appending(path: "documento.pdf")
        guard case .written(let result) = try await Digitizer().digitize(flagged, to: output) else {
            Issue.record("refused"); return
        }
        #expect(result.findings.map(\.code) == [.metadataIncomplete])
        #expect(result.findings.first?.verdict == .accepted && result.findings.first?.page == nil)
        #expect(result.findings.first?.detail == "titulo, autor", "\(result.findings)")
        #expect(result.metadata.author == nil && result.metadata.subject != nil)
        #expect(FileManager.default.fileExists(atPath: output.path))
        // Graded rejected by a policy, the same document is refused.
        flagged.grades = DigitizationGrades(overrides: [.metadataIncomplete: .rejected])
        let refused = try await Digitizer().digitize(flagged, to: dir.url.appending(path: "outro.pdf"))
        guard case .refused(let findings, let pageCount) = refused else { Issue.record("written"); return }
        #expect(findings.map(\.code) == [.metadataIncomplete])
        #expect(pageCount == 1, "the page was read though no finding names it")
    }

    @Test func aBlankPageIsFlaggedAndKept() async throws {
        defer { dir.cleanUp() }
        let pages = dir.url.appending(path: "paginas.tif")
        // A patterned page, then a white one.
        try TestTIFF.write([TestPage(width: 640, height: 480, fill: 0x55), TestPage(width: 640, height: 480, fill: 0xFF)],
                           to: pages)
        let output = dir.url.appending(path: "documento.pdf")
        guard case .written(let result) = try await Digitizer().digitize(request([pages]), to: output) else {
            Issue.record("refused"); return
        }
        #expect(result.pageCount == 2 && !result.signed && result.ocrWords == 0)
        #expect(result.findings.map(\.code) == [.blankPage] && result.findings.first?.page == 2, "\(result.findings)")
        let check = try runCommand(which("qpdf")!, ["--show-npages", output.path])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    }

    @Test func aPageThatCannotBeDecodedRefusesTheDocumentWithItsNumber() async throws {
        defer { dir.cleanUp() }
        let good = dir.url.appending(path: "boa.tif")
        try TestTIFF.write([TestPage(width: 640, height: 480)], to: good)
        // Sound headers, garbage over the coded strip: found only when the pixels are decoded.
        let broken = dir.url.appending(path: "quebrada.tif")
        try TestTIFF.write([TestPage(width: 640, height: 480)], to: broken)
        let tiff = try #require(TIFFOpen(broken.path, "r"))
        let offset = Int(TIFFGetStrileOffset(tiff, 0))
        TIFFClose(tiff)
        var bytes = [UInt8](try Data(contentsOf: broken))
        for i in offset..<offset + 20 { bytes[i] = 0x00 }
        try Data(bytes).write(to: broken)
        let output = dir.url.appending(path: "documento.pdf")
        let outcome = try await Digitizer().digitize(request([good, broken], profile: .texto), to: output)
        guard case .refused(let findings, let pageCount) = outcome else { Issue.record("written"); return }
        #expect(findings.contains { $0.code == .unreadablePage && $0.page == 2 }, "\(findings)")
        #expect(pageCount == 2)
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test(.enabled(if: which("openssl") != nil && PDFValidators.pikepdfAvailable, "needs openssl and Pillow"))
    func aPhotoBecomesASignedPNGWithItsImageHash() async throws {
        defer { dir.cleanUp() }
        let ca = try SigningTestAuthority.shared.get()
        let identity = try SigningIdentity(pkcs12: ca.pkcs12("signer"), pinFile: ca.pinFile)
        let photo = dir.url.appending(path: "foto.tif")
        try TestTIFF.write([TestPage(width: 300, height: 200, pixels: .rgb, compression: COMPRESSION_LZW)], to: photo)
        let output = dir.url.appending(path: "documento.png")
        guard case .written(let result) = try await Digitizer().digitize(
            request([photo], profile: .foto, signer: identity), to: output) else { Issue.record("refused"); return }
        #expect(result.format == "png" && result.signed && result.signatureFile?.lastPathComponent == "documento.png.p7s")
        let written = try sha256(output)
        #expect(result.sha256 == written)

        let verify = try runCommand(which("openssl")!, ["cms", "-verify", "-binary", "-inform", "DER", "-in",
                                                        output.path + ".p7s", "-content", output.path, "-CAfile",
                                                        ca.chainPEM, "-purpose", "any", "-out", "/dev/null"])
        #expect(verify.status == 0, "\(verify.stderr)")
        // The XMP's image hash is the SHA-256 of the samples the PNG holds, which anyone can recompute.
        let samples = try PDFValidators.python("""
            import hashlib, sys
            from PIL import Image
            im = Image.open(sys.argv[1])
            print(hashlib.sha256(im.tobytes()).hexdigest())
            print(im.info.get("XML:com.adobe.xmp", ""))
            """, output)
        let lines = samples.stdout.split(separator: "\n", maxSplits: 1).map(String.init)
        #expect(lines.first == result.metadata.pageHashes.first, "\(samples.stderr)")
        #expect(lines.last?.contains(result.metadata.pageHashes.first ?? "-") == true)
    }

    @Test func aPhotoOfTwoPagesIsAnError() async throws {
        defer { dir.cleanUp() }
        let photo = dir.url.appending(path: "fotos.tif")
        try TestTIFF.write([TestPage(width: 300, height: 200, pixels: .rgb, compression: COMPRESSION_LZW),
                            TestPage(width: 300, height: 200, pixels: .rgb, compression: COMPRESSION_LZW)], to: photo)
        await #expect(throws: AcervoError.self) {
            _ = try await Digitizer().digitize(request([photo], profile: .foto), to: dir.url.appending(path: "f.png"))
        }
    }
}
