import CAcervoTestWriters
import CTIFF
import CZlib
import Foundation
import Testing

/// Page files of every kind a scanner writes, made for the digitization tests with real encoders
/// (libpng and libjpeg through Acervo's writers, libtiff, img2pdf, qpdf), with the pixels they hold.
enum TestPageFiles {
    /// A grey pattern (0 = black), `width × height` bytes.
    static func greyPattern(width: Int, height: Int) -> [UInt8] {
        (0..<(width * height)).map { UInt8(truncatingIfNeeded: ($0 % width) * 7 + ($0 / width) * 13) }
    }

    /// An RGB pattern, `width × height × 3` bytes.
    static func rgbPattern(width: Int, height: Int) -> [UInt8] {
        (0..<(width * height)).flatMap { i -> [UInt8] in
            let x = i % width, y = i / width
            return [UInt8(truncatingIfNeeded: x * 5), UInt8(truncatingIfNeeded: y * 9), UInt8(truncatingIfNeeded: x * y)]
        }
    }

    /// A bitonal pattern, rows packed MSB first, 1 = black: squares and a stripe, like glyphs on paper.
    static func bitonalPattern(width: Int, height: Int) -> [UInt8] {
        let stride = (width + 7) / 8
        var bits = [UInt8](repeating: 0, count: stride * height)
        for y in 0..<height {
            for x in 0..<width where ((x / 5 + y / 3) % 3 == 0) || x == y {
                bits[y * stride + x / 8] |= 0x80 >> UInt8(x % 8)
            }
        }
        return bits
    }

    /// Writes a PNG with Acervo's libpng writer, then adds a `pHYs` chunk of `dpi` (in pixels per metre)
    /// after the header when given.
    static func png(_ url: URL, rows: [UInt8], width: Int, height: Int, colourType: Int32, bitDepth: Int32,
                    palette: [UInt8] = [], transparency: [UInt8] = [], dpi: (Double, Double)? = nil) throws {
        var message = [CChar](repeating: 0, count: 256)
        let status = rows.withUnsafeBufferPointer { data in
            palette.withUnsafeBufferPointer { p in
                transparency.withUnsafeBufferPointer { t in
                    CAcervoTestWriters_png_write(url.path, data.baseAddress, UInt32(width), UInt32(height), colourType, bitDepth, 0,
                                           palette.isEmpty ? nil : p.baseAddress, Int32(palette.count / 3),
                                           transparency.isEmpty ? nil : t.baseAddress, Int32(transparency.count),
                                           &message, message.count)
                }
            }
        }
        guard status == 0 else { throw CocoaError(.fileWriteUnknown) }
        guard let dpi else { return }
        var bytes = [UInt8](try Data(contentsOf: url))
        let perMetre = { (value: Double) in UInt32((value / 0.0254).rounded()) }
        let body = be32(perMetre(dpi.0)) + be32(perMetre(dpi.1)) + [1]
        bytes.insert(contentsOf: chunk("pHYs", body), at: 33)  // after the signature and IHDR
        try Data(bytes).write(to: url)
    }

    /// A PNG chunk with its length and CRC.
    static func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + body
        let crc = typed.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        return be32(UInt32(body.count)) + typed + be32(crc)
    }

    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    /// A PNG whose header claims `width × height` grey pixels over one tiny image data chunk.
    static func pngClaiming(width: UInt32, height: UInt32) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", be32(width) + be32(height) + [8, 0, 0, 0, 0])
            + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]) + chunk("IEND", [])
    }

    /// Writes a JPEG with Acervo's libjpeg writer; `jfif` sets the JFIF density (unit 1 dpi, 2 per cm)
    /// and `exif` adds an EXIF block (a TIFF structure).
    static func jpeg(_ url: URL, pixels: [UInt8], width: Int, height: Int, components: Int32, quality: Int32 = 92,
                     jfif: (unit: UInt8, x: UInt16, y: UInt16)? = nil, exif: [UInt8] = []) throws {
        var message = [CChar](repeating: 0, count: 256)
        let status = pixels.withUnsafeBufferPointer { p in
            exif.withUnsafeBufferPointer { e in
                CAcervoTestWriters_jpeg_write(url.path, p.baseAddress, UInt32(width), UInt32(height), components, quality, 0,
                                        exif.isEmpty ? nil : e.baseAddress, exif.count, nil, 0, &message, message.count)
            }
        }
        guard status == 0 else { throw CocoaError(.fileWriteUnknown) }
        guard let jfif else { return }
        var bytes = [UInt8](try Data(contentsOf: url))
        // SOI, then APP0 "JFIF\0": version at 11, unit at 13, densities at 14 and 16.
        try #require(bytes[2] == 0xFF && bytes[3] == 0xE0 && Array(bytes[6..<11]) == Array("JFIF\0".utf8))
        bytes[13] = jfif.unit
        bytes[14] = UInt8(jfif.x >> 8); bytes[15] = UInt8(jfif.x & 0xFF)
        bytes[16] = UInt8(jfif.y >> 8); bytes[17] = UInt8(jfif.y & 0xFF)
        try Data(bytes).write(to: url)
    }

    /// An EXIF block (big-endian TIFF structure) whose IFD0 holds X/YResolution and ResolutionUnit.
    static func exifResolution(x: UInt32, y: UInt32, unit: UInt16) -> [UInt8] {
        var b: [UInt8] = [0x4D, 0x4D, 0, 42] + be32(8)
        b += [0, 3]
        let valuesAt = UInt32(8 + 2 + 3 * 12 + 4)
        b += [0x01, 0x1A, 0, 5] + be32(1) + be32(valuesAt)
        b += [0x01, 0x1B, 0, 5] + be32(1) + be32(valuesAt + 8)
        b += [0x01, 0x28, 0, 3] + be32(1) + [UInt8(unit >> 8), UInt8(unit & 0xFF), 0, 0]
        b += be32(0)
        b += be32(x) + be32(1) + be32(y) + be32(1)
        return b
    }

    /// A one-strip CCITT Group 4 TIFF (min-is-white, so its bits are the page's: 1 = black) at 300 dpi.
    static func g4TIFF(_ url: URL, bits: [UInt8], width: Int, height: Int, dpi: Double = 300) throws {
        guard let tiff = TIFFOpen(url.path, "w") else { throw CocoaError(.fileWriteUnknown) }
        defer { TIFFClose(tiff) }
        func set(_ tag: Int32, _ value: any CVarArg) { _ = withVaList([value]) { TIFFVSetField(tiff, UInt32(tag), $0) } }
        set(TIFFTAG_IMAGEWIDTH, UInt32(width)); set(TIFFTAG_IMAGELENGTH, UInt32(height))
        set(TIFFTAG_BITSPERSAMPLE, Int32(1)); set(TIFFTAG_SAMPLESPERPIXEL, Int32(1))
        set(TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4); set(TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE)
        set(TIFFTAG_ROWSPERSTRIP, UInt32(height)); set(TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG)
        set(TIFFTAG_XRESOLUTION, dpi); set(TIFFTAG_YRESOLUTION, dpi); set(TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH)
        let stride = (width + 7) / 8
        var row = [UInt8](repeating: 0, count: stride)
        for y in 0..<height {
            row.replaceSubrange(0..<stride, with: bits[(y * stride)..<((y + 1) * stride)])
            guard TIFFWriteScanline(tiff, &row, UInt32(y), 0) == 1 else { throw CocoaError(.fileWriteUnknown) }
        }
    }

    /// The raw Group 4 data of a one-strip TIFF written by `g4TIFF`.
    static func g4Data(of url: URL) throws -> [UInt8] {
        guard let tiff = TIFFOpen(url.path, "r") else { throw CocoaError(.fileReadUnknown) }
        defer { TIFFClose(tiff) }
        let size = Int(TIFFRawStripSize(tiff, 0))
        var data = [UInt8](repeating: 0, count: size)
        guard TIFFReadRawStrip(tiff, 0, &data, tmsize_t(size)) == size else { throw CocoaError(.fileReadUnknown) }
        return data
    }

    /// An embedded JBIG2 stream (as a PDF holds it) of one page whose one region is a lossless generic
    /// region coded with MMR, which is CCITT Group 4: `g4` is that region's data, from libtiff's encoder.
    static func jbig2MMR(g4: [UInt8], width: Int, height: Int) -> [UInt8] {
        func segment(_ number: UInt32, type: UInt8, _ data: [UInt8]) -> [UInt8] {
            be32(number) + [type, 0, 1] + be32(UInt32(data.count)) + data
        }
        let pageInfo = be32(UInt32(width)) + be32(UInt32(height)) + be32(0) + be32(0) + [0] + [0, 0]
        let region = be32(UInt32(width)) + be32(UInt32(height)) + be32(0) + be32(0) + [0] + [1] + g4
        return segment(0, type: 48, pageInfo) + segment(1, type: 39, region) + segment(2, type: 49, [])
    }

    /// Runs img2pdf (Python) on `images`, each page the size its resolution makes it.
    static func img2pdf(_ images: [URL], to output: URL) throws {
        let script = """
        import sys, img2pdf
        open(sys.argv[1], "wb").write(img2pdf.convert(sys.argv[2:]))
        """
        let result = try runCommand(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, output.path] + images.map(\.path))
        guard result.status == 0 else { throw PDFToolFailure(detail: result.stderr) }
    }

    /// Runs a small pikepdf script with the output path as `sys.argv[1]`.
    static func pikepdf(_ script: String, to output: URL, arguments: [String] = []) throws {
        let result = try runCommand(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, output.path] + arguments)
        guard result.status == 0 else { throw PDFToolFailure(detail: result.stderr) }
    }

    struct PDFToolFailure: Error, CustomStringConvertible { var detail: String; var description: String { detail } }

    /// Whether a Python module can be imported (img2pdf, pikepdf).
    static func pythonHas(_ module: String) -> Bool {
        (try? runCommand(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import \(module)"]))?.status == 0
    }
}

let img2pdfPresent = TestPageFiles.pythonHas("img2pdf") && TestPageFiles.pythonHas("pikepdf")
let needsPDFTools = ConditionTrait.enabled(if: img2pdfPresent, "img2pdf and pikepdf (PyPI) are not installed")

/// One page of a PDF built by `TestPDF.build`: an image XObject (its data already coded as its filter
/// says) drawn by `content` on a page of `mediaBox`.
struct TestPDFPage: Encodable {
    var data: String
    var width: Int
    var height: Int
    var colorspace: String? = "/DeviceGray"
    var bpc: Int? = 8
    var filter: String?
    var parms: [String: Int]?
    var flags: [String: Bool]?
    var decode: [Int]?
    var mask = false
    var deflate = false
    var indexed: [UInt8]?
    var globals: String?
    var content: String
    var mediaBox: [Double]
    var rotate: Int?
}

/// PDFs made with pikepdf (qpdf underneath), page by page, for the PDF page tests.
enum TestPDF {
    static let script = #"""
import sys, json, zlib, pikepdf
from pikepdf import Name, Dictionary, Array, Stream
spec = json.load(open(sys.argv[2]))
pdf = pikepdf.new()
for p in spec["pages"]:
    data = open(p["data"], "rb").read()
    if p.get("deflate"):
        data = zlib.compress(data)
    image = Stream(pdf, data)
    image.Type = Name.XObject
    image.Subtype = Name.Image
    image.Width = p["width"]
    image.Height = p["height"]
    if p.get("mask"):
        image.ImageMask = True
    else:
        if p.get("indexed") is not None:
            image.ColorSpace = Array([Name.Indexed, Name(p["colorspace"]), len(p["indexed"]) // 3 - 1, pikepdf.String(bytes(p["indexed"]))])
        else:
            image.ColorSpace = Name(p["colorspace"])
        image.BitsPerComponent = p["bpc"]
    filters = ["/FlateDecode"] if p.get("deflate") else []
    if p.get("filter"):
        filters.append(p["filter"])
    if filters:
        image.Filter = Name(filters[0]) if len(filters) == 1 else Array([Name(f) for f in filters])
    parms = {}
    for k, v in (p.get("parms") or {}).items():
        parms["/" + k] = v
    for k, v in (p.get("flags") or {}).items():
        parms["/" + k] = v
    if p.get("globals"):
        parms["/JBIG2Globals"] = Stream(pdf, open(p["globals"], "rb").read())
    if parms:
        image.DecodeParms = Dictionary(parms)
    if p.get("decode"):
        image.Decode = Array(p["decode"])
    page = pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=Array(p["mediaBox"]),
                                   Resources=Dictionary(XObject=Dictionary(Im0=image)),
                                   Contents=Stream(pdf, p["content"].encode())))
    if p.get("rotate") is not None:
        page.obj.Rotate = p["rotate"]
    pdf.pages.append(page)
encryption = pikepdf.Encryption(owner="owner", user=spec["user"]) if spec.get("user") is not None else False
pdf.save(sys.argv[1], encryption=encryption, compress_streams=False)
"""#

    struct Spec: Encodable {
        var pages: [TestPDFPage]
        var user: String?
    }

    /// Builds the PDF at `output`; `userPassword` encrypts it (AES-256; "" opens without a password).
    static func build(_ pages: [TestPDFPage], to output: URL, userPassword: String? = nil) throws {
        let spec = output.deletingPathExtension().appendingPathExtension("json")
        try JSONEncoder().encode(Spec(pages: pages, user: userPassword)).write(to: spec)
        try TestPageFiles.pikepdf(script, to: output, arguments: [spec.path])
    }

    /// `q W 0 0 H x y cm /Im0 Do Q`: the image drawn upright over `width × height` points.
    static func drawn(width: Double, height: Double, x: Double = 0, y: Double = 0) -> String {
        "q \(width) 0 0 \(height) \(x) \(y) cm /Im0 Do Q"
    }
}
