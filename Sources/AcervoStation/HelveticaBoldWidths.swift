/// The advance widths of Helvetica Bold (Adobe's metrics, in thousandths of an em), for laying out a cover
/// sheet's large text within the page.
enum HelveticaBoldWidths {
    /// ASCII 32 (space) to 126 (`~`).
    private static let ascii: [Int] = [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0 to ?
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // @ to O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // P to _
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // ` to o
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,      // p to ~
    ]
    /// Latin-1 letters U+00C0 to U+00FF, by the letter they are accented from.
    private static let latin1Bases = Array("AAAAAAACEEEEIIIIDNOOOOO*OUUUUYPsaaaaaaaceeeeiiiidnooooo/ouuuuypy".unicodeScalars)

    /// The width of `text` set at `size` points.
    static func width(_ text: String, size: Double) -> Double {
        Double(text.unicodeScalars.reduce(0) { $0 + advance($1) }) * size / 1000
    }

    static func advance(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 32...126: return ascii[Int(scalar.value) - 32]
        case 0xC6, 0xE6: return 1000 // Æ æ
        case 0xC0...0xFF: return advance(latin1Bases[Int(scalar.value) - 0xC0])
        default: return 1000 // dashes, quotes and anything else: at most an em
        }
    }
}
