import Foundation

/// The invisible text of a page: the words the OCR engine read, placed over their image in text render
/// mode 3 (neither filled nor stroked) with the ``GlyphlessFont``.
///
/// Lines come in reading order (by ``RecognizedWord/line``), words in the order the engine gave them.
/// Every line is set on one straight baseline, the median of its words' bottoms, with a font size of its
/// median word height (not the height of the line's whole box, which on a page scanned askew grows with
/// the line's length), so viewers select and `pdftotext` reads it as one line. Each word is stretched
/// (`Tz`) to span its box exactly, and a space, stretched to fill the gap, follows each word but the
/// line's last, so that copy-and-paste and extraction give words separated by spaces and lines by line
/// breaks. (Extractors break words on a gap of a tenth of the font size: a font size from a skewed
/// line's box ran a long line's words together.)
struct InvisibleTextLayer {
    /// The page's resolution, in pixels per inch on each axis.
    var dpiX: Double
    var dpiY: Double
    /// The image's height in pixels (PDF's origin is at the bottom).
    var imageHeight: Int

    /// The operators that show `words`, for the page's content stream; empty when there are none.
    func operators(_ words: [RecognizedWord], font: String) -> String {
        let lines = Dictionary(grouping: words.filter { !Self.codes($0.text).isEmpty && $0.width > 0 && $0.height > 0 },
                               by: \.line)
        guard !lines.isEmpty else { return "" }
        var out = "BT\n3 Tr\n"
        let charWidth = Double(GlyphlessFont.advance) / 1000
        for number in lines.keys.sorted() {
            let line = lines[number]!
            let heights = line.map(\.height).sorted()
            let size = Double(heights[heights.count / 2]) * 72 / dpiY
            let bottoms = line.map { $0.top + $0.height }.sorted()
            let baseline = Double(imageHeight - bottoms[bottoms.count / 2]) * 72 / dpiY
            out += "/\(font) \(Self.number(size)) Tf\n"
            for (i, word) in line.enumerated() {
                let codes = Self.codes(word.text)
                let x = Double(word.left) * 72 / dpiX
                let width = Double(word.width) * 72 / dpiX
                let stretch = 100 * width / (Double(codes.count) * charWidth * size)
                out += "1 0 0 1 \(Self.number(x)) \(Self.number(baseline)) Tm \(Self.number(stretch)) Tz <"
                out += codes.map { String(format: "%04X", $0) }.joined() + "> Tj\n"
                if i + 1 < line.count {
                    // The space ends where the next word starts (a sliver when the boxes touch or overlap).
                    let gap = max(Double(line[i + 1].left - word.left - word.width) * 72 / dpiX, 0.01)
                    out += "\(Self.number(100 * gap / (charWidth * size))) Tz <0020> Tj\n"
                }
            }
        }
        return out + "ET\n"
    }

    /// The word's character codes: its UTF-16 code units, without controls, and without characters
    /// outside the Basic Multilingual Plane, which the one-code-per-character font cannot carry.
    static func codes(_ text: String) -> [UInt16] {
        text.unicodeScalars.compactMap { scalar in
            scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) || scalar.value > 0xFFFF
                ? nil : UInt16(scalar.value)
        }
    }

    /// A number as PDF content writes it: at most three decimals, never an exponent.
    static func number(_ value: Double) -> String {
        let thousandths = (value * 1000).rounded()
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = Int(abs(thousandths))
        let whole = magnitude / 1000, fraction = magnitude % 1000
        if fraction == 0 { return magnitude == 0 ? "0" : "\(sign)\(whole)" }
        var digits = String(format: "%03d", fraction)
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(sign)\(whole).\(digits)"
    }
}
