public import AcervoCore
import AcervoSystem
import CQPDF
public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Prints a ``CoverSheet`` as a one-page A4 PDF, written through qpdf's C API: the QR code (libqrencode)
/// as an image 90 mm wide, and the same facts in large Helvetica under Portuguese labels.
///
/// The QR code's modules stay at least 1.3 mm wide for the longest payload, so they survive a scan at
/// 200 dpi (ten pixels a module) in black and white, grey or colour, and a page fed turned. Text uses the
/// standard Helvetica fonts in WinAnsiEncoding (Portuguese letters print as they are; a character that
/// encoding lacks prints as `?`, while the QR code keeps it exactly). The same sheet always gives the same
/// bytes.
///
/// ```swift
/// let sheet = try CoverSheet(caseNumber: CaseNumber(validating: "MS-2024-000123"), kind: .contract,
///                            profile: .texto, title: "Contrato de locação")
/// try CoverSheetPDF.write(sheet, to: URL(fileURLWithPath: "folha.pdf"))
/// ```
public enum CoverSheetPDF {
    /// A4, in points.
    static let pageWidth = 595.28
    static let pageHeight = 841.89
    /// The QR code's side, quiet zone included, in points (90 mm).
    static let qrSide = 255.0

    /// Writes the sheet to `url`, whole or not at all: a temporary file beside it, synced, then renamed
    /// over it.
    public static func write(_ sheet: CoverSheet, to url: URL) throws(AcervoError) {
        let document = try SheetDocument()
        try document.addPage(sheet)
        try document.write(to: url)
    }

    /// The page's content stream: the QR image and the text.
    static func content(_ sheet: CoverSheet) -> [UInt8] {
        var out = ContentText()
        let left = 56.0
        let usable = pageWidth - 2 * left
        out.text("ACERVO  \u{2022}  FOLHA DE ROSTO", font: "F1", size: 22, x: left, y: 800)
        out.text("Estação de digitalização: coloque esta folha antes das páginas do documento.", font: "F0", size: 10.5,
                 x: left, y: 782)
        let qrX = (pageWidth - qrSide) / 2
        out.raw("q \(number(qrSide)) 0 0 \(number(qrSide)) \(number(qrX)) 505 cm /QR Do Q\n")

        var y = 470.0
        func field(_ label: String, _ value: String, size: Double, lines: Int = 1) {
            out.text(label, font: "F0", size: 11, x: left, y: y)
            y -= size + 4
            for line in wrapped(value, size: size, width: usable, lines: lines) {
                out.text(line.text, font: "F1", size: line.size, x: left, y: y)
                y -= line.size + 4
            }
            y -= 12
        }
        field("PROCESSO (PROTOCOLO)", sheet.caseNumber.rawValue, size: 30)
        field("TIPO DE DOCUMENTO", "\(kindName(sheet.kind)) (\(sheet.kind.rawValue))", size: 24)
        field("PERFIL (ANEXO I)", sheet.profile?.rawValue ?? "padrão da estação (default_profile)", size: 20)
        field("TÍTULO", sheet.title ?? "(sem título)", size: 18, lines: 4)

        out.text("Folhas de rosto não entram no documento: a imagem delas fica guardada na cadeia de custódia.",
                 font: "F0", size: 9, x: left, y: 72)
        out.text("Gere outra com: acervo station sheet --case PROTOCOLO --kind TIPO [--profile PERFIL] [--title TÍTULO]",
                 font: "F0", size: 9, x: left, y: 60)
        out.text("Cover sheet: put it before the document's pages; it is kept in custody, never filed in the document.",
                 font: "F0", size: 8, x: left, y: 44)
        return out.bytes
    }

    /// The kind's name in Portuguese, for the people who handle the paper.
    static func kindName(_ kind: DocumentKind) -> String {
        switch kind {
        case .identity: "documento de identidade"
        case .proofOfAddress: "comprovante de endereço"
        case .receipt: "recibo ou nota fiscal"
        case .contract: "contrato"
        case .photo: "foto"
        case .screenshot: "captura de tela"
        case .audio: "áudio"
        case .video: "vídeo"
        case .correspondence: "correspondência"
        case .other: "outro"
        }
    }

    /// `text` in lines of at most `width` points: words kept whole when they fit, the size lowered for a
    /// single line that would not fit (a long protocol number), and the last line cut with `…`.
    static func wrapped(_ text: String, size: Double, width: Double, lines: Int) -> [(text: String, size: Double)] {
        func fits(_ s: String, _ size: Double) -> Bool { HelveticaBoldWidths.width(s, size: size) <= width }
        if lines == 1 {
            var size = size
            while !fits(text, size) && size > 7 { size -= 0.5 }
            return [(text, size)]
        }
        var result: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if fits(candidate, size) || current.isEmpty {
                current = candidate
            } else {
                result.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { result.append(current) }
        result = result.flatMap { line -> [String] in
            // A word longer than a line is cut where the line ends.
            var pieces: [String] = []
            var rest = Substring(line)
            while !fits(String(rest), size) {
                var count = rest.count - 1
                while count > 1 && !fits(String(rest.prefix(count)), size) { count -= 1 }
                pieces.append(String(rest.prefix(count)))
                rest = rest.dropFirst(count)
            }
            pieces.append(String(rest))
            return pieces
        }
        if result.count > lines {
            result = Array(result.prefix(lines))
            var last = result[lines - 1]
            while !last.isEmpty && !fits(last + "\u{2026}", size) { last.removeLast() }
            result[lines - 1] = last + "\u{2026}"
        }
        return result.map { ($0, size) }
    }

    static func number(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}

/// Text operators in WinAnsiEncoding, for a content stream.
struct ContentText {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ operators: String) {
        bytes += Array(operators.utf8)
    }

    mutating func text(_ text: String, font: String, size: Double, x: Double, y: Double) {
        raw("BT /\(font) \(CoverSheetPDF.number(size)) Tf \(CoverSheetPDF.number(x)) \(CoverSheetPDF.number(y)) Td (")
        bytes += Self.literal(text)
        raw(") Tj ET\n")
    }

    /// The bytes of a PDF literal string holding `text` in WinAnsiEncoding, escaped.
    static func literal(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        for byte in text.unicodeScalars.map(winAnsi) {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"):
                out += [UInt8(ascii: "\\"), byte]
            case 0x20...0x7E:
                out.append(byte)
            default:
                out += Array(("\\" + String(byte, radix: 8).leftPadded(to: 3)).utf8)
            }
        }
        return out
    }

    /// The WinAnsiEncoding byte of `scalar`, or `?` when the encoding has none.
    static func winAnsi(_ scalar: Unicode.Scalar) -> UInt8 {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0xFF: return UInt8(scalar.value)
        case 0x20AC: return 0x80
        case 0x2026: return 0x85
        case 0x2018: return 0x91
        case 0x2019: return 0x92
        case 0x201C: return 0x93
        case 0x201D: return 0x94
        case 0x2022: return 0x95
        case 0x2013: return 0x96
        case 0x2014: return 0x97
        default: return UInt8(ascii: "?")
        }
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}

/// The qpdf document a sheet is built in: every object goes through qpdf's C API, and every error qpdf
/// records becomes an `AcervoError`.
private final class SheetDocument {
    let handle: qpdf_data

    init() throws(AcervoError) {
        guard let handle = qpdf_init() else {
            throw AcervoError(.library, english: "qpdf could not start", portuguese: "o qpdf não pôde ser iniciado")
        }
        self.handle = handle
        qpdf_silence_errors(handle)
        if qpdf_empty_pdf(handle) != QPDF_SUCCESS { try check("create an empty PDF") }
    }

    deinit {
        var handle: qpdf_data? = handle
        qpdf_cleanup(&handle)
    }

    func check(_ doing: String) throws(AcervoError) {
        guard qpdf_has_error(handle) != 0, let error = qpdf_get_error(handle) else { return }
        let text = String(cString: qpdf_get_error_full_text(handle, error))
        throw AcervoError(.library, english: "qpdf failed to \(doing): \(text)",
                          portuguese: "falha do qpdf ao montar a folha de rosto: \(text)")
    }

    func parse(_ syntax: String) throws(AcervoError) -> qpdf_oh {
        let object = qpdf_oh_parse(handle, syntax)
        try check("parse \(syntax.prefix(40))")
        return object
    }

    /// A stream of `data` as it is (qpdf compresses it when writing), with the keys of `dictionary` added.
    func stream(_ data: [UInt8], dictionary: String) throws(AcervoError) -> qpdf_oh {
        let stream = qpdf_oh_new_stream(handle)
        data.withUnsafeBufferPointer { buffer in
            qpdf_oh_replace_stream_data(handle, stream, buffer.baseAddress, buffer.count,
                                        qpdf_oh_new_null(handle), qpdf_oh_new_null(handle))
        }
        try check("store a stream")
        let extra = try parse(dictionary)
        let target = qpdf_oh_get_dict(handle, stream)
        qpdf_oh_begin_dict_key_iter(handle, extra)
        while qpdf_oh_dict_more_keys(handle) != 0 {
            guard let key = qpdf_oh_dict_next_key(handle) else { break }
            let name = String(cString: key)
            qpdf_oh_replace_key(handle, target, name, qpdf_oh_get_key(handle, extra, name))
        }
        try check("describe a stream")
        return stream
    }

    func addPage(_ sheet: CoverSheet) throws(AcervoError) {
        let symbol = try QRSymbol(CoverSheetPayload.encode(sheet))
        // Enough pixels a module that no renderer's smoothing blurs its edges.
        let image = symbol.image(scale: 8)
        let qr = try stream(image.bytes, dictionary: """
            << /Type /XObject /Subtype /Image /Width \(image.side) /Height \(image.side) \
            /ColorSpace /DeviceGray /BitsPerComponent 1 /Interpolate false >>
            """)
        let contents = try stream(CoverSheetPDF.content(sheet), dictionary: "<< >>")
        let resources = try parse("""
            << /Font << /F0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> \
            /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >> >> >>
            """)
        let xobjects = try parse("<< >>")
        qpdf_oh_replace_key(handle, xobjects, "/QR", qr)
        qpdf_oh_replace_key(handle, resources, "/XObject", xobjects)
        let page = try parse("<< /Type /Page /MediaBox [0 0 \(CoverSheetPDF.pageWidth) \(CoverSheetPDF.pageHeight)] >>")
        qpdf_oh_replace_key(handle, page, "/Resources", resources)
        qpdf_oh_replace_key(handle, page, "/Contents", contents)
        if qpdf_add_page(handle, handle, qpdf_make_indirect_object(handle, page), QPDF_FALSE) != QPDF_SUCCESS {
            try check("add the page")
        }
        let info = try parse("<< /Producer (Acervo) >>")
        let title = "Folha de rosto \(sheet.caseNumber.rawValue) \(sheet.kind.rawValue)"
        qpdf_oh_replace_key(handle, info, "/Title", qpdf_oh_new_unicode_string(handle, title))
        qpdf_oh_replace_key(handle, qpdf_get_trailer(handle), "/Info", qpdf_make_indirect_object(handle, info))
        try check("add the page")
    }

    func write(to url: URL) throws(AcervoError) {
        let directory = url.deletingLastPathComponent()
        var template = Array(directory.appending(path: ".\(url.lastPathComponent).partial-XXXXXX").path.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .io(.create, path: directory.path, errno: errno) }
        let temporary = URL(fileURLWithPath: String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
                                                     as: UTF8.self))
        var published = false
        defer {
            close(fd)
            if !published { unlink(temporary.path) }
        }
        // qpdf writes to a path: the temporary file's own descriptor, reopened through /dev/fd.
        if qpdf_init_write(handle, "/dev/fd/\(fd)") != QPDF_SUCCESS { try check("open \(url.path)") }
        qpdf_set_deterministic_ID(handle, QPDF_TRUE)
        qpdf_set_compress_streams(handle, QPDF_TRUE)
        if qpdf_write(handle) != QPDF_SUCCESS { try check("write \(url.path)") }
        try check("write \(url.path)")
        fchmod(fd, 0o644)
        guard fsync(fd) == 0 else { throw .io(.sync, path: temporary.path, errno: errno) }
        try DurableFiles.rename(temporary, to: url)
        published = true
        try DurableFiles.syncDirectory(directory)
    }
}
