import CTIFF
import Foundation

/// A page to write as a TIFF through libtiff, for the digitization tests.
struct TestPage {
    enum Pixels { case bitonal, grey, rgb }
    var width = 64
    var height = 48
    var pixels: Pixels = .bitonal
    var compression: Int32 = COMPRESSION_CCITTFAX4
    /// (x, y) and the unit; `nil` writes no resolution at all.
    var resolution: (Double, Double)? = (300, 300)
    var unit: Int32 = RESUNIT_INCH
    var orientation: Int32 = ORIENTATION_TOPLEFT
    /// The byte every sample is set to (0 or 255 for bitonal pages: black or white).
    var fill: UInt8 = 0x55
}

enum TestTIFF {
    /// Writes `pages` as one TIFF at `url`, one directory each, through libtiff.
    static func write(_ pages: [TestPage], to url: URL) throws {
        guard let tiff = TIFFOpen(url.path, "w") else { throw CocoaError(.fileWriteUnknown) }
        defer { TIFFClose(tiff) }
        for page in pages {
            let samples: Int32 = page.pixels == .rgb ? 3 : 1
            let bits: Int32 = page.pixels == .bitonal ? 1 : 8
            set(tiff, TIFFTAG_IMAGEWIDTH, UInt32(page.width))
            set(tiff, TIFFTAG_IMAGELENGTH, UInt32(page.height))
            set(tiff, TIFFTAG_BITSPERSAMPLE, bits)
            set(tiff, TIFFTAG_SAMPLESPERPIXEL, samples)
            set(tiff, TIFFTAG_COMPRESSION, page.compression)
            set(tiff, TIFFTAG_PHOTOMETRIC, page.pixels == .rgb ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK)
            set(tiff, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG)
            set(tiff, TIFFTAG_ORIENTATION, page.orientation)
            set(tiff, TIFFTAG_ROWSPERSTRIP, UInt32(16))
            if page.compression == COMPRESSION_JPEG { set(tiff, TIFFTAG_JPEGQUALITY, Int32(75)) }
            if let (x, y) = page.resolution {
                set(tiff, TIFFTAG_XRESOLUTION, x)
                set(tiff, TIFFTAG_YRESOLUTION, y)
                set(tiff, TIFFTAG_RESOLUTIONUNIT, page.unit)
            }
            if pages.count > 1 {
                set(tiff, TIFFTAG_SUBFILETYPE, UInt32(FILETYPE_PAGE))
            }
            let rowBytes = page.pixels == .bitonal ? (page.width + 7) / 8 : page.width * Int(samples)
            var row = [UInt8](repeating: page.fill, count: rowBytes)
            for y in 0..<page.height {
                guard TIFFWriteScanline(tiff, &row, UInt32(y), 0) == 1 else { throw CocoaError(.fileWriteUnknown) }
            }
            guard TIFFWriteDirectory(tiff) == 1 else { throw CocoaError(.fileWriteUnknown) }
        }
    }

    private static func set(_ tiff: OpaquePointer, _ tag: Int32, _ value: any CVarArg) {
        _ = withVaList([value]) { TIFFVSetField(tiff, UInt32(tag), $0) }
    }

    /// A little-endian TIFF header and one directory, written byte by byte: a hostile file whose header
    /// claims `width` × `height` bitonal pixels over a strip of 16 bytes.
    static func claiming(width: UInt32, height: UInt32) -> [UInt8] {
        var bytes: [UInt8] = [0x49, 0x49, 42, 0, 8, 0, 0, 0]
        func u16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func u32(_ v: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((v >> UInt32(shift)) & 0xFF)) } }
        let entries: [(UInt16, UInt16, UInt32)] = [  // tag, type (3 SHORT, 4 LONG), value
            (256, 4, width), (257, 4, height), (258, 3, 1), (259, 3, 4), (262, 3, 0),
            (273, 4, 0), (277, 3, 1), (278, 4, height), (279, 4, 16),
        ]
        let dataOffset = UInt32(8 + 2 + entries.count * 12 + 4)
        u16(UInt16(entries.count))
        for (tag, type, value) in entries {
            u16(tag); u16(type); u32(1)
            if type == 3 { u16(UInt16(value)); u16(0) } else { u32(tag == 273 ? dataOffset : value) }
        }
        u32(0)
        bytes += [UInt8](repeating: 0, count: 16)
        return bytes
    }
}
