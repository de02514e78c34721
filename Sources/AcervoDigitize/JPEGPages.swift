import AcervoCore
import CAcervoImaging
import Foundation

/// Reads a JPEG page: its header through libjpeg (Acervo's probe), its pixels through Acervo's decoder,
/// and the file's bytes, which the writer embeds untouched (a JPEG is never re-encoded).
///
/// The resolution is the JFIF density when it is in dots per inch or per centimetre, else the EXIF
/// `XResolution`/`YResolution` with their `ResolutionUnit`, else none. CMYK pages are refused: PDF/A
/// would need their press profile, and converting them changes what was scanned.
enum JPEGPages {
    /// The header bytes read: the markers before the first scan (EXIF segments are at most 64 KB each).
    static let headerBytes = 1 << 20
    /// The most bytes a JPEG page file may have, since it is held whole for the writer: a 150-million-pixel
    /// colour page at the highest quality is about 100 MB.
    static let mostBytes = 256 << 20

    static func page(header bytes: [UInt8], number: Int, limits: PageLimits) throws(PageRefusal) -> ScannedPage {
        var info = CAcervoImaging_image_info()
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer {
            CAcervoImaging_jpeg_probe($0.baseAddress, $0.count, &info, &message, message.count)
        }
        guard status == Int32(CAcervoImaging_probe_ok) else {
            throw cMessage(message).isEmpty ? .unreadable("not a JPEG", "não é um JPEG") : .unreadable(cMessage(message))
        }
        let colour: PageColour
        switch info.color_space {
        case 1: colour = .greyscale  // JCS_GRAYSCALE
        case 2, 3: colour = .rgb  // JCS_RGB, JCS_YCbCr
        case 4, 5: throw .unsupported("CMYK")  // JCS_CMYK, JCS_YCCK
        default: throw .unsupported("JPEG colour space \(info.color_space)", "espaço de cor JPEG \(info.color_space)")
        }
        guard info.bit_depth == 8 else { throw .unsupported("\(info.bit_depth)-bit JPEG", "JPEG de \(info.bit_depth) bits") }
        let width = Int(info.width), height = Int(info.height)
        if let excess = limits.excess(width: width, height: height, colour: colour) { throw .tooLarge(excess.en, excess.pt) }
        let markers = JPEGMarkers(bytes)
        let dpi = markers.jfifDotsPerInch ?? markers.exif.flatMap(EXIFResolution.dotsPerInch)
        let orientation = markers.exif.map { exif in
            exif.withUnsafeBufferPointer { Int(CAcervoImaging_exif_orientation($0.baseAddress, $0.count)) }
        } ?? 1
        return ScannedPage(number: number, indexInFile: 0, width: width, height: height, dpiX: dpi?.x, dpiY: dpi?.y,
                           colour: colour, bitsPerSample: 8, samplesPerPixel: Int(info.components),
                           compression: "jpeg", lossyCompression: true,
                           quarterTurns: EXIFResolution.quarterTurns(orientation: orientation))
    }

    /// The pixels of the JPEG open at `path`, and `jpeg` (the same file's bytes) kept for the writer.
    static func image(path: String, jpeg: Data, page: ScannedPage, limits: PageLimits) throws(PageRefusal) -> DecodedPage {
        let samples = try ImageFileDecoding.decode(path: path, jpeg: true, limits: limits, bitonal: false)
        guard samples.width == page.width, samples.height == page.height else {
            throw .unreadable("the image is \(samples.width) × \(samples.height) px, its header said \(page.width) × \(page.height)",
                              "a imagem tem \(samples.width) × \(samples.height) px, o cabeçalho dizia \(page.width) × \(page.height)")
        }
        return DecodedPage(raster: RasterPacking.raster(samples, colour: page.colour, page: page), capturedJPEG: jpeg)
    }
}

/// The APP0 (JFIF) and APP1 (EXIF) segments before a JPEG's first scan; libjpeg's probe has already
/// read the same markers, so this only picks out their contents.
struct JPEGMarkers {
    var jfifDotsPerInch: (x: Double, y: Double)?
    /// The EXIF body (a TIFF structure, after `Exif\0\0`).
    var exif: [UInt8]?

    init(_ bytes: [UInt8]) {
        var at = 2
        while at + 4 <= bytes.count, bytes[at] == 0xFF {
            let marker = bytes[at + 1]
            if marker == 0xFF { at += 1; continue }  // fill byte
            if marker == 0xDA || marker == 0xD9 { break }  // start of scan, end of image
            let length = Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            let data = at + 4, end = at + 2 + length
            guard length >= 2, end <= bytes.count else { break }
            let segment = bytes[data..<end]
            if marker == 0xE0, jfifDotsPerInch == nil, segment.starts(with: Array("JFIF\0".utf8)), segment.count >= 12 {
                let s = Array(segment)
                let unit = s[7], x = Double(Int(s[8]) << 8 | Int(s[9])), y = Double(Int(s[10]) << 8 | Int(s[11]))
                if x > 0, y > 0, unit == 1 || unit == 2 {
                    jfifDotsPerInch = unit == 1 ? (x, y) : (x * 2.54, y * 2.54)
                }
            } else if marker == 0xE1, exif == nil, segment.starts(with: Array("Exif\0\0".utf8)) {
                exif = Array(segment.dropFirst(6))
            }
            at = end
        }
    }
}
