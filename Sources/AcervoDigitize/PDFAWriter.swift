public import AcervoCore
public import CQPDF
public import Foundation

/// Writes a digitized document as PDF/A through qpdf's C API: one page per scanned page, the pixels as
/// they were scanned, the invisible OCR text over them, and the Anexo II metadata in XMP.
///
/// Each page is a PDF page exactly the size of its scan at its resolution (its MediaBox is its pixels
/// over its dots per inch), holding one image drawn over the whole page: nothing is resampled. A page
/// turned in the scanner is set upright with `/Rotate`, never by moving pixels. See ``PageImage`` for
/// the encodings and ``PDFAConformance`` for the parts.
///
/// The same pages and metadata always give the same bytes: the `/ID` is computed from the content
/// (qpdf's deterministic ID), and nothing else varies from one run to the next (the dates are the
/// metadata's, the ICC profile's stamp is fixed). Use one writer per document, from one thread.
///
/// ```swift
/// let writer = try PDFAWriter(conformance: .pdfA2b, metadata: metadata)
/// for (raster, words) in pages { try writer.addPage(raster, words: words) }
/// try writer.write(to: output)
/// ```
public final class PDFAWriter {
    /// The PDF/A part the document claims.
    public let conformance: PDFAConformance
    /// The Anexo II metadata written at ``write(to:beforeWriting:)``.
    public var metadata: ArchivalMetadata
    /// The resolution to use for a page that declares none (the operator's `--dpi`); a declared one
    /// always wins.
    public let statedDPI: Double?
    /// The SHA-256 of each page's image stream, in page order (see ``PageImage/sha256``): what the XMP
    /// carries as the pages' hashes unless ``metadata`` gives them.
    public private(set) var pageImageHashes: [String] = []

    /// The number of pages added.
    public var pageCount: Int { pageImageHashes.count }

    private let document: QPDFDocument
    private var font: qpdf_oh?
    /// JBIG2 symbol dictionaries already written, by their bytes: pages that shared them in the scan share
    /// one stream here too.
    private var jbig2Globals: [Data: qpdf_oh] = [:]
    private var written = false

    /// Starts an empty document.
    public init(conformance: PDFAConformance = .pdfA2b, metadata: ArchivalMetadata, statedDPI: Double? = nil) throws(AcervoError) {
        self.conformance = conformance
        self.metadata = metadata
        self.statedDPI = statedDPI
        self.document = try QPDFDocument()
    }

    /// Encodes `raster` (see ``PageImage/encode(_:sourceJPEG:)``) and adds it as the next page, with
    /// `words` as its invisible text.
    public func addPage(_ raster: PageRaster, words: [RecognizedWord] = [], sourceJPEG: Data? = nil) throws(AcervoError) {
        try addPage(try PageImage.encode(raster, sourceJPEG: sourceJPEG), words: words)
    }

    /// Adds an encoded page image as the next page, with `words` (in the image's pixels) as its
    /// invisible text.
    public func addPage(_ image: PageImage, words: [RecognizedWord] = []) throws(AcervoError) {
        guard !written else {
            throw AcervoError(.invalidArgument, english: "the document was already written",
                              portuguese: "o documento já foi gravado")
        }
        let page = image.page
        guard let dpiX = page.dpiX ?? statedDPI, let dpiY = page.dpiY ?? statedDPI, dpiX > 0, dpiY > 0 else {
            throw AcervoError(.invalidArgument,
                              english: "page \(page.number) declares no resolution and none was stated (--dpi)",
                              portuguese: "a página \(page.number) não informa a resolução e nenhuma foi informada (--dpi)")
        }
        let q = document
        let filter = image.filter
        let xobject = try q.stream(image.data, filter: filter.name, decodeParameters: filter.parameters, dictionary: """
            << /Type /XObject /Subtype /Image /Width \(image.width) /Height \(image.height) \
            /ColorSpace \(image.colourSpace) /BitsPerComponent \(image.bitsPerComponent) >>
            """)
        if image.encoding == .jbig2, let globals = image.jbig2Globals {
            let parameters = try q.parse("<< >>")
            q.set(parameters, "/JBIG2Globals", try jbig2GlobalsStream(globals))
            q.set(qpdf_oh_get_dict(q.handle, xobject), "/DecodeParms", parameters)
            try q.check("link the JBIG2 symbols of page \(page.number)")
        }
        let width = InvisibleTextLayer.number(Double(image.width) * 72 / dpiX)
        let height = InvisibleTextLayer.number(Double(image.height) * 72 / dpiY)
        var content = "q \(width) 0 0 \(height) 0 0 cm /Im0 Do Q\n"
        let layer = InvisibleTextLayer(dpiX: dpiX, dpiY: dpiY, imageHeight: image.height)
        let text = layer.operators(words, font: "F0")
        content += text
        let contents = try q.stream(try FlateEncoding.encode(Data(content.utf8)), filter: "/FlateDecode")

        let resources = try q.parse("<< >>")
        let xobjects = try q.parse("<< >>")
        q.set(xobjects, "/Im0", xobject)
        q.set(resources, "/XObject", xobjects)
        if !text.isEmpty {
            let fonts = try q.parse("<< >>")
            q.set(fonts, "/F0", try invisibleFont())
            q.set(resources, "/Font", fonts)
        }
        let rotation = ((page.quarterTurns % 4) + 4) % 4 * 90
        let pageObject = try q.parse("<< /Type /Page /MediaBox [0 0 \(width) \(height)]"
            + (rotation == 0 ? "" : " /Rotate \(rotation)") + " >>")
        q.set(pageObject, "/Resources", resources)
        q.set(pageObject, "/Contents", contents)
        let indirect = q.indirect(pageObject)
        if qpdf_add_page(q.handle, q.handle, indirect, QPDF_FALSE) != QPDF_SUCCESS {
            try q.check("add page \(page.number)")
        }
        try q.check("add page \(page.number)")
        pageImageHashes.append(image.sha256)
    }

    /// Writes the document to `url`, whole or not at all (see ``DocumentOutput``), and ends the writer.
    ///
    /// `beforeWriting` is given the finished qpdf document just before it is written, to add to it (a
    /// signature field and its placeholder). When it is given, nothing is packed into object streams and
    /// qpdf compresses no stream, so what it adds is written as it left it, where a signer can find it.
    /// `afterWriting` is given the descriptor of the written temporary file before it is synced and takes
    /// the destination's name: a signer signs there, so that the name never shows an unsigned document.
    /// An error it throws is rethrown as it is, and nothing is published.
    public func write(to url: URL, beforeWriting: ((qpdf_data) throws -> Void)? = nil,
                      afterWriting: ((Int32) throws -> Void)? = nil) throws {
        guard !written else {
            throw AcervoError(.invalidArgument, english: "the document was already written",
                              portuguese: "o documento já foi gravado")
        }
        guard pageCount > 0 else {
            throw AcervoError(.invalidArgument, english: "a document needs at least one page",
                              portuguese: "um documento precisa de pelo menos uma página")
        }
        var metadata = self.metadata
        if metadata.pageHashes.isEmpty {
            metadata.pageHashes = pageImageHashes
        } else if metadata.pageHashes.count != pageCount {
            throw AcervoError(.invalidArgument,
                              english: "the metadata gives \(metadata.pageHashes.count) page hashes for \(pageCount) pages",
                              portuguese: "os metadados trazem \(metadata.pageHashes.count) hashes de página para \(pageCount) páginas")
        }
        try finish(ArchivalXMP(metadata: metadata, conformance: conformance))
        written = true
        let q = document
        if let beforeWriting { try beforeWriting(q.handle) }
        try q.check("complete the document")
        let conformance = self.conformance
        var hookError: (any Error)?
        do {
            try writePublishing(q, conformance: conformance, asWritten: beforeWriting != nil, to: url) { fd throws(AcervoError) in
                guard let afterWriting else { return }
                do { try afterWriting(fd) } catch {
                    hookError = error
                    throw AcervoError(.cancelled, english: "not published", portuguese: "não publicado")
                }
            }
        } catch {
            throw hookError ?? error
        }
    }

    /// Has qpdf write the document to a temporary file, hands it to `finishing`, and publishes it. With
    /// `asWritten`, objects are written as they stand: no object streams, no stream compressed.
    private func writePublishing(_ q: QPDFDocument, conformance: PDFAConformance, asWritten: Bool, to url: URL,
                                 finishing: (Int32) throws(AcervoError) -> Void) throws(AcervoError) {
        try DocumentOutput.write(to: url) { (fd: Int32) throws(AcervoError) in
            // qpdf writes to a path: the temporary file's own descriptor, reopened through /dev/fd.
            let path = "/dev/fd/\(fd)"
            if qpdf_init_write(q.handle, path) != QPDF_SUCCESS { try q.check("open \(url.path)") }
            qpdf_set_deterministic_ID(q.handle, QPDF_TRUE)
            // PDF/A wants an end of line before every `endstream`.
            qpdf_set_newline_before_endstream(q.handle, QPDF_TRUE)
            // Streams are written as encoded here: never decoded and encoded again.
            qpdf_set_decode_level(q.handle, qpdf_dl_none)
            let packed = conformance == .pdfA2b && !asWritten
            qpdf_set_compress_streams(q.handle, asWritten ? QPDF_FALSE : QPDF_TRUE)
            qpdf_set_object_stream_mode(q.handle, packed ? qpdf_o_generate : qpdf_o_disable)
            qpdf_force_pdf_version(q.handle, conformance.pdfVersion)
            if qpdf_write(q.handle) != QPDF_SUCCESS { try q.check("write \(url.path)") }
            try q.check("write \(url.path)")
            try finishing(fd)
        }
    }

    /// The catalog's metadata and output intent, and the Info dictionary.
    private func finish(_ xmp: ArchivalXMP) throws(AcervoError) {
        let q = document
        let root = qpdf_get_root(q.handle)
        let packet = try q.stream(xmp.packet, filter: nil, dictionary: "<< /Type /Metadata /Subtype /XML >>")
        q.set(root, "/Metadata", packet)

        let profile = try q.stream(try FlateEncoding.encode(try SRGBProfile.profile()), filter: "/FlateDecode",
                                   dictionary: "<< /N 3 >>")
        let intent = try q.parse("""
            << /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) \
            /Info (sRGB IEC61966-2.1) /RegistryName (http://www.color.org) >>
            """)
        q.set(intent, "/DestOutputProfile", profile)
        let intents = try q.parse("[ ]")
        qpdf_oh_append_item(q.handle, intents, q.indirect(intent))
        q.set(root, "/OutputIntents", intents)

        let info = try q.parse("<< >>")
        for (key, value) in xmp.info { q.set(info, key, q.text(value)) }
        q.set(qpdf_get_trailer(q.handle), "/Info", q.indirect(info))
        try q.check("add the metadata")
    }

    /// The stream holding JBIG2 symbols `globals`, written once for every page that uses them.
    private func jbig2GlobalsStream(_ globals: Data) throws(AcervoError) -> qpdf_oh {
        if let written = jbig2Globals[globals] { return written }
        let stream = try document.stream(try FlateEncoding.encode(globals), filter: "/FlateDecode")
        jbig2Globals[globals] = stream
        return stream
    }

    /// The Type 0 font of the text layer, made on the first page that has text (see ``GlyphlessFont``).
    private func invisibleFont() throws(AcervoError) -> qpdf_oh {
        if let font { return font }
        let q = document
        let name = GlyphlessFont.name
        let program = try q.stream(try FlateEncoding.encode(GlyphlessFont.program), filter: "/FlateDecode",
                                   dictionary: "<< /Length1 \(GlyphlessFont.program.count) >>")
        let descriptor = try q.parse("""
            << /Type /FontDescriptor /FontName /\(name) /Flags 5 /FontBBox [0 0 \(GlyphlessFont.advance) 1000] \
            /ItalicAngle 0 /Ascent 1000 /Descent -1 /CapHeight 1000 /StemV 80 >>
            """)
        q.set(descriptor, "/FontFile2", program)
        let map = try q.stream(try FlateEncoding.encode(GlyphlessFont.cidToGIDMap), filter: "/FlateDecode")
        let cidFont = try q.parse("""
            << /Type /Font /Subtype /CIDFontType2 /BaseFont /\(name) \
            /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW \(GlyphlessFont.advance) >>
            """)
        q.set(cidFont, "/FontDescriptor", q.indirect(descriptor))
        q.set(cidFont, "/CIDToGIDMap", map)
        let descendants = try q.parse("[ ]")
        qpdf_oh_append_item(q.handle, descendants, q.indirect(cidFont))
        let toUnicode = try q.stream(try FlateEncoding.encode(GlyphlessFont.toUnicode), filter: "/FlateDecode")
        let type0 = try q.parse("<< /Type /Font /Subtype /Type0 /BaseFont /\(name) /Encoding /Identity-H >>")
        q.set(type0, "/DescendantFonts", descendants)
        q.set(type0, "/ToUnicode", toUnicode)
        let font = q.indirect(type0)
        try q.check("make the text layer's font")
        self.font = font
        return font
    }
}

@available(*, unavailable)
extension PDFAWriter: Sendable {}
