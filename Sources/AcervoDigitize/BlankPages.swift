import AcervoCore
import Foundation

/// Finds pages that hold no writing, from their pixels, so they are flagged (never dropped).
///
/// A scanner's "blank" page is not white: it has dust, speckle, the shadow of the lid along an edge and
/// the holes of a punch. So the page is judged on its inside (a margin of ``marginFraction`` of each side
/// is left out, where those live) in blocks of ``blockSide`` pixels: a block is *inked* when at least
/// ``inkedBlockShare`` of its pixels are dark, which a stroke of writing crossing it is and scattered
/// speckle is not. A page is blank when at most ``maximumInkedBlocks(outOf:)`` blocks are inked: a single
/// handwritten word or a signature makes dozens.
public enum BlankPages {
    /// The share of each side left out of the judgement.
    public static let marginFraction = 0.06
    /// The side of a block, in pixels (about 1.4 mm at 300 dpi: a letter's stroke crosses it).
    public static let blockSide = 16
    /// The share of a block's pixels that must be dark for it to count as inked.
    public static let inkedBlockShare = 0.10
    /// A grey or colour pixel is dark below this luminance (0–255).
    public static let darkLuminance = 128

    /// The most inked blocks a blank page may have: a few, or two in ten thousand on large pages.
    public static func maximumInkedBlocks(outOf blocks: Int) -> Int { max(4, blocks / 5000) }

    /// Whether the page holds no writing.
    public static func isBlank(_ raster: PageRaster) -> Bool {
        let stats = inkedBlocks(raster)
        return stats.inked <= maximumInkedBlocks(outOf: stats.total)
    }

    /// How many blocks of the page's inside are inked, and how many there are.
    public static func inkedBlocks(_ raster: PageRaster) -> (inked: Int, total: Int) {
        let x0 = Int(Double(raster.width) * marginFraction), x1 = raster.width - x0
        let y0 = Int(Double(raster.height) * marginFraction), y1 = raster.height - y0
        guard x1 - x0 >= blockSide, y1 - y0 >= blockSide else { return (0, 0) }
        let columns = (x1 - x0) / blockSide
        let rows = (y1 - y0) / blockSide
        let threshold = Int((Double(blockSide * blockSide) * inkedBlockShare).rounded(.up))
        var counts = [Int](repeating: 0, count: columns)
        var inked = 0
        raster.pixels.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            let base = bytes.bindMemory(to: UInt8.self)
            for blockRow in 0..<rows {
                for i in 0..<columns { counts[i] = 0 }
                for y in (y0 + blockRow * blockSide)..<(y0 + (blockRow + 1) * blockSide) {
                    let row = y * raster.bytesPerRow
                    guard row + raster.bytesPerRow <= base.count else { continue }
                    for column in 0..<columns {
                        let start = x0 + column * blockSide
                        var dark = 0
                        switch raster.colour {
                        case .bitonal:
                            for x in start..<(start + blockSide) where base[row + x >> 3] & (0x80 >> UInt8(x & 7)) != 0 {
                                dark += 1
                            }
                        case .greyscale:
                            for x in start..<(start + blockSide) where Int(base[row + x]) < darkLuminance { dark += 1 }
                        case .rgb:
                            for x in start..<(start + blockSide) {
                                let p = row + x * 3
                                // Rec. 601 luma in integers: (77 R + 150 G + 29 B) / 256.
                                let luma = (77 * Int(base[p]) + 150 * Int(base[p + 1]) + 29 * Int(base[p + 2])) >> 8
                                if luma < darkLuminance { dark += 1 }
                            }
                        }
                        counts[column] += dark
                    }
                }
                for count in counts where count >= threshold { inked += 1 }
            }
        }
        return (inked, columns * rows)
    }

    /// The blank-page finding for a page, graded, or `nil` when the page holds writing.
    public static func finding(_ raster: PageRaster, grades: DigitizationGrades = .builtIn) -> DigitizationFinding? {
        let stats = inkedBlocks(raster)
        guard stats.inked <= maximumInkedBlocks(outOf: stats.total) else { return nil }
        return DigitizationFinding(code: .blankPage, page: raster.page.number, verdict: grades.verdict(for: .blankPage),
                                   detail: "\(stats.inked) / \(stats.total)")
    }
}
