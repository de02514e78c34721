import AcervoCore
import CTIFF
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension TIFFPages {
    /// Reads the pixels of one page of the TIFF at `path` (the directory `index`, as
    /// ``ScannedPage/indexInFile`` gives it) into a ``PageRaster``, through libtiff.
    ///
    /// Any compression libtiff decodes is read (CCITT G3/G4, LZW, Deflate, PackBits, JPEG). The pixels come
    /// out in the raster's convention whatever the file's: bitonal pages packed one bit a pixel with
    /// 1 = black (a MinIsBlack page is inverted), grey pages with 0 = black (MinIsWhite inverted), a palette
    /// expanded to RGB (or grey when every entry is grey), and an alpha channel
    /// composited on white. Pixels stay in the order they are stored: a turned page keeps its
    /// ``ScannedPage/quarterTurns`` for the PDF's `/Rotate`.
    ///
    /// Memory: the raster and one strip or tile (a band of tiles) at a time. The file is opened without
    /// following a link and must be a regular file, as ``read(path:firstPageNumber:limits:grades:)`` does.
    ///
    /// - Throws: ``PageDecodingError`` for a page that cannot be decoded (its finding is `unreadable-page`,
    ///   with the page's number), or that is no longer the size or kind its headers said;
    ///   `AcervoError` when the file cannot be opened at all.
    public static func raster(path: String, index: Int, page: ScannedPage, limits: PageLimits) throws -> PageRaster {
        func unreadable(_ detail: String, _ portuguese: String? = nil) -> PageDecodingError {
            PageDecodingError(code: .unreadablePage, page: page.number, detail: detail, detailPortuguese: portuguese)
        }
        if let excess = limits.excess(width: page.width, height: page.height, colour: page.colour) {
            throw PageDecodingError(code: .pageTooLarge, page: page.number, detail: excess.en, detailPortuguese: excess.pt)
        }
        let (fd, _) = try PageFileOpening.open(path)
        let messages = TIFFMessages()
        // One strip of a single-strip page is the whole page decoded: allow that much, not more.
        let decoded = page.width * page.height * max(1, page.samplesPerPixel) * max(1, page.bitsPerSample / 8)
        let options = messages.options(maxAllocation: max(64 << 20, decoded + (1 << 20)))
        defer { TIFFOpenOptionsFree(options) }
        guard let tiff = TIFFFdOpenExt(fd, path, "rm", options) else {
            close(fd)
            throw messages.first.isEmpty ? unreadable("not a TIFF", "não é um TIFF") : unreadable(messages.first)
        }
        defer { TIFFClose(tiff) }
        guard index >= 0, TIFFSetDirectory(tiff, tdir_t(index)) == 1 else {
            throw messages.first.isEmpty ? unreadable("no directory \(index)", "sem o diretório \(index)") : unreadable(messages.first)
        }
        // The page as the file says now: the same size and kind as when its headers were read.
        let now: ScannedPage
        switch Self.page(tiff, number: page.number, index: index, limits: limits) {
        case .success(let found): now = found
        case .failure(let refusal):
            throw PageDecodingError(code: refusal.code, page: page.number,
                                    detail: refusal.detail.isEmpty ? messages.first : refusal.detail,
                                    detailPortuguese: refusal.detailPortuguese)
        }
        guard now.width == page.width, now.height == page.height else {
            throw unreadable("the page is now \(now.width) × \(now.height) px, not \(page.width) × \(page.height)",
                             "a página agora tem \(now.width) × \(now.height) px, não \(page.width) × \(page.height)")
        }
        let reader = TIFFPixelReader(tiff: tiff, page: page)
        do {
            let (colour, pixels) = try reader.read()
            return PageRaster(page: page, width: page.width, height: page.height, colour: colour, pixels: pixels)
        } catch {
            throw messages.first.isEmpty ? unreadable(error.detail, error.portuguese) : unreadable(messages.first)
        }
    }
}

/// Decodes the current directory of an open TIFF into the raster convention.
struct TIFFPixelReader {
    struct Failure: Error {
        var detail: String
        var portuguese: String?
        init(detail: String, _ portuguese: String? = nil) {
            self.detail = detail
            self.portuguese = portuguese
        }
    }

    let tiff: OpaquePointer
    let page: ScannedPage

    private var width: Int { page.width }
    private var height: Int { page.height }

    private func tag<T>(_ tag: Int32, defaulted: Bool = true) -> T? {
        TIFFPages.field(tiff, tag, defaulted: defaulted)
    }

    func read() throws(Failure) -> (PageColour, Data) {
        let photometric = Int32(tag(TIFFTAG_PHOTOMETRIC, defaulted: false) as UInt16? ?? 0)
        let bits = Int(tag(TIFFTAG_BITSPERSAMPLE) as UInt16? ?? 1)
        let samples = Int(tag(TIFFTAG_SAMPLESPERPIXEL) as UInt16? ?? 1)
        let planar = Int32(tag(TIFFTAG_PLANARCONFIG) as UInt16? ?? UInt16(PLANARCONFIG_CONTIG))
        let compression = Int32(tag(TIFFTAG_COMPRESSION) as UInt16? ?? 1)
        let tiled = TIFFIsTiled(tiff) != 0
        let grey = photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_MINISWHITE
        // The layouts that are already the raster's, read as they are stored: rows or tiles.
        func stored(_ colour: PageColour, invert: Bool) throws(Failure) -> (PageColour, Data) {
            let rowBytes = PageRaster.tightBytesPerRow(width: width, colour: colour)
            var pixels = tiled ? try tiles(bytesPerRow: rowBytes, bitsPerPixel: colour == .bitonal ? 1 : 8 * samples)
                               : try scanlines(bytesPerRow: rowBytes)
            Self.normalize(&pixels, width: width, height: height, colour: colour, invert: invert)
            return (colour, pixels)
        }
        if grey && bits == 1 && samples == 1 {
            return try stored(.bitonal, invert: photometric == PHOTOMETRIC_MINISBLACK)
        }
        if bits == 8 && planar == PLANARCONFIG_CONTIG {
            if grey && samples == 1 {
                return try stored(.greyscale, invert: photometric == PHOTOMETRIC_MINISWHITE)
            }
            if photometric == PHOTOMETRIC_RGB && samples == 3 {
                return try stored(.rgb, invert: false)
            }
            if photometric == PHOTOMETRIC_YCBCR && samples == 3 && compression == COMPRESSION_JPEG {
                // libjpeg converts to RGB while it decodes.
                _ = withVaList([JPEGCOLORMODE_RGB]) { TIFFVSetField(tiff, UInt32(TIFFTAG_JPEGCOLORMODE), $0) }
                return try stored(.rgb, invert: false)
            }
        }
        let colour: PageColour
        if grey {
            colour = bits == 1 && samples <= 2 ? .bitonal : .greyscale
        } else if photometric == PHOTOMETRIC_PALETTE {
            colour = paletteIsGrey(bits: bits) ? .greyscale : .rgb
        } else {
            colour = .rgb
        }
        return (colour, try throughRGBA(colour: colour, tiled: tiled))
    }

    /// Inverts the pixels when the file's convention is the opposite of the raster's, and keeps the bits
    /// past a bitonal row's last pixel white, so that equal pages encode the same.
    static func normalize(_ pixels: inout Data, width: Int, height: Int, colour: PageColour, invert: Bool) {
        let rowBytes = PageRaster.tightBytesPerRow(width: width, colour: colour)
        let spare = colour == .bitonal ? (8 - width % 8) % 8 : 0
        guard invert || spare > 0 else { return }
        let mask = UInt8(0xFF) << UInt8(spare)
        pixels.withUnsafeMutableBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            if invert {
                for i in 0..<bytes.count { bytes[i] = ~bytes[i] }
            }
            if spare > 0 {
                for row in 0..<height { bytes[row * rowBytes + rowBytes - 1] &= mask }
            }
        }
    }

    /// Decoded rows in the file's own layout, one at a time straight into the raster.
    private func scanlines(bytesPerRow: Int) throws(Failure) -> Data {
        guard Int(TIFFScanlineSize64(tiff)) == bytesPerRow else {
            throw Failure(detail: "unexpected scanline size \(TIFFScanlineSize64(tiff))",
                          "tamanho de linha inesperado \(TIFFScanlineSize64(tiff))")
        }
        var pixels = Data(count: bytesPerRow * height)
        var failed = false
        pixels.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            for row in 0..<height where TIFFReadScanline(tiff, base + row * bytesPerRow, UInt32(row), 0) != 1 {
                failed = true
                return
            }
        }
        if failed { throw Failure(detail: "a row could not be decoded", "uma linha não pôde ser decodificada") }
        return pixels
    }

    /// Decoded tiles in the file's own layout, one tile at a time, copied into the raster's rows. Tiles
    /// are multiples of 16 pixels wide, so a bitonal tile starts on a byte.
    private func tiles(bytesPerRow: Int, bitsPerPixel: Int) throws(Failure) -> Data {
        let tileWidth = Int(tag(TIFFTAG_TILEWIDTH) as UInt32? ?? 0)
        let tileLength = Int(tag(TIFFTAG_TILELENGTH) as UInt32? ?? 0)
        let tileRowBytes = (tileWidth * bitsPerPixel + 7) / 8
        guard tileWidth > 0, tileLength > 0, tileWidth % 16 == 0, Int(TIFFTileSize64(tiff)) == tileRowBytes * tileLength else {
            throw Failure(detail: "unexpected tile size \(tileWidth) × \(tileLength)",
                          "tamanho de ladrilho inesperado \(tileWidth) × \(tileLength)")
        }
        var pixels = Data(count: bytesPerRow * height)
        let tile = UnsafeMutableRawPointer.allocate(byteCount: tileRowBytes * tileLength, alignment: 16)
        defer { tile.deallocate() }
        var failed = false
        pixels.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            for top in stride(from: 0, to: height, by: tileLength) {
                for left in stride(from: 0, to: width, by: tileWidth) {
                    if TIFFReadTile(tiff, tile, UInt32(left), UInt32(top), 0, 0) < 0 {
                        failed = true
                        return
                    }
                    let start = left * bitsPerPixel / 8
                    let count = min(tileRowBytes, bytesPerRow - start)
                    for y in 0..<min(tileLength, height - top) {
                        (base + (top + y) * bytesPerRow + start).copyMemory(from: tile + y * tileRowBytes, byteCount: count)
                    }
                }
            }
        }
        if failed { throw Failure(detail: "a tile could not be decoded", "um ladrilho não pôde ser decodificado") }
        return pixels
    }

    /// Whether every colour of the palette is a grey.
    private func paletteIsGrey(bits: Int) -> Bool {
        let storage = UnsafeMutablePointer<UnsafeMutablePointer<UInt16>?>.allocate(capacity: 3)
        defer { storage.deallocate() }
        storage.initialize(repeating: nil, count: 3)
        let found = withVaList([storage, storage + 1, storage + 2]) {
            TIFFVGetField(tiff, UInt32(TIFFTAG_COLORMAP), $0)
        }
        guard found == 1, let r = storage[0], let g = storage[1], let b = storage[2] else { return false }
        for i in 0..<(1 << min(bits, 16)) where r[i] != g[i] || g[i] != b[i] { return false }
        return true
    }

    /// Everything else (palette, 2 and 4-bit grey, 16-bit samples, alpha, separate planes, old JPEG,
    /// YCbCr) through libtiff's RGBA reader, one strip or one row of tiles at a time, in the file's own
    /// orientation.
    private func throughRGBA(colour: PageColour, tiled: Bool) throws(Failure) -> Data {
        var message = [CChar](repeating: 0, count: 1024)
        guard TIFFRGBAImageOK(tiff, &message) == 1 else {
            throw Failure(detail: Self.text(message))
        }
        var image = TIFFRGBAImage()
        guard TIFFRGBAImageBegin(&image, tiff, 1, &message) == 1 else {
            throw Failure(detail: Self.text(message))
        }
        defer { TIFFRGBAImageEnd(&image) }
        // Asking for the file's own orientation keeps rows and columns as stored: nothing is flipped.
        image.req_orientation = image.orientation
        let band: Int
        if tiled {
            band = Int(tag(TIFFTAG_TILELENGTH) as UInt32? ?? 0)
        } else {
            band = Int(tag(TIFFTAG_ROWSPERSTRIP) as UInt32? ?? UInt32(height))
        }
        let rowsPerBand = max(1, min(band, height))
        let outRow = PageRaster.tightBytesPerRow(width: width, colour: colour)
        var pixels = Data(count: outRow * height)
        let rgba = UnsafeMutablePointer<UInt32>.allocate(capacity: width * rowsPerBand)
        defer { rgba.deallocate() }
        var failed = false
        pixels.withUnsafeMutableBytes { raw in
            let out = raw.bindMemory(to: UInt8.self)
            var top = 0
            while top < height {
                let rows = min(rowsPerBand, height - top)
                image.row_offset = Int32(top)
                image.col_offset = 0
                if TIFFRGBAImageGet(&image, rgba, UInt32(width), UInt32(rows)) != 1 {
                    failed = true
                    return
                }
                for y in 0..<rows {
                    let source = rgba + y * width
                    let target = (top + y) * outRow
                    if colour == .bitonal {
                        for x in 0..<width where Self.onWhite(source[x], 0) < 128 {
                            out[target + (x >> 3)] |= 0x80 >> UInt8(x & 7)
                        }
                    } else if colour == .greyscale {
                        for x in 0..<width { out[target + x] = Self.onWhite(source[x], 0) }
                    } else {
                        for x in 0..<width {
                            out[target + 3 * x] = Self.onWhite(source[x], 0)
                            out[target + 3 * x + 1] = Self.onWhite(source[x], 8)
                            out[target + 3 * x + 2] = Self.onWhite(source[x], 16)
                        }
                    }
                }
                top += rows
            }
        }
        if failed { throw Failure(detail: "the page could not be decoded", "a página não pôde ser decodificada") }
        return pixels
    }

    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// One channel of a pixel libtiff gives premultiplied by its alpha, composited on white.
    @inline(__always)
    private static func onWhite(_ pixel: UInt32, _ shift: UInt32) -> UInt8 {
        let value = Int((pixel >> shift) & 0xFF) + 255 - Int(pixel >> 24)
        return UInt8(min(255, value))
    }
}
