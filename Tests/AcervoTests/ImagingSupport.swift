import AcervoImaging
import CAcervoImaging
import CAcervoTestWriters
import Foundation

/// Decoded 8-bit pixels of an image, read back through the same libjpeg/libpng shims.
struct DecodedPixels {
    var width: Int
    var height: Int
    var channels: Int
    var orientation: Int
    var bytes: [UInt8]
    /// Progressive refinement scans the decoder's own routine took over from libjpeg's.
    var refinementScans: Int

    /// Decodes `url` (JPEG or PNG), shrunk so its longest side is at most `maxDimension`, as stored.
    init(_ url: URL, maxDimension: Int = 1 << 20) throws {
        guard let format = ImageSourceFormat.of(fileAt: url) else { throw ImagingTestError("not an image: \(url.path)") }
        var settings = CAcervoImaging_normalize_settings()
        settings.max_dimension = UInt32(maxDimension)
        settings.thumbnail = 1
        settings.quality = 85
        settings.max_pixels = 100_000_000
        settings.max_side = 30_000
        settings.max_scans = 100
        settings.max_decoder_memory = 512 << 20
        settings.max_png_chunk = 8 << 20
        var report = CAcervoImaging_normalize_report()
        var pixels: UnsafeMutablePointer<UInt8>? = nil
        let status = url.withUnsafeFileSystemRepresentation {
            CAcervoImaging_image_decode($0, format == .jpeg ? Int32(CAcervoImaging_source_jpeg) : Int32(CAcervoImaging_source_png),
                                      &settings, &pixels, &report)
        }
        defer { CAcervoImaging_image_free(pixels) }
        guard status == 0, let pixels else { throw ImagingTestError("decode failed with status \(status)") }
        width = Int(report.width)
        height = Int(report.height)
        channels = Int(report.channels)
        orientation = Int(report.orientation)
        refinementScans = Int(report.refinement_scans)
        bytes = Array(UnsafeBufferPointer(start: pixels, count: width * height * channels))
    }

    /// The pixel at (x, y).
    subscript(x: Int, y: Int) -> [Int] {
        let at = (y * width + x) * channels
        return bytes[at..<at + channels].map(Int.init)
    }

    /// The mean absolute difference per sample against another image of the same size and channels.
    func meanDifference(_ other: DecodedPixels) -> Double? {
        guard width == other.width, height == other.height, channels == other.channels else { return nil }
        var total = 0
        for i in bytes.indices { total += abs(Int(bytes[i]) - Int(other.bytes[i])) }
        return Double(total) / Double(bytes.count)
    }
}

struct ImagingTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Writes test inputs with libjpeg and libpng.
enum TestImages {
    static func jpeg(_ url: URL, width: Int, height: Int, components: Int, progressive: Bool = false,
                     quality: Int = 95, exif: [UInt8]? = nil, icc: [UInt8]? = nil,
                     pixel: (Int, Int) -> [UInt8]) throws {
        var data = [UInt8]()
        data.reserveCapacity(width * height * components)
        for y in 0..<height { for x in 0..<width { data += pixel(x, y) } }
        var message = [CChar](repeating: 0, count: 256)
        let exifBytes = exif ?? []
        let iccBytes = icc ?? []
        let status = url.withUnsafeFileSystemRepresentation { path in
            exifBytes.withUnsafeBufferPointer { exifBuffer in
                iccBytes.withUnsafeBufferPointer { iccBuffer in
                    CAcervoTestWriters_jpeg_write(path, data, UInt32(width), UInt32(height), Int32(components), Int32(quality),
                                            progressive ? 1 : 0, exif == nil ? nil : exifBuffer.baseAddress, exifBytes.count,
                                            icc == nil ? nil : iccBuffer.baseAddress, iccBytes.count, &message, message.count)
                }
            }
        }
        guard status == 0 else { throw ImagingTestError("jpeg write: \(text(message))") }
    }

    /// Writes a PNG from rows already in the file's layout (16-bit samples big-endian).
    static func png(_ url: URL, width: Int, height: Int, colorType: Int, bitDepth: Int = 8, interlaced: Bool = false,
                    palette: [UInt8] = [], transparency: [UInt8] = [], rows: [UInt8]) throws {
        var message = [CChar](repeating: 0, count: 256)
        let status = url.withUnsafeFileSystemRepresentation { path in
            CAcervoTestWriters_png_write(path, rows, UInt32(width), UInt32(height), Int32(colorType), Int32(bitDepth),
                                   interlaced ? 1 : 0, palette.isEmpty ? nil : palette, Int32(palette.count / 3),
                                   transparency.isEmpty ? nil : transparency, Int32(transparency.count), &message,
                                   message.count)
        }
        guard status == 0 else { throw ImagingTestError("png write: \(text(message))") }
    }

    /// A minimal big-endian TIFF structure whose IFD0 holds only an orientation tag.
    static func exifOrientation(_ value: UInt16) -> [UInt8] {
        [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01,
         0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, UInt8(value >> 8), UInt8(value & 0xFF), 0x00, 0x00,
         0x00, 0x00, 0x00, 0x00]
    }
}

/// Normalizes one file with fresh options and returns the outcome.
func normalizeForTest(_ source: URL, in directory: TemporaryDirectory, maxDimension: Int = 2048,
                      thumbnail: Bool = false, limits: ImageLimits = .standard,
                      cmykProfile: String? = CMYKProfile.locate()) -> NormalizeOutcome {
    let stem = source.deletingPathExtension().lastPathComponent
    let format = ImageSourceFormat.of(fileAt: source) ?? .jpeg
    let display = directory.url.appending(path: "\(stem).out.\(format.displayExtension)")
    let thumb = thumbnail ? directory.url.appending(path: "\(stem).thumb.jpg") : nil
    return ImageNormalizer().normalize(fileAt: source, options: NormalizeOptions(maxDimension: maxDimension, limits: limits,
                                                                                      cmykProfile: cmykProfile),
                                       writingTo: display, thumbnailTo: thumb)
}

/// A NUL-terminated C message as a String.
private func text(_ message: [CChar]) -> String {
    String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
