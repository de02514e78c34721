import AcervoCore
import CZlib
import Foundation

/// Encodes greyscale and colour rasters with zlib for a PDF's `/FlateDecode` filter, each row behind
/// the PNG "Up" predictor (`/Predictor 12`), which scanned paper compresses much better with and costs
/// one subtraction a byte. Lossless: every pixel decodes to what was scanned.
enum FlateEncoding {
    /// zlib's level. Scanner noise is what costs bytes and no level removes it: on a noisy A4 grey page
    /// at 300 dpi, level 6 took three times as long as level 3 for 1-3 % fewer bytes.
    static let level: Int32 = 3

    /// The raster's rows, each behind a predictor tag byte, deflated.
    static func encodeRows(_ raster: PageRaster) throws(AcervoError) -> Data {
        let rowBytes = PageRaster.tightBytesPerRow(width: raster.width, colour: raster.colour)
        let deflater = try Deflater()
        var line = [UInt8](repeating: 0, count: rowBytes + 1)
        line[0] = 2  // PNG filter type Up
        var failure: AcervoError?
        raster.pixels.withUnsafeBytes { raw in
            let base = raw.bindMemory(to: UInt8.self)
            for y in 0..<raster.height where failure == nil {
                let row = y * raster.bytesPerRow
                let above = row - raster.bytesPerRow
                for x in 0..<rowBytes {
                    line[x + 1] = y == 0 ? base[row + x] : base[row + x] &- base[above + x]
                }
                do throws(AcervoError) { try deflater.add(line, finish: y == raster.height - 1) } catch { failure = error }
            }
        }
        if let failure { throw failure }
        return deflater.output
    }

    /// `data` deflated whole: content streams, fonts, the CIDToGIDMap.
    static func encode(_ data: Data) throws(AcervoError) -> Data {
        let deflater = try Deflater()
        try deflater.add([UInt8](data), finish: true)
        return deflater.output
    }
}

/// A zlib deflate stream fed piece by piece.
private final class Deflater {
    private var stream = z_stream()
    private(set) var output = Data()
    private let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)

    init() throws(AcervoError) {
        let status = deflateInit_(&stream, FlateEncoding.level, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw Self.failure(status) }
    }

    deinit {
        deflateEnd(&stream)
        chunk.deallocate()
    }

    func add(_ bytes: [UInt8], finish: Bool) throws(AcervoError) {
        var status: Int32 = Z_OK
        bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            repeat {
                stream.next_out = chunk.baseAddress
                stream.avail_out = UInt32(chunk.count)
                status = deflate(&stream, finish ? Z_FINISH : Z_NO_FLUSH)
                output.append(chunk.baseAddress!, count: chunk.count - Int(stream.avail_out))
            } while status == Z_OK && (stream.avail_out == 0 || (finish && status != Z_STREAM_END))
            stream.next_in = nil
        }
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { throw Self.failure(status) }
    }

    private static func failure(_ status: Int32) -> AcervoError {
        AcervoError(.library, english: "zlib failed to compress a page (\(status))",
                    portuguese: "o zlib falhou ao comprimir uma página (\(status))")
    }
}
