import AcervoCore
import AcervoDigitize
import CTIFF
import Foundation
import Testing

/// A TIFF page written through libtiff with every tag a test chooses, from bytes in the file's own
/// layout: for reading pixels back in the raster's convention.
struct RasterTIFF {
    var width = 37
    var height = 29
    var bits: Int32 = 8
    var samples: Int32 = 1
    var photometric: Int32 = PHOTOMETRIC_MINISBLACK
    var compression: Int32 = COMPRESSION_NONE
    var planar: Int32 = PLANARCONFIG_CONTIG
    /// Tile size; `nil` writes strips of 8 rows.
    var tile: Int? = nil
    var orientation: Int32 = ORIENTATION_TOPLEFT
    /// Red, green and blue tables for a palette page.
    var colormap: [[UInt16]]? = nil
    /// Extra samples (alpha) after the colour ones.
    var extraSamples: [UInt16] = []
    /// The rows, as the file stores them (contiguous samples).
    var bytes: [UInt8]

    var rowBytes: Int { (width * Int(samples) * Int(bits) + 7) / 8 }

    func write(to url: URL) throws {
        guard let tiff = TIFFOpen(url.path, "w") else { throw CocoaError(.fileWriteUnknown) }
        defer { TIFFClose(tiff) }
        func set(_ tag: Int32, _ values: any CVarArg...) {
            _ = withVaList(values) { TIFFVSetField(tiff, UInt32(tag), $0) }
        }
        set(TIFFTAG_IMAGEWIDTH, UInt32(width))
        set(TIFFTAG_IMAGELENGTH, UInt32(height))
        set(TIFFTAG_BITSPERSAMPLE, bits)
        set(TIFFTAG_SAMPLESPERPIXEL, samples)
        set(TIFFTAG_PHOTOMETRIC, photometric)
        set(TIFFTAG_COMPRESSION, compression)
        set(TIFFTAG_PLANARCONFIG, planar)
        set(TIFFTAG_ORIENTATION, orientation)
        set(TIFFTAG_XRESOLUTION, 300.0)
        set(TIFFTAG_YRESOLUTION, 300.0)
        set(TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH)
        if compression == COMPRESSION_JPEG {
            set(TIFFTAG_JPEGQUALITY, Int32(95))
            // Rows arrive as RGB; libtiff converts them to YCbCr as it encodes.
            if photometric == PHOTOMETRIC_YCBCR { set(TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB) }
        }
        if let colormap {
            var (r, g, b) = (colormap[0], colormap[1], colormap[2])
            r.withUnsafeMutableBufferPointer { r in
                g.withUnsafeMutableBufferPointer { g in
                    b.withUnsafeMutableBufferPointer { b in
                        set(TIFFTAG_COLORMAP, r.baseAddress!, g.baseAddress!, b.baseAddress!)
                    }
                }
            }
        }
        var extra = extraSamples
        if !extra.isEmpty {
            extra.withUnsafeMutableBufferPointer { set(TIFFTAG_EXTRASAMPLES, UInt16($0.count), $0.baseAddress!) }
        }
        if let tile {
            set(TIFFTAG_TILEWIDTH, UInt32(tile))
            set(TIFFTAG_TILELENGTH, UInt32(tile))
            let tileRowBytes = tile * Int(samples) * Int(bits) / 8
            var buffer = [UInt8](repeating: 0, count: tileRowBytes * tile)
            for ty in stride(from: 0, to: height, by: tile) {
                for tx in stride(from: 0, to: width, by: tile) {
                    for i in buffer.indices { buffer[i] = 0 }
                    let start = tx * Int(samples) * Int(bits) / 8
                    let count = min(tileRowBytes, rowBytes - start)
                    for y in 0..<min(tile, height - ty) {
                        buffer[y * tileRowBytes..<y * tileRowBytes + count] =
                            bytes[(ty + y) * rowBytes + start..<(ty + y) * rowBytes + start + count]
                    }
                    guard TIFFWriteTile(tiff, &buffer, UInt32(tx), UInt32(ty), 0, 0) > 0 else { throw CocoaError(.fileWriteUnknown) }
                }
            }
        } else {
            set(TIFFTAG_ROWSPERSTRIP, UInt32(16))
            for y in 0..<height {
                var row = Array(bytes[y * rowBytes..<(y + 1) * rowBytes])
                guard TIFFWriteScanline(tiff, &row, UInt32(y), 0) == 1 else { throw CocoaError(.fileWriteUnknown) }
            }
        }
        guard TIFFWriteDirectory(tiff) == 1 else { throw CocoaError(.fileWriteUnknown) }
    }
}

/// Reading a page's pixels through libtiff: every compression, every layout, into the raster convention.
@Suite struct DigitizeRasterTests {
    let dir = TemporaryDirectory("acervo-raster")

    func read(_ fixture: RasterTIFF, _ name: String = "page.tif") throws -> PageRaster {
        let url = dir.url.appending(path: name)
        try fixture.write(to: url)
        let reading = try TIFFPages.read(path: url.path, firstPageNumber: 3)
        let page = try #require(reading.pages.first, "\(reading.findings)")
        return try TIFFPages.raster(path: url.path, index: page.indexInFile, page: page, limits: .standard)
    }

    /// Bitonal pixels in the raster convention (1 = black), a pattern no row repeats exactly.
    static func bitonal(width: Int = 37, height: Int = 29) -> [UInt8] {
        let rowBytes = (width + 7) / 8
        var bytes = [UInt8](repeating: 0, count: rowBytes * height)
        for y in 0..<height {
            for x in 0..<width where (x * x + 3 * y) % 7 < 3 { bytes[y * rowBytes + x / 8] |= 0x80 >> UInt8(x % 8) }
        }
        return bytes
    }

    static func grey(width: Int = 37, height: Int = 29) -> [UInt8] {
        (0..<width * height).map { UInt8(($0 * 37 + $0 / width * 11) % 256) }
    }

    static func rgb(width: Int = 37, height: Int = 29) -> [UInt8] {
        (0..<width * height * 3).map { UInt8(($0 * 53 + $0 / (3 * width) * 7) % 256) }
    }

    @Test(arguments: [COMPRESSION_NONE, COMPRESSION_CCITTRLE, COMPRESSION_CCITTFAX3, COMPRESSION_CCITTFAX4,
                      COMPRESSION_LZW, COMPRESSION_ADOBE_DEFLATE, COMPRESSION_PACKBITS])
    func bitonalPagesReadInEveryCompression(compression: Int32) throws {
        defer { dir.cleanUp() }
        let pixels = Self.bitonal()
        // MinIsWhite stores black as 1, as the raster does.
        let white = try read(RasterTIFF(bits: 1, photometric: PHOTOMETRIC_MINISWHITE, compression: compression, bytes: pixels))
        #expect(white.colour == .bitonal)
        #expect(white.page.number == 3)
        #expect(white.pixels == Data(pixels))
        // MinIsBlack stores black as 0: the raster inverts it.
        let black = try read(RasterTIFF(bits: 1, photometric: PHOTOMETRIC_MINISBLACK, compression: compression,
                                        bytes: pixels.map { ~$0 }), "black.tif")
        let mask = UInt8(0xFF) << UInt8((8 - 37 % 8) % 8)
        #expect(Array(black.pixels).enumerated().allSatisfy { i, byte in
            byte == (i % 5 == 4 ? pixels[i] & mask : pixels[i])
        })
    }

    @Test(arguments: [COMPRESSION_NONE, COMPRESSION_LZW, COMPRESSION_ADOBE_DEFLATE, COMPRESSION_PACKBITS])
    func greyAndColourPagesReadLosslessly(compression: Int32) throws {
        defer { dir.cleanUp() }
        let grey = try read(RasterTIFF(compression: compression, bytes: Self.grey()))
        #expect(grey.colour == .greyscale)
        #expect(grey.pixels == Data(Self.grey()))
        let inverted = try read(RasterTIFF(photometric: PHOTOMETRIC_MINISWHITE, compression: compression,
                                           bytes: Self.grey().map { ~$0 }), "white.tif")
        #expect(inverted.pixels == Data(Self.grey()))
        let rgb = try read(RasterTIFF(samples: 3, photometric: PHOTOMETRIC_RGB, compression: compression, bytes: Self.rgb()),
                           "rgb.tif")
        #expect(rgb.colour == .rgb)
        #expect(rgb.pixels == Data(Self.rgb()))
        // Tiles give the same pixels as strips, bitonal ones too.
        let bitonal = try read(RasterTIFF(bits: 1, photometric: PHOTOMETRIC_MINISWHITE, compression: compression, tile: 16,
                                          bytes: Self.bitonal()), "bitonal.tif")
        #expect(bitonal.pixels == Data(Self.bitonal()))
        let tiled = try read(RasterTIFF(samples: 3, photometric: PHOTOMETRIC_RGB, compression: compression, tile: 16,
                                        bytes: Self.rgb()), "tiled.tif")
        #expect(tiled.pixels == Data(Self.rgb()))
    }

    @Test func jpegInTIFFReadsCloseToWhatWasScanned() throws {
        defer { dir.cleanUp() }
        // Smooth colour, which JPEG keeps well: within a few levels.
        let width = 64, height = 48
        let smooth = (0..<width * height * 3).map { i -> UInt8 in
            let p = i / 3, x = p % width, y = p / width
            return UInt8([x * 3, y * 4, 128][i % 3])
        }
        let raster = try read(RasterTIFF(width: width, height: height, samples: 3, photometric: PHOTOMETRIC_YCBCR,
                                         compression: COMPRESSION_JPEG, bytes: smooth))
        #expect(raster.colour == .rgb)
        #expect(raster.page.lossyCompression)
        let difference = zip(raster.pixels, smooth).map { abs(Int($0) - Int($1)) }.reduce(0, +) / smooth.count
        #expect(difference < 4)
    }

    @Test func palettesSixteenBitsAndAlphaAreNormalized() throws {
        defer { dir.cleanUp() }
        // A colour palette becomes RGB; a grey one stays grey.
        let indices = (0..<37 * 29).map { UInt8($0 % 4) }
        // libtiff reads 2^bits entries from each table.
        func table(_ entries: [UInt16]) -> [UInt16] { entries + [UInt16](repeating: 0, count: 256 - entries.count) }
        let colours: [[UInt16]] = [table([0, 65535, 0, 257 * 10]), table([0, 0, 65535, 257 * 20]), table([0, 0, 0, 257 * 30])]
        let palette = try read(RasterTIFF(photometric: PHOTOMETRIC_PALETTE, colormap: colours, bytes: indices))
        #expect(palette.colour == .rgb)
        #expect(Array(palette.pixels.prefix(12)) == [0, 0, 0, 255, 0, 0, 0, 255, 0, 10, 20, 30])
        let greys: [[UInt16]] = (0..<3).map { _ in table([0, 257 * 80, 257 * 160, 65535]) }
        let greyPalette = try read(RasterTIFF(photometric: PHOTOMETRIC_PALETTE, colormap: greys, bytes: indices), "grey.tif")
        #expect(greyPalette.colour == .greyscale)
        #expect(Array(greyPalette.pixels.prefix(4)) == [0, 80, 160, 255])

        // 16-bit samples are refused from the header, grey or colour: halving them would lose what was scanned.
        for (samples, photometric) in [(Int32(1), PHOTOMETRIC_MINISBLACK), (3, PHOTOMETRIC_RGB)] {
            let url = dir.url.appending(path: "sixteen-\(samples).tif")
            try RasterTIFF(bits: 16, samples: samples, photometric: photometric,
                           bytes: [UInt8](repeating: 0x7F, count: 37 * 29 * 2 * Int(samples))).write(to: url)
            let reading = try TIFFPages.read(path: url.path, firstPageNumber: 1)
            #expect(reading.pages.isEmpty)
            #expect(reading.findings.map(\.code) == [.unsupportedPage])
            #expect(reading.findings.first?.detail.contains("16 bits per sample") == true)
        }

        // Alpha is composited on white: transparent is white, opaque is the colour.
        let rgba = (0..<37 * 29).flatMap { i -> [UInt8] in i % 2 == 0 ? [10, 20, 30, 255] : [10, 20, 30, 0] }
        let alpha = try read(RasterTIFF(samples: 4, photometric: PHOTOMETRIC_RGB, extraSamples: [UInt16(EXTRASAMPLE_UNASSALPHA)],
                                        bytes: rgba), "alpha.tif")
        #expect(alpha.colour == .rgb)
        #expect(Array(alpha.pixels.prefix(6)) == [10, 20, 30, 255, 255, 255])
    }

    @Test func pixelsStayAsStoredOnATurnedPage() throws {
        defer { dir.cleanUp() }
        let raster = try read(RasterTIFF(samples: 3, photometric: PHOTOMETRIC_RGB, compression: COMPRESSION_LZW,
                                         orientation: ORIENTATION_RIGHTTOP, bytes: Self.rgb()))
        #expect(raster.page.quarterTurns == 1)
        #expect(raster.pixels == Data(Self.rgb()))
        // The same through libtiff's RGBA reader (tiled pages and YCbCr go that way), which must not flip
        // anything.
        let tiled = try read(RasterTIFF(samples: 3, photometric: PHOTOMETRIC_RGB, orientation: ORIENTATION_BOTRIGHT,
                                        bytes: Self.rgb()), "botright.tif")
        #expect(tiled.page.quarterTurns == 2)
        #expect(tiled.pixels == Data(Self.rgb()))
    }

    @Test func eachPageOfAMultiPageTIFFReadsItsOwnPixels() throws {
        defer { dir.cleanUp() }
        let url = dir.url.appending(path: "three.tif")
        // TestTIFF writes MinIsBlack: a bitonal fill of 0 is a black page.
        try TestTIFF.write([TestPage(pixels: .bitonal, compression: COMPRESSION_CCITTFAX4, fill: 0),
                            TestPage(width: 80, pixels: .grey, compression: COMPRESSION_LZW, fill: 0x33),
                            TestPage(width: 96, pixels: .rgb, compression: COMPRESSION_ADOBE_DEFLATE, fill: 0x77)], to: url)
        let reading = try TIFFPages.read(path: url.path, firstPageNumber: 1)
        let rasters = try reading.pages.map {
            try TIFFPages.raster(path: url.path, index: $0.indexInFile, page: $0, limits: .standard)
        }
        #expect(rasters.map(\.colour) == [.bitonal, .greyscale, .rgb])
        #expect(rasters.map(\.page.number) == [1, 2, 3])
        #expect(rasters[0].pixels == Data(repeating: 0xFF, count: 8 * 48))
        #expect(rasters[1].pixels == Data(repeating: 0x33, count: 80 * 48))
        #expect(rasters[2].pixels == Data(repeating: 0x77, count: 96 * 3 * 48))
    }

    @Test func aPageThatCannotBeDecodedIsAnUnreadablePageFinding() throws {
        defer { dir.cleanUp() }
        let url = dir.url.appending(path: "broken.tif")
        try RasterTIFF(width: 200, height: 64, bits: 1, photometric: PHOTOMETRIC_MINISWHITE,
                       compression: COMPRESSION_CCITTFAX4, bytes: Self.bitonal(width: 200, height: 64)).write(to: url)
        let page = try #require(try TIFFPages.read(path: url.path, firstPageNumber: 5).pages.first)
        // Garbage over the coded strips: the headers still read, the pixels do not.
        let tiff = try #require(TIFFOpen(url.path, "r"))
        let offset = Int(TIFFGetStrileOffset(tiff, 0))
        TIFFClose(tiff)
        var bytes = [UInt8](try Data(contentsOf: url))
        for i in offset..<offset + 20 { bytes[i] = 0x00 }
        try Data(bytes).write(to: url)
        do {
            _ = try TIFFPages.raster(path: url.path, index: 0, page: page, limits: .standard)
            Issue.record("a corrupt page was read")
        } catch let error as PageDecodingError {
            #expect(error.page == 5)
            let finding = error.finding()
            #expect(finding.code == .unreadablePage)
            #expect(finding.verdict == .rejected)
            #expect(finding.page == 5)
            #expect(!finding.detail.isEmpty)
        }
        // A page larger than the limits is refused before a pixel is read.
        var huge = page
        huge.width = 40_000
        #expect(throws: PageDecodingError.self) {
            _ = try TIFFPages.raster(path: url.path, index: 0, page: huge, limits: .standard)
        }
    }
}
