public import AcervoCore
import AcervoDigitize
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
        let document = try QPDFDocument(making: "a folha de rosto")
        try addPage(sheet, to: document)
        try write(document, to: url)
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

/// A sheet's one page, built in a `QPDFDocument` and written through `DocumentOutput` (a temporary file
/// beside the destination, synced, renamed).
extension CoverSheetPDF {
    static func addPage(_ sheet: CoverSheet, to q: QPDFDocument) throws(AcervoError) {
        let symbol = try QRSymbol(CoverSheetPayload.encode(sheet))
        // Enough pixels a module that no renderer's smoothing blurs its edges.
        let image = symbol.image(scale: 8)
        let qr = try q.stream(Data(image.bytes), filter: nil, dictionary: """
            << /Type /XObject /Subtype /Image /Width \(image.side) /Height \(image.side) \
            /ColorSpace /DeviceGray /BitsPerComponent 1 /Interpolate false >>
            """)
        let contents = try q.stream(Data(content(sheet)), filter: nil)
        let resources = try q.parse("""
            << /Font << /F0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> \
            /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >> >> >>
            """)
        let xobjects = try q.parse("<< >>")
        q.set(xobjects, "/QR", qr)
        q.set(resources, "/XObject", xobjects)
        let page = try q.parse("<< /Type /Page /MediaBox [0 0 \(pageWidth) \(pageHeight)] >>")
        q.set(page, "/Resources", resources)
        q.set(page, "/Contents", contents)
        if qpdf_add_page(q.handle, q.handle, q.indirect(page), QPDF_FALSE) != QPDF_SUCCESS {
            try q.check("add the page")
        }
        let info = try q.parse("<< /Producer (Acervo) >>")
        q.set(info, "/Title", q.text("Folha de rosto \(sheet.caseNumber.rawValue) \(sheet.kind.rawValue)"))
        q.set(qpdf_get_trailer(q.handle), "/Info", q.indirect(info))
        try q.check("add the page")
    }

    static func write(_ q: QPDFDocument, to url: URL) throws(AcervoError) {
        try DocumentOutput.write(to: url) { (fd: Int32) throws(AcervoError) in
            // qpdf writes to a path: the temporary file's own descriptor, reopened through /dev/fd.
            if qpdf_init_write(q.handle, "/dev/fd/\(fd)") != QPDF_SUCCESS { try q.check("open \(url.path)") }
            qpdf_set_deterministic_ID(q.handle, QPDF_TRUE)
            qpdf_set_compress_streams(q.handle, QPDF_TRUE)
            if qpdf_write(q.handle) != QPDF_SUCCESS { try q.check("write \(url.path)") }
            try q.check("write \(url.path)")
        }
    }
}
