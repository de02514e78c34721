import AcervoCore
import CAcervoImaging

/// Reads a PNG page: its header through libpng (Acervo's probe), its pixels through Acervo's decoder.
///
/// The resolution is the `pHYs` chunk's, in pixels per metre (a `pHYs` of unknown unit is only an aspect
/// ratio: no resolution). A palette of greys is a greyscale page, and of black and white only a bitonal
/// one. Transparent pixels are laid over white paper. 16-bit samples are refused: the archival image
/// keeps 8 bits a sample, and halving them would lose what was scanned.
enum PNGPages {
    /// The header bytes read: enough for any chunk a scanner writes before the image data.
    static let headerBytes = 4 << 20

    static func page(header bytes: [UInt8], number: Int, limits: PageLimits) throws(PageRefusal) -> ScannedPage {
        var info = CAcervoImaging_image_info()
        var message = [CChar](repeating: 0, count: 256)
        // libpng's own size limit stays out of the way: the page limits below say why a page is refused.
        let status = bytes.withUnsafeBufferPointer {
            CAcervoImaging_png_probe($0.baseAddress, $0.count, 0x7FFF_FFFF, 0x7FFF_FFFF, &info, &message, message.count)
        }
        guard status == Int32(CAcervoImaging_probe_ok) else {
            throw cMessage(message).isEmpty ? .unreadable("not a PNG", "não é um PNG") : .unreadable(cMessage(message))
        }
        let chunks = PNGChunks(bytes)
        let width = Int(info.width), height = Int(info.height), bits = Int(info.bit_depth)
        let colour: PageColour
        switch info.color_space {
        case 0, 4:  // grey, grey with alpha
            colour = bits == 1 ? .bitonal : .greyscale
        case 3:  // palette
            let entries = stride(from: 0, to: chunks.palette.count - 2, by: 3).map {
                (chunks.palette[$0], chunks.palette[$0 + 1], chunks.palette[$0 + 2])
            }
            let greys = entries.allSatisfy { $0.0 == $0.1 && $0.1 == $0.2 }
            colour = !greys || entries.isEmpty ? .rgb : entries.allSatisfy({ $0.0 == 0 || $0.0 == 255 }) && !chunks.transparency
                ? .bitonal : .greyscale
        default:  // RGB, RGB with alpha
            colour = .rgb
        }
        if bits == 16 { throw .unsupported("16 bits per sample; scan at 8 bits per sample", "16 bits por amostra; digitalize com 8 bits por amostra") }
        if let excess = limits.excess(width: width, height: height, colour: colour) { throw .tooLarge(excess.en, excess.pt) }
        let dpi = chunks.dotsPerInch
        return ScannedPage(number: number, indexInFile: 0, width: width, height: height, dpiX: dpi?.x, dpiY: dpi?.y,
                           colour: colour, bitsPerSample: bits, samplesPerPixel: Int(info.components),
                           compression: "deflate", lossyCompression: false)
    }

    /// The pixels of the PNG open at `path`.
    static func image(path: String, page: ScannedPage, limits: PageLimits) throws(PageRefusal) -> DecodedPage {
        let samples = try ImageFileDecoding.decode(path: path, jpeg: false, limits: limits, bitonal: page.colour == .bitonal)
        guard samples.width == page.width, samples.height == page.height else {
            throw .unreadable("the image is \(samples.width) × \(samples.height) px, its header said \(page.width) × \(page.height)",
                              "a imagem tem \(samples.width) × \(samples.height) px, o cabeçalho dizia \(page.width) × \(page.height)")
        }
        return DecodedPage(raster: RasterPacking.raster(samples, colour: page.colour, page: page))
    }
}

/// The ancillary chunks before a PNG's image data that say what a page is: `pHYs`, `PLTE`, `tRNS`. The
/// chunks were already checked (lengths, CRCs) by libpng's probe; this only picks their contents out.
struct PNGChunks {
    var pixelsPerUnit: (x: UInt32, y: UInt32, metres: Bool)?
    var palette: [UInt8] = []
    var transparency = false

    init(_ bytes: [UInt8]) {
        var at = 8
        func u32(_ i: Int) -> UInt32 {
            UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
        }
        while at + 8 <= bytes.count {
            let length = Int(u32(at))
            let type = String(decoding: bytes[(at + 4)..<(at + 8)], as: UTF8.self)
            let data = at + 8
            guard length <= bytes.count - data, type != "IDAT", type != "IEND" else { break }
            switch type {
            case "pHYs" where length == 9:
                pixelsPerUnit = (u32(data), u32(data + 4), bytes[data + 8] == 1)
            case "PLTE":
                palette = Array(bytes[data..<(data + length)])
            case "tRNS":
                transparency = true
            default: break
            }
            at = data + length + 4
        }
    }

    /// The resolution in dots per inch, when the file gives one in metres.
    var dotsPerInch: (x: Double, y: Double)? {
        guard let ppu = pixelsPerUnit, ppu.metres, ppu.x > 0, ppu.y > 0 else { return nil }
        return (Double(ppu.x) * 0.0254, Double(ppu.y) * 0.0254)
    }
}
