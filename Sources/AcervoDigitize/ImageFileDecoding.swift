import AcervoCore
import CAcervoImaging
import Foundation

/// Decodes a PNG or JPEG page to its pixels through Acervo's imaging decoder (CAcervoImaging: libpng and
/// libjpeg behind setjmp guards, limits checked from the header), at full size.
enum ImageFileDecoding {
    /// 8-bit samples as the decoder gives them: 1 grey, 2 grey and alpha, 3 RGB, 4 RGB and alpha.
    struct Samples {
        var width: Int
        var height: Int
        var channels: Int
        var bytes: Data
    }

    /// Decodes the file at `path` (JPEG when `jpeg`, else PNG), refusing from its header what `limits` refuse.
    static func decode(path: String, jpeg: Bool, limits: PageLimits, bitonal: Bool) throws(PageRefusal) -> Samples {
        var settings = CAcervoImaging_normalize_settings()
        settings.max_dimension = 0  // full size: nothing is resampled
        settings.thumbnail = 0
        settings.quality = 90
        settings.max_pixels = UInt64(bitonal ? limits.bitonalPixels : limits.pixels)
        settings.max_side = UInt32(clamping: limits.side)
        settings.max_scans = 1000
        settings.max_decoder_memory = 1 << 30
        settings.max_png_chunk = 8 << 20
        settings.cmyk_profile = nil
        var report = CAcervoImaging_normalize_report()
        var pixels: UnsafeMutablePointer<UInt8>?
        let status = path.withCString {
            CAcervoImaging_image_decode($0, Int32(jpeg ? CAcervoImaging_source_jpeg : CAcervoImaging_source_png), &settings,
                                      &pixels, &report)
        }
        let message = withUnsafeBytes(of: report.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if status != Int32(CAcervoImaging_normalize_ok) { CAcervoImaging_image_free(pixels) }
        switch Int(status) {
        case Int(CAcervoImaging_normalize_ok): break
        case Int(CAcervoImaging_normalize_refused): throw .tooLarge(message)
        case Int(CAcervoImaging_normalize_unsupported): throw .unsupported(message)
        case Int(CAcervoImaging_normalize_truncated): throw message.isEmpty ? .unreadable("truncated", "truncado") : .unreadable("truncated: \(message)", "truncado: \(message)")
        // The file cannot be opened or read, or no memory is left: the machine's failure, not the page's.
        case Int(CAcervoImaging_normalize_io):
            throw .operational(AcervoError(.io, english: "cannot read \(path): \(message)",
                                           portuguese: "não foi possível ler \(path): \(message)", path: path))
        case Int(CAcervoImaging_normalize_no_memory):
            throw .operational(AcervoError(.library, english: "out of memory decoding \(path): \(message)",
                                           portuguese: "sem memória ao decodificar \(path): \(message)"))
        default: throw message.isEmpty ? .unreadable("cannot be decoded", "não pode ser decodificado") : .unreadable(message)
        }
        let width = Int(report.width), height = Int(report.height), channels = Int(report.channels)
        guard let pixels, width > 0, height > 0, (1...4).contains(channels) else {
            CAcervoImaging_image_free(pixels)
            throw .unreadable("the decoder gave no pixels", "o decodificador não deu pixels")
        }
        // The decoder's buffer becomes the samples without a copy, freed with them.
        return Samples(width: width, height: height, channels: channels,
                       bytes: Data(bytesNoCopy: pixels, count: width * height * channels,
                                   deallocator: .custom { pointer, _ in CAcervoImaging_image_free(pointer.assumingMemoryBound(to: UInt8.self)) }))
    }
}

/// Turning 8-bit samples into the raster a page keeps: alpha laid over white paper, grey kept grey,
/// one-bit pages packed back to a bit a pixel.
enum RasterPacking {
    /// `samples` (1–4 channels, 8 bits each) as a raster of `colour`.
    static func raster(_ samples: ImageFileDecoding.Samples, colour: PageColour, page: ScannedPage) -> PageRaster {
        let width = samples.width, height = samples.height, channels = samples.channels
        let count = width * height
        // Grey for a grey page, RGB for a colour one: the samples are the raster.
        if channels == 1 && colour == .greyscale || channels == 3 && colour == .rgb {
            return PageRaster(page: page, width: width, height: height, colour: colour, pixels: samples.bytes)
        }
        var grey: [UInt8] = []
        var rgb: [UInt8] = []
        samples.bytes.withUnsafeBytes { raw in
            let s = raw.bindMemory(to: UInt8.self)
            switch channels {
            case 1:
                grey = Array(s)
            case 2:
                grey = [UInt8](unsafeUninitializedCapacity: count) { out, n in
                    for i in 0..<count { out[i] = overWhite(s[2 * i], alpha: s[2 * i + 1]) }
                    n = count
                }
            case 3:
                rgb = Array(s)
            default:
                rgb = [UInt8](unsafeUninitializedCapacity: count * 3) { out, n in
                    for i in 0..<count {
                        let a = s[4 * i + 3]
                        out[3 * i] = overWhite(s[4 * i], alpha: a)
                        out[3 * i + 1] = overWhite(s[4 * i + 1], alpha: a)
                        out[3 * i + 2] = overWhite(s[4 * i + 2], alpha: a)
                    }
                    n = count * 3
                }
            }
        }
        // A palette of greys decodes to RGB triples whose three samples are equal.
        if colour != .rgb, grey.isEmpty {
            grey = [UInt8](unsafeUninitializedCapacity: count) { out, n in
                rgb.withUnsafeBufferPointer { s in for i in 0..<count { out[i] = s[3 * i] } }
                n = count
            }
        }
        switch colour {
        case .rgb:
            if rgb.isEmpty {
                rgb = [UInt8](unsafeUninitializedCapacity: count * 3) { out, n in
                    grey.withUnsafeBufferPointer { s in
                        for i in 0..<count { out[3 * i] = s[i]; out[3 * i + 1] = s[i]; out[3 * i + 2] = s[i] }
                    }
                    n = count * 3
                }
            }
            return PageRaster(page: page, width: width, height: height, colour: .rgb, pixels: Data(rgb))
        case .greyscale:
            return PageRaster(page: page, width: width, height: height, colour: .greyscale, pixels: Data(grey))
        case .bitonal:
            return PageRaster(page: page, width: width, height: height, colour: .bitonal,
                              pixels: pack(grey, width: width, height: height))
        }
    }

    /// One 8-bit grey sample per pixel packed to a bit (most significant first), 1 for black (below half).
    static func pack(_ grey: [UInt8], width: Int, height: Int) -> Data {
        let rowBytes = (width + 7) / 8
        var packed = [UInt8](repeating: 0, count: rowBytes * height)
        grey.withUnsafeBufferPointer { s in
            packed.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    let row = y * width, into = y * rowBytes
                    for x in 0..<width where s[row + x] < 128 {
                        out[into + x >> 3] |= 0x80 >> UInt8(x & 7)
                    }
                }
            }
        }
        return Data(packed)
    }

    /// A sample with straight alpha laid over white, rounded.
    @inline(__always) static func overWhite(_ value: UInt8, alpha: UInt8) -> UInt8 {
        let v = Int(value) * Int(alpha) + 255 * (255 - Int(alpha))
        return UInt8((v + 127) / 255)
    }
}
