import AcervoCore
import CTIFF
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension TIFFPages {
    /// The pixels of the TIFF page at directory `index`, as stored (not turned upright): bitonal pages a
    /// bit a pixel through libtiff's scanline decoder, others through libtiff's RGBA reader. Throws a
    /// `PageRefusal`.
    static func raster(path: String, index: Int, page: ScannedPage, limits: PageLimits) throws -> PageRaster {
        try tiffRaster(path: path, index: index, page: page, limits: limits)
    }

    private static func tiffRaster(path: String, index: Int, page: ScannedPage, limits: PageLimits) throws(PageRefusal) -> PageRaster {
        let fd: Int32
        do { fd = try PageFileOpening.open(path).descriptor } catch { throw .unreadable(error.english) }
        let messages = TIFFMessages()
        let options = messages.options(maxAllocation: 64 << 20)
        defer { TIFFOpenOptionsFree(options) }
        guard let tiff = TIFFFdOpenExt(fd, path, "rm", options) else {
            close(fd)
            throw .unreadable(messages.first.isEmpty ? "not a TIFF" : messages.first)
        }
        defer { TIFFClose(tiff) }
        guard TIFFSetDirectory(tiff, UInt32(index)) == 1,
              case .success(let described) = Self.page(tiff, number: page.number, index: index, limits: limits),
              described.width == page.width, described.height == page.height, described.colour == page.colour else {
            throw .unreadable(messages.first.isEmpty ? "the page changed since its header was read" : messages.first)
        }
        let width = page.width, height = page.height
        let photometric = Int32(field(tiff, TIFFTAG_PHOTOMETRIC, defaulted: true) as UInt16? ?? 0)
        if page.colour == .bitonal, page.samplesPerPixel == 1, photometric != PHOTOMETRIC_PALETTE {
            let stride = (width + 7) / 8
            guard TIFFScanlineSize(tiff) == stride else { throw .unsupported("a bitonal page of an unexpected layout") }
            var bits = [UInt8](repeating: 0, count: stride * height)
            let failed = bits.withUnsafeMutableBytes { out -> Bool in
                for y in 0..<height where TIFFReadScanline(tiff, out.baseAddress! + y * stride, UInt32(y), 0) != 1 {
                    return true
                }
                return false
            }
            if failed || !messages.errors.isEmpty { throw .unreadable(messages.first.isEmpty ? "the page cannot be decoded" : messages.first) }
            // The raster's 1 is black: a min-is-black page stores 1 for white.
            if photometric == PHOTOMETRIC_MINISBLACK { PDFImageDecoding.invert(&bits) }
            let tail: UInt8 = width % 8 == 0 ? 0xFF : ~(0xFF >> UInt8(width % 8))
            for y in 0..<height { bits[y * stride + stride - 1] &= tail }
            return PageRaster(page: page, width: width, height: height, colour: .bitonal, pixels: Data(bits))
        }
        // As stored: ask for the orientation the file has, so nothing is flipped.
        let orientation = Int32(field(tiff, TIFFTAG_ORIENTATION, defaulted: true) as UInt16? ?? 1)
        var abgr = [UInt32](repeating: 0, count: width * height)
        let read = abgr.withUnsafeMutableBufferPointer {
            TIFFReadRGBAImageOriented(tiff, UInt32(width), UInt32(height), $0.baseAddress, orientation, 0)
        }
        guard read == 1, messages.errors.isEmpty else {
            throw .unreadable(messages.first.isEmpty ? "the page cannot be decoded" : messages.first)
        }
        let channels = page.colour == .rgb ? 3 : 1
        var bytes = [UInt8](repeating: 0, count: width * height * channels)
        abgr.withUnsafeBufferPointer { s in
            bytes.withUnsafeMutableBufferPointer { out in
                for i in 0..<(width * height) {
                    let p = s[i]
                    out[i * channels] = UInt8(p & 0xFF)
                    if channels == 3 {
                        out[i * 3 + 1] = UInt8((p >> 8) & 0xFF)
                        out[i * 3 + 2] = UInt8((p >> 16) & 0xFF)
                    }
                }
            }
        }
        return RasterPacking.raster(ImageFileDecoding.Samples(width: width, height: height, channels: channels, bytes: Data(bytes)),
                                    colour: page.colour, page: page)
    }
}
