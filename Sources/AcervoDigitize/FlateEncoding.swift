import AcervoCore
import CDeflate
import Foundation

/// Encodes greyscale and colour rasters for a PDF's `/FlateDecode` filter with libdeflate (a zlib
/// stream, as the filter reads it), each row behind a PNG predictor tag (`/Predictor 12`, under which
/// every row names its own predictor). Lossless: every pixel decodes to what was scanned.
///
/// Which predictor a page's rows use is chosen per page, by trying both on a band of its rows:
/// - *Up* (each byte less the one above it) wins on smooth paper and gradients, where neighbouring
///   rows are nearly equal;
/// - *None* (the bytes as they are) wins where grain dominates: the difference of two noisy samples is
///   noisier than either, and on white paper clipped at 255 the raw bytes repeat. On the benchmark's
///   grainy A4 pages at 300 dpi, None gave 10.0 MB for a colour page against Up's 14.9 MB, in 70 % of
///   the time.
enum FlateEncoding {
    /// libdeflate's level for page images. Scanner noise is what costs bytes and no level removes it: on
    /// a grainy A4 colour page at 300 dpi, level 3 gave 6 % fewer bytes than level 1 for 45 % more time,
    /// level 6 10 % fewer for 2.8 times the time. (libdeflate at level 1 is as small there as zlib at level
    /// 3, in 40 % of its time.)
    static let level: Int32 = 1
    /// libdeflate's level for the small streams (content, fonts, the ICC profile).
    static let smallStreamLevel: Int32 = 9
    /// The rows tried with each predictor, from the middle of the page.
    static let sampleRows = 64

    /// A PNG predictor a row can be behind (its tag byte).
    enum Predictor: UInt8, Sendable {
        case none = 0
        case up = 2
    }

    /// The raster's rows, each behind its predictor tag byte, deflated.
    static func encodeRows(_ raster: PageRaster) throws(AcervoError) -> Data {
        try encodeRows(raster, predictor: predictor(for: raster))
    }

    /// The raster's rows, all behind `predictor`, deflated.
    static func encodeRows(_ raster: PageRaster, predictor: Predictor) throws(AcervoError) -> Data {
        try compress(filteredRows(raster, rows: 0..<raster.height, predictor: predictor), level: level)
    }

    /// The predictor that deflates a band of the page's middle rows smaller; Up on a tie.
    static func predictor(for raster: PageRaster) -> Predictor {
        let count = min(sampleRows, raster.height)
        let start = (raster.height - count) / 2
        let band = start..<(start + count)
        guard count > 1,
              let none = try? compress(filteredRows(raster, rows: band, predictor: .none), level: level),
              let up = try? compress(filteredRows(raster, rows: band, predictor: .up), level: level) else { return .up }
        return none.count < up.count ? .none : .up
    }

    /// `data` deflated whole: content streams, fonts, the CIDToGIDMap.
    static func encode(_ data: Data) throws(AcervoError) -> Data {
        try compress([UInt8](data), level: smallStreamLevel)
    }

    /// Rows `rows` of the raster, each behind `predictor`'s tag byte and filtered by it (the row above
    /// the band's first is the raster's, so a band filters as it would in the whole page).
    private static func filteredRows(_ raster: PageRaster, rows: Range<Int>, predictor: Predictor) -> [UInt8] {
        let rowBytes = PageRaster.tightBytesPerRow(width: raster.width, colour: raster.colour)
        let stride = raster.bytesPerRow
        return [UInt8](unsafeUninitializedCapacity: (rowBytes + 1) * rows.count) { out, initialized in
            raster.pixels.withUnsafeBytes { raw in
                let base = raw.bindMemory(to: UInt8.self).baseAddress!
                var target = out.baseAddress!
                for y in rows {
                    target[0] = predictor.rawValue
                    let row = base + y * stride
                    if predictor == .none || y == 0 {
                        (target + 1).update(from: row, count: rowBytes)
                    } else {
                        let above = row - stride
                        for x in 0..<rowBytes { target[1 + x] = row[x] &- above[x] }
                    }
                    target += rowBytes + 1
                }
            }
            initialized = (rowBytes + 1) * rows.count
        }
    }

    /// `bytes` as one zlib stream at `level`.
    private static func compress(_ bytes: [UInt8], level: Int32) throws(AcervoError) -> Data {
        guard let compressor = libdeflate_alloc_compressor(level) else {
            throw AcervoError(.library, english: "no memory for the Flate compressor",
                              portuguese: "sem memória para o compressor Flate")
        }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_zlib_compress_bound(compressor, bytes.count)
        var output = Data(count: bound)
        let written = output.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                libdeflate_zlib_compress(compressor, source.baseAddress, source.count, target.baseAddress, bound)
            }
        }
        guard written > 0 else {
            throw AcervoError(.library, english: "libdeflate failed to compress a page",
                              portuguese: "o libdeflate falhou ao comprimir uma página")
        }
        output.count = written
        return output
    }
}
