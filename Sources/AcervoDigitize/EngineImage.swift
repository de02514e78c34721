import AcervoCore
import CTesseractLoader
import Foundation

/// A copy of a page's pixels as the OCR engine reads them: a Leptonica `Pix` at the page's own size and
/// resolution, never resampled. The page's raster is not touched.
///
/// A colour page is handed over as its luminance (8 bits a pixel), not as colour. Tesseract's recognizer
/// reads grey whatever it is given (each line image goes through Leptonica's luminance before the LSTM), but
/// from a colour page it thresholds three channels for the layout and, for every line, clips the colour
/// image and writes it as an in-memory PNG (zlib) before turning it grey: a third of the bytes to deflate
/// for the same line. On the benchmark's four colour A4 pages the engine costs 25–40 % less CPU read from
/// the luminance, and reads the same words but one (Benchmarks/results/2026-12-06-digitize-cpu.md).
final class EngineImage {
    /// Leptonica's perceptual weights (`L_RED_WEIGHT`, `L_GREEN_WEIGHT`, `L_BLUE_WEIGHT`: 0.3, 0.5, 0.2),
    /// in tenths: the grey Tesseract itself makes of a colour line, so the recognizer sees what it would.
    static let luminanceWeights: (red: UInt32, green: UInt32, blue: UInt32) = (3, 5, 2)

    /// Tesseract keeps coordinates in 16-bit integers: a larger side cannot be read.
    static let largestSide = 32_767

    let pix: UnsafeMutablePointer<Pix>

    /// Copies `raster`; a raster whose size and bytes disagree, or too large for the engine, is refused, and
    /// so is any raster when Leptonica cannot be opened.
    init(_ raster: PageRaster, dpi: Int) throws(AcervoError) {
        try TesseractLibrary.check()
        let width = raster.width, height = raster.height
        let tight = PageRaster.tightBytesPerRow(width: width, colour: raster.colour)
        guard width > 0, height > 0, width <= Self.largestSide, height <= Self.largestSide else {
            throw AcervoError(.invalidArgument,
                              english: "page \(raster.page.number) cannot be read by the OCR engine: \(width) × \(height) px (at most \(Self.largestSide) a side)",
                              portuguese: "a página \(raster.page.number) não pode ser lida pelo OCR: \(width) × \(height) px (no máximo \(Self.largestSide) por lado)")
        }
        guard raster.bytesPerRow >= tight, raster.pixels.count >= raster.bytesPerRow * (height - 1) + tight else {
            throw AcervoError(.invalidArgument,
                              english: "page \(raster.page.number)'s raster holds \(raster.pixels.count) bytes, too few for \(width) × \(height) px of \(raster.colour.rawValue) at \(raster.bytesPerRow) bytes a row",
                              portuguese: "a imagem da página \(raster.page.number) tem \(raster.pixels.count) bytes, poucos para \(width) × \(height) px \(raster.colour.names.pt) com \(raster.bytesPerRow) bytes por linha")
        }
        // Leptonica keeps 1 and 8 bpp rows as big-endian 32-bit words: rows are written in byte order (bitonal
        // and grey rows copied, colour rows turned to their luminance), then swapped to the machine's order.
        let depth: Int32 = raster.colour == .bitonal ? 1 : 8
        guard let created = CTesseractLoader_pixCreate(Int32(width), Int32(height), depth) else {
            throw Self.outOfMemory(raster)
        }
        let rowBytes = Int(CTesseractLoader_pixGetWpl(created)) * 4
        let data = UnsafeMutableRawPointer(CTesseractLoader_pixGetData(created)!)
        raster.pixels.withUnsafeBytes { (source: UnsafeRawBufferPointer) in
            let base = source.baseAddress!
            for row in 0..<height {
                let target = data + row * rowBytes
                let from = base + row * raster.bytesPerRow
                if raster.colour == .rgb {
                    Self.luminance(of: from.assumingMemoryBound(to: UInt8.self), into: target.assumingMemoryBound(to: UInt8.self),
                                   pixels: width)
                } else {
                    target.copyMemory(from: from, byteCount: tight)
                }
            }
        }
        // Bits past the last pixel of a bitonal row may hold anything in the source: clear them.
        if raster.colour == .bitonal, width % 8 != 0 {
            let mask = UInt8(truncatingIfNeeded: 0xFF00 >> (width % 8))
            for row in 0..<height {
                let last = (data + row * rowBytes + tight - 1).assumingMemoryBound(to: UInt8.self)
                last.pointee &= mask
            }
        }
        CTesseractLoader_pixEndianByteSwap(created)
        CTesseractLoader_pixSetResolution(created, Int32(dpi), Int32(dpi))
        pix = created
    }

    /// Writes the luminance of `pixels` RGB pixels at `rgb` to `grey`, rounded as Leptonica rounds it
    /// (`pixConvertRGBToLuminance`: 0.3 R + 0.5 G + 0.2 B + 0.5, truncated).
    static func luminance(of rgb: UnsafePointer<UInt8>, into grey: UnsafeMutablePointer<UInt8>, pixels: Int) {
        let (r, g, b) = luminanceWeights
        for x in 0..<pixels {
            let p = rgb + 3 * x
            grey[x] = UInt8(truncatingIfNeeded: (r * UInt32(p[0]) + g * UInt32(p[1]) + b * UInt32(p[2]) + 5) / 10)
        }
    }

    deinit {
        var copy: UnsafeMutablePointer<Pix>? = pix
        CTesseractLoader_pixDestroy(&copy)
    }

    private static func outOfMemory(_ raster: PageRaster) -> AcervoError {
        AcervoError(.io,
                    english: "no memory for the OCR copy of page \(raster.page.number) (\(raster.width) × \(raster.height) px)",
                    portuguese: "sem memória para a cópia de OCR da página \(raster.page.number) (\(raster.width) × \(raster.height) px)")
    }
}
