import AcervoCore
import CDeflate
import Foundation

/// Encodes greyscale and colour rasters for a PDF's `/FlateDecode` filter with libdeflate (a zlib
/// stream, as the filter reads it), each row behind a PNG predictor tag (`/Predictor 12`, under which
/// every row names its own predictor). Lossless: every pixel decodes to what was scanned.
///
/// How a page is deflated is chosen per page, from three bands of its rows (at a quarter, half and three
/// quarters of its height), each deflated fast with both predictors:
/// - *Up* (each byte less the one above it) wins on smooth paper and gradients, where neighbouring
///   rows are nearly equal;
/// - *None* (the bytes as they are) wins where grain dominates: the difference of two noisy samples is
///   noisier than either, and on white paper clipped at 255 the raw bytes repeat. On the benchmark's
///   grainy A4 pages at 300 dpi, None gave 10.0 MB for a colour page against Up's 14.9 MB, in 70 % of
///   the time.
/// - The level follows how far the bands shrink. Grain is what costs bytes on a noisy page and no level
///   removes it: there level 1 is kept (on the benchmark's grainy colour page level 6 saved 10 % for 4.8
///   times the time, on its grey page nothing). A clean page (the bands shrink below a quarter: white
///   paper, as most real scans are) is deflated at level 6, which there costs about the same time and
///   saves 15–20 %: 2400 dpi grey 228 → 167 KB, a 9000 × 9000 colour page 402 → 344 KB.
enum FlateEncoding {
    /// libdeflate's level for a grainy page. (libdeflate at level 1 is as small there as zlib at level 3,
    /// in 40 % of its time.)
    static let grainyLevel: Int32 = 1
    /// libdeflate's level for a clean page.
    static let cleanLevel: Int32 = 6
    /// A page whose bands deflate to less than this share of their bytes is clean.
    static let cleanRatio = 0.25
    /// libdeflate's level for the small streams (content, fonts, the ICC profile).
    static let smallStreamLevel: Int32 = 9
    /// The rows of each band tried.
    static let bandRows = 32

    /// A PNG predictor a row can be behind (its tag byte).
    enum Predictor: UInt8, Sendable {
        case none = 0
        case up = 2
    }

    /// How a page is deflated.
    struct Plan: Sendable, Equatable {
        var predictor: Predictor
        var level: Int32
    }

    /// The raster's rows, each behind its predictor tag byte, deflated as ``plan(for:)`` says.
    static func encodeRows(_ raster: PageRaster) throws(AcervoError) -> Data {
        let chosen = plan(for: raster)
        return try encodeRows(raster, predictor: chosen.predictor, level: chosen.level)
    }

    /// The raster's rows, all behind `predictor`, deflated at `level`.
    static func encodeRows(_ raster: PageRaster, predictor: Predictor, level: Int32 = grainyLevel) throws(AcervoError) -> Data {
        try compress(filteredRows(raster, rows: [0..<raster.height], predictor: predictor), level: level)
    }

    /// The predictor that deflates the page's bands smaller (Up on a tie), and the level their shrinking
    /// calls for.
    static func plan(for raster: PageRaster) -> Plan {
        let count = min(bandRows, raster.height)
        guard count > 1 else { return Plan(predictor: .up, level: grainyLevel) }
        var bands: [Range<Int>] = []
        for quarter in 1...3 {
            let start = min(raster.height - count, max(0, raster.height * quarter / 4 - count / 2))
            if bands.last.map({ start < $0.upperBound }) != true { bands.append(start..<(start + count)) }
        }
        let none = filteredRows(raster, rows: bands, predictor: .none)
        let up = filteredRows(raster, rows: bands, predictor: .up)
        func smaller(at level: Int32) -> (predictor: Predictor, bytes: Int)? {
            guard let a = try? compress(none, level: level).count, let b = try? compress(up, level: level).count
            else { return nil }
            return a < b ? (.none, a) : (.up, b)
        }
        guard let fast = smaller(at: grainyLevel) else { return Plan(predictor: .up, level: grainyLevel) }
        guard Double(fast.bytes) / Double(max(1, none.count)) < cleanRatio else {
            return Plan(predictor: fast.predictor, level: grainyLevel)
        }
        // On a clean page the predictors rank differently at the higher level: choose again there.
        return Plan(predictor: smaller(at: cleanLevel)?.predictor ?? fast.predictor, level: cleanLevel)
    }

    /// `data` deflated whole: content streams, fonts, the CIDToGIDMap.
    static func encode(_ data: Data) throws(AcervoError) -> Data {
        try compress([UInt8](data), level: smallStreamLevel)
    }

    /// The rows of `bands`, in order, each behind `predictor`'s tag byte and filtered by it (the row above
    /// a band's first is the raster's, so a band filters as it would in the whole page).
    private static func filteredRows(_ raster: PageRaster, rows bands: [Range<Int>], predictor: Predictor) -> [UInt8] {
        let rowBytes = PageRaster.tightBytesPerRow(width: raster.width, colour: raster.colour)
        let stride = raster.bytesPerRow
        let total = bands.reduce(0) { $0 + $1.count }
        return [UInt8](unsafeUninitializedCapacity: (rowBytes + 1) * total) { out, initialized in
            raster.pixels.withUnsafeBytes { raw in
                let base = raw.bindMemory(to: UInt8.self).baseAddress!
                var target = out.baseAddress!
                for y in bands.joined() {
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
            initialized = (rowBytes + 1) * total
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
