import AcervoCore
import AcervoDigitize
import CAcervoTestWriters
import CQPDF
import Foundation
import Testing

/// The PDF/A writer, checked by the validators archives use: PDFBox Preflight, pikepdf, qpdf, poppler.
@Suite struct DigitizePDFATests {
    let dir = TemporaryDirectory("acervo-pdfa")

    /// A bitonal page with text, a grey page, a colour page at 400 dpi: one of each kind a scan gives.
    func document(_ conformance: PDFAConformance, name: String,
                  beforeWriting: ((qpdf_data) throws -> Void)? = nil) throws -> URL {
        let writer = try PDFAWriter(conformance: conformance, metadata: SyntheticPage.metadata)
        try writer.addPage(SyntheticPage.bitonal(1), words: SyntheticPage.words())
        try writer.addPage(SyntheticPage.grey(2), words: SyntheticPage.words())
        try writer.addPage(SyntheticPage.rgb(3, dpi: 400))
        let url = dir.url.appending(path: name)
        try writer.write(to: url, beforeWriting: beforeWriting)
        return url
    }

    @Test(.enabled(if: PDFValidators.preflightAvailable, "skipped: PDFBox Preflight (libpdfbox2-java) or java is missing"))
    func pdfA1bPassesPreflight() throws {
        defer { dir.cleanUp() }
        let url = try document(.pdfA1b, name: "a1b.pdf")
        let result = try PDFValidators.preflight(url)
        #expect(result.stdout.contains("is a valid PDF/A-1b file"), "\(result.stdout)\(result.stderr)")
        let head = try Data(contentsOf: url).prefix(8)
        #expect(String(decoding: head, as: UTF8.self) == "%PDF-1.4")

        // A page kept as its scanner's JPEG, a turned page, and a page without text are PDF/A-1b too.
        let writer = try PDFAWriter(conformance: .pdfA1b, metadata: ArchivalMetadata(title: "Só o título"))
        let raster = SyntheticPage.grey(1, width: 64, height: 48)
        try writer.addPage(raster, words: SyntheticPage.words(), sourceJPEG: try jpeg(raster))
        try writer.addPage(SyntheticPage.bitonal(2, quarterTurns: 3), words: SyntheticPage.words())
        try writer.addPage(SyntheticPage.rgb(3))
        let other = dir.url.appending(path: "a1b-other.pdf")
        try writer.write(to: other)
        let second = try PDFValidators.preflight(other)
        #expect(second.stdout.contains("is a valid PDF/A-1b file"), "\(second.stdout)\(second.stderr)")
    }

    /// The raster as a JPEG file would hold it (libjpeg, quality 85): what a scanner that writes JPEG gives.
    func jpeg(_ raster: PageRaster) throws -> Data {
        let path = dir.url.appending(path: "page-\(raster.page.number).jpg").path
        var message = [CChar](repeating: 0, count: 256)
        let components: Int32 = raster.colour == .rgb ? 3 : 1
        let status = raster.pixels.withUnsafeBytes {
            CAcervoTestWriters_jpeg_write(path, $0.bindMemory(to: UInt8.self).baseAddress, UInt32(raster.width),
                                    UInt32(raster.height), components, 85, 0, nil, 0, nil, 0, &message, message.count)
        }
        #expect(status == 0)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    @Test(.enabled(if: PDFValidators.pikepdfAvailable, "skipped: pikepdf (PyPI) is not installed"))
    func pdfA2bIsClaimedAndQpdfFindsNoError() throws {
        defer { dir.cleanUp() }
        let url = try document(.pdfA2b, name: "a2b.pdf")
        let claim = try PDFValidators.python("""
            import sys, pikepdf
            with pikepdf.open(sys.argv[1]) as pdf:
                print(pdf.open_metadata().pdfa_status, pdf.pdf_version, len(pdf.pages))
            """, url)
        #expect(claim.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2B 1.7 3", "\(claim.stderr)")
        let qpdf = try #require(which("qpdf"), "qpdf is not installed")
        let check = try runCommand(qpdf, ["--check", url.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("No syntax or stream encoding errors found"))
        #expect(!check.stdout.contains("WARNING") && check.stderr.isEmpty, "\(check.stdout)\(check.stderr)")
        // The XMP stays uncompressed (PDF/A readers and non-PDF tools scan for the packet).
        let bytes = try Data(contentsOf: url)
        #expect(bytes.range(of: Data("urn:acervo:xmp:decreto-10278:anexo-ii:1.0#".utf8)) != nil)
    }

    @Test(.enabled(if: which("pdfimages") != nil, "skipped: pdfimages (poppler-utils) is not installed"))
    func pageImagesAreLosslessAtTheScannedResolution() throws {
        defer { dir.cleanUp() }
        let url = try document(.pdfA2b, name: "images.pdf")
        let list = try runCommand(which("pdfimages")!, ["-list", url.path])
        let rows = list.stdout.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ").map(String.init) }
        // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
        #expect(rows.map { $0[3] } == ["850", "600", "500"])
        #expect(rows.map { $0[5] } == ["gray", "gray", "rgb"])
        #expect(rows.map { $0[7] } == ["1", "8", "8"])
        #expect(rows.map { $0[8] } == ["ccitt", "image", "image"])
        #expect(rows.map { $0[12] } == ["300", "300", "400"])
        #expect(rows.map { $0[13] } == ["300", "300", "400"])

        // Every pixel decodes to what was scanned: PBM is 1 = black like the raster (the bits past a row's
        // last pixel are padding), and pdfimages writes grey as PPM, each grey three times.
        let prefix = dir.url.appending(path: "img").path
        let extract = try runCommand(which("pdfimages")!, [url.path, prefix])
        #expect(extract.status == 0)
        let bitonal = SyntheticPage.bitonal(1)
        let pbm = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(prefix)-000.pbm")).suffix(bitonal.pixels.count))
        let mask = UInt8(0xFF) << UInt8((8 - bitonal.width % 8) % 8)
        let rowBytes = bitonal.bytesPerRow
        #expect(zip(pbm, bitonal.pixels).enumerated().allSatisfy { i, pair in
            i % rowBytes == rowBytes - 1 ? pair.0 & mask == pair.1 & mask : pair.0 == pair.1
        })
        let grey = SyntheticPage.grey(2).pixels.flatMap { [$0, $0, $0] }
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(prefix)-001.ppm")).suffix(grey.count) == Data(grey))
        let rgb = SyntheticPage.rgb(3, dpi: 400).pixels
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(prefix)-002.ppm")).suffix(rgb.count) == rgb)
    }

    @Test(.enabled(if: which("pdfimages") != nil, "skipped: pdfimages (poppler-utils) is not installed"))
    func aJPEGSourceIsEmbeddedUntouched() throws {
        defer { dir.cleanUp() }
        let raster = SyntheticPage.rgb(1, width: 64, height: 48)
        let jpeg = try jpeg(raster)
        let writer = try PDFAWriter(metadata: SyntheticPage.metadata)
        try writer.addPage(raster, sourceJPEG: jpeg)
        // A JPEG of another size is not the page's: the raster is used.
        try writer.addPage(SyntheticPage.rgb(2, width: 64, height: 40), sourceJPEG: jpeg)
        let url = dir.url.appending(path: "jpeg.pdf")
        try writer.write(to: url)
        let list = try runCommand(which("pdfimages")!, ["-list", url.path])
        let rows = list.stdout.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ").map(String.init) }
        #expect(rows.map { $0[8] } == ["jpeg", "image"])
        #expect(try Data(contentsOf: url).range(of: jpeg) != nil)
        #expect(writer.pageImageHashes.count == 2)
    }

    @Test(.enabled(if: which("pdftotext") != nil, "skipped: pdftotext (poppler-utils) is not installed"))
    func theTextLayerGivesTheWordsInOrderWithTheirAccents() throws {
        defer { dir.cleanUp() }
        let url = try document(.pdfA2b, name: "text.pdf")
        for page in ["1", "2"] {
            let text = try runCommand(which("pdftotext")!, ["-f", page, "-l", page, "-enc", "UTF-8", url.path, "-"])
            let lines = text.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0 != "\u{0C}" }
            #expect(lines == SyntheticPage.lines.map { $0.joined(separator: " ") }, "page \(page): \(text.stdout)")
        }
        // A page turned in the scanner keeps its words too.
        let writer = try PDFAWriter(metadata: SyntheticPage.metadata)
        try writer.addPage(SyntheticPage.bitonal(1, quarterTurns: 1), words: SyntheticPage.words())
        let turned = dir.url.appending(path: "turned.pdf")
        try writer.write(to: turned)
        let text = try runCommand(which("pdftotext")!, ["-enc", "UTF-8", turned.path, "-"])
        #expect(text.stdout.contains("Reclamação do consumidor"), "\(text.stdout)")
    }

    /// A long line on a page scanned askew (0.9°, as the benchmark's contract page): its box is three
    /// times a word's height, and a font size of the box ran its words together in `pdftotext -raw`
    /// (which breaks words on a gap of a tenth of the font size).
    @Test(.enabled(if: which("pdftotext") != nil, "skipped: pdftotext (poppler-utils) is not installed"))
    func aSkewedLineKeepsItsWordsApart() throws {
        defer { dir.cleanUp() }
        let texts = ["O", "CONTRATANTE", "poderá", "rescindir", "este", "contrato", "a", "qualquer", "tempo,", "mediante",
                     "solicitação", "feita", "por", "telefone"]
        var words: [RecognizedWord] = []
        var left = 60
        for text in texts {
            let width = 22 * text.count
            // 0.9°: the line drops about 1.6 px for every 100 px across.
            words.append(RecognizedWord(text: text, left: left, top: 200 + left * 16 / 1000, width: width, height: 34,
                                        line: 0, confidence: 90))
            left += width + 9
        }
        let writer = try PDFAWriter(metadata: SyntheticPage.metadata)
        try writer.addPage(SyntheticPage.bitonal(1, width: left + 60, height: 400), words: words)
        let url = dir.url.appending(path: "skewed.pdf")
        try writer.write(to: url)
        for mode in [["-raw"], []] {
            let text = try runCommand(which("pdftotext")!, mode + ["-enc", "UTF-8", url.path, "-"])
            let lines = text.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && $0 != "\u{0C}" }
            #expect(lines == [texts.joined(separator: " ")], "\(mode): \(text.stdout)")
        }
    }

    @Test func aTurnedPageIsSetUprightWithRotate() throws {
        defer { dir.cleanUp() }
        let writer = try PDFAWriter(metadata: SyntheticPage.metadata)
        for turns in 0..<4 { try writer.addPage(SyntheticPage.bitonal(turns + 1, width: 40, height: 30, quarterTurns: turns)) }
        let url = dir.url.appending(path: "rotate.pdf")
        try writer.write(to: url)
        let pages = try QPDFPages(url)
        #expect(pages.map { $0.rotate } == [nil, 90, 180, 270])
        // The MediaBox is the scan's size at its resolution: 40 × 30 px at 300 dpi, never swapped.
        #expect(pages.allSatisfy { $0.mediaBox == [0, 0, 9.6, 7.2] })
    }

    @Test(.enabled(if: PDFValidators.pikepdfAvailable, "skipped: pikepdf (PyPI) is not installed"))
    func everyAnexoIIFieldReadsBack() throws {
        defer { dir.cleanUp() }
        let url = try document(.pdfA2b, name: "meta.pdf")
        let read = try PDFValidators.python("""
            import sys, json, pikepdf
            ns = "urn:acervo:xmp:decreto-10278:anexo-ii:1.0#"
            with pikepdf.open(sys.argv[1]) as pdf:
                meta = pdf.open_metadata()
                fields = {}
                for key in ["titulo", "assunto", "autor", "tipo_documental", "responsavel_digitalizacao",
                            "local_digitalizacao", "data_digitalizacao", "identificador", "hash_imagens", "classe",
                            "data_producao", "destinacao_prevista", "genero", "prazo_guarda"]:
                    value = meta.get("{%s}%s" % (ns, key))
                    fields[key] = list(value) if isinstance(value, list) else value
                fields["dc:title"] = meta.get("dc:title")
                fields["dc:creator"] = list(meta.get("dc:creator"))
                fields["dc:description"] = meta.get("dc:description")
                fields["xmp:CreateDate"] = meta.get("xmp:CreateDate")
                fields["pdf:Producer"] = meta.get("pdf:Producer")
                info = pdf.docinfo
                fields["Title"] = str(info.Title)
                fields["Author"] = str(info.Author)
                fields["Subject"] = str(info.Subject)
                fields["CreationDate"] = str(info.CreationDate)
                fields["images"] = [__import__("hashlib").sha256(p.images["/Im0"].read_raw_bytes()).hexdigest()
                                    for p in pdf.pages]
                print(json.dumps(fields))
            """, url)
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any],
                                  "\(read.stderr)")
        let m = SyntheticPage.metadata
        #expect(fields["titulo"] as? String == m.title)
        #expect(fields["assunto"] as? String == m.subject)
        #expect(fields["autor"] as? String == m.author)
        #expect(fields["tipo_documental"] as? String == m.documentType)
        #expect(fields["responsavel_digitalizacao"] as? String == m.digitizedBy)
        #expect(fields["local_digitalizacao"] as? String == m.digitizationPlace)
        #expect(fields["data_digitalizacao"] as? String == "2026-05-28T20:26:40Z")
        #expect(fields["identificador"] as? String == m.identifier)
        #expect(fields["classe"] as? String == m.documentClass)
        #expect(fields["data_producao"] as? String == m.producedOn)
        #expect(fields["destinacao_prevista"] as? String == "guarda_permanente")
        #expect(fields["genero"] as? String == m.genre)
        #expect(fields["prazo_guarda"] as? String == m.retentionPeriod)
        // The page hashes are the SHA-256 of each image stream as it stands in the file.
        let hashes = try #require(fields["hash_imagens"] as? [String])
        #expect(hashes.count == 3)
        #expect(hashes == fields["images"] as? [String])
        // Dublin Core and the Info dictionary say the same.
        #expect(fields["dc:title"] as? String == m.title)
        #expect(fields["Title"] as? String == m.title)
        #expect(fields["dc:creator"] as? [String] == [m.author!])
        #expect(fields["Author"] as? String == m.author)
        #expect(fields["dc:description"] as? String == m.subject)
        #expect(fields["Subject"] as? String == m.subject)
        #expect(fields["xmp:CreateDate"] as? String == "2026-05-28T20:26:40Z")
        #expect(fields["CreationDate"] as? String == "D:20260528202640Z")
        #expect(fields["pdf:Producer"] as? String == "Acervo")
    }

    @Test(arguments: PDFAConformance.allCases)
    func theSameInputGivesTheSameBytes(conformance: PDFAConformance) throws {
        defer { dir.cleanUp() }
        let first = try Data(contentsOf: document(conformance, name: "first.pdf"))
        let second = try Data(contentsOf: document(conformance, name: "second.pdf"))
        #expect(first == second)
        // Other metadata, other bytes (and another /ID).
        let writer = try PDFAWriter(conformance: conformance, metadata: ArchivalMetadata(title: "Outro"))
        try writer.addPage(SyntheticPage.bitonal(1), words: SyntheticPage.words())
        try writer.addPage(SyntheticPage.grey(2), words: SyntheticPage.words())
        try writer.addPage(SyntheticPage.rgb(3, dpi: 400))
        try writer.write(to: dir.url.appending(path: "other.pdf"))
        #expect(try Data(contentsOf: dir.url.appending(path: "other.pdf")) != first)
    }

    @Test func theTwoPartsDifferOnlyWhereThePartsDo() throws {
        defer { dir.cleanUp() }
        let one = try Data(contentsOf: document(.pdfA1b, name: "1b.pdf"))
        let two = try Data(contentsOf: document(.pdfA2b, name: "2b.pdf"))
        func packet(_ pdf: Data) throws -> String {
            let start = try #require(pdf.range(of: Data("<?xpacket begin".utf8)))
            let end = try #require(pdf.range(of: Data("<?xpacket end=\"r\"?>".utf8)))
            return String(decoding: pdf[start.lowerBound..<end.upperBound], as: UTF8.self)
        }
        // The same metadata but the claim; the same page images, byte for byte.
        #expect(try packet(one).replacingOccurrences(of: "<pdfaid:part>1</pdfaid:part>", with: "<pdfaid:part>2</pdfaid:part>")
                == packet(two))
        for page in [SyntheticPage.bitonal(1), SyntheticPage.grey(2), SyntheticPage.rgb(3, dpi: 400)] {
            let image = try PageImage.encode(page).data
            #expect(one.range(of: image) != nil && two.range(of: image) != nil, "page \(page.page.number)")
        }
        #expect(String(decoding: one.prefix(8), as: UTF8.self) == "%PDF-1.4")
        #expect(String(decoding: two.prefix(8), as: UTF8.self) == "%PDF-1.7")
        #expect(one.range(of: Data("/ObjStm".utf8)) == nil)
    }

    @Test func whatTheSignerAddsIsWrittenUncompressedOutsideObjectStreams() throws {
        defer { dir.cleanUp() }
        let url = try document(.pdfA2b, name: "hook.pdf") { qpdf in
            // What a signer adds: a signature dictionary with a placeholder for the CMS, in an AcroForm.
            let signature = qpdf_make_indirect_object(qpdf, qpdf_oh_parse(qpdf, """
                << /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached                 /ByteRange [0 9999999999 9999999999 9999999999] /Contents <\(String(repeating: "0", count: 64))> >>
                """))
            let field = qpdf_oh_parse(qpdf, "<< /FT /Sig /T (Assinatura) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 >>")
            qpdf_oh_replace_key(qpdf, field, "/V", signature)
            let form = qpdf_oh_parse(qpdf, "<< /SigFlags 3 /Fields [] >>")
            qpdf_oh_append_item(qpdf, qpdf_oh_get_key(qpdf, form, "/Fields"), qpdf_make_indirect_object(qpdf, field))
            qpdf_oh_replace_key(qpdf, qpdf_get_root(qpdf), "/AcroForm", form)
        }
        let bytes = try Data(contentsOf: url)
        #expect(bytes.range(of: Data("/Type /Sig".utf8)) != nil)
        #expect(bytes.range(of: Data("/Contents <\(String(repeating: "0", count: 64))>".utf8)) != nil)
        #expect(bytes.range(of: Data("/ObjStm".utf8)) == nil)
        // Without a hook, a PDF/A-2b packs its objects into object streams.
        let packed = try Data(contentsOf: document(.pdfA2b, name: "packed.pdf"))
        #expect(packed.range(of: Data("/ObjStm".utf8)) != nil)
    }

    @Test func aFailedWriteLeavesNothingBehind() throws {
        defer { dir.cleanUp() }
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            _ = try document(.pdfA2b, name: "refused.pdf") { _ in throw Refused() }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).isEmpty)
        // A link at the output is replaced, never written through.
        let target = dir.url.appending(path: "elsewhere.pdf")
        try Data("keep".utf8).write(to: target)
        let link = dir.url.appending(path: "link.pdf")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target.path)
        _ = try document(.pdfA2b, name: "link.pdf")
        #expect(try Data(contentsOf: target) == Data("keep".utf8))
        #expect(try FileManager.default.attributesOfItem(atPath: link.path)[.type] as? FileAttributeType == .typeRegular)
        #expect(try Data(contentsOf: link).prefix(5) == Data("%PDF-".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted() == ["elsewhere.pdf", "link.pdf"])
    }
}

/// The pages of a PDF as qpdf reads them: their `/Rotate` and `/MediaBox`.
func QPDFPages(_ url: URL) throws -> [(rotate: Int?, mediaBox: [Double])] {
    var handle: qpdf_data? = qpdf_init()
    defer { qpdf_cleanup(&handle) }
    let qpdf = try #require(handle)
    qpdf_silence_errors(qpdf)
    #expect(qpdf_read(qpdf, url.path, nil) == QPDF_SUCCESS)
    return (0..<qpdf_get_num_pages(qpdf)).map { n in
        let page = qpdf_get_page_n(qpdf, Int(n))
        let rotate = qpdf_oh_has_key(qpdf, page, "/Rotate") != 0
            ? Int(qpdf_oh_get_int_value(qpdf, qpdf_oh_get_key(qpdf, page, "/Rotate"))) : nil
        let box = qpdf_oh_get_key(qpdf, page, "/MediaBox")
        let values = (0..<qpdf_oh_get_array_n_items(qpdf, box)).map {
            qpdf_oh_get_numeric_value(qpdf, qpdf_oh_get_array_item(qpdf, box, $0))
        }
        return (rotate, values)
    }
}
