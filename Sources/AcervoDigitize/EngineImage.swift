import AcervoCore
import CTesseractLoader
import Foundation

/// A copy of a page's pixels as the OCR engine reads them: a Leptonica `Pix` at the page's own size and
/// resolution, never resampled. The page's raster is not touched.
final class EngineImage {
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
        // Leptonica keeps 1 and 8 bpp rows as big-endian 32-bit words, and 24 bpp as packed bytes: rows are
        // copied as they are, then swapped to the machine's order (1, 8 bpp) or spread to RGBA words (24 bpp).
        let depth: Int32 = switch raster.colour {
        case .bitonal: 1
        case .greyscale: 8
        case .rgb: 24
        }
        guard let created = CTesseractLoader_pixCreate(Int32(width), Int32(height), depth) else {
            throw Self.outOfMemory(raster)
        }
        var copy: UnsafeMutablePointer<Pix>? = created
        let rowBytes = Int(CTesseractLoader_pixGetWpl(created)) * 4
        let data = UnsafeMutableRawPointer(CTesseractLoader_pixGetData(created)!)
        raster.pixels.withUnsafeBytes { (source: UnsafeRawBufferPointer) in
            for row in 0..<height {
                let target = data + row * rowBytes
                target.copyMemory(from: source.baseAddress! + row * raster.bytesPerRow, byteCount: tight)
            }
        }
        switch raster.colour {
        case .bitonal:
            // Bits past the last pixel of a row may hold anything in the source: clear them.
            if width % 8 != 0 {
                let mask = UInt8(truncatingIfNeeded: 0xFF00 >> (width % 8))
                for row in 0..<height {
                    let last = (data + row * rowBytes + tight - 1).assumingMemoryBound(to: UInt8.self)
                    last.pointee &= mask
                }
            }
            CTesseractLoader_pixEndianByteSwap(created)
        case .greyscale:
            CTesseractLoader_pixEndianByteSwap(created)
        case .rgb:
            let rgba = CTesseractLoader_pixConvert24To32(created)
            CTesseractLoader_pixDestroy(&copy)
            guard let rgba else { throw Self.outOfMemory(raster) }
            copy = rgba
        }
        CTesseractLoader_pixSetResolution(copy, Int32(dpi), Int32(dpi))
        pix = copy!
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
