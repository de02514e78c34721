/// Where a scanned page's content draws its one image: the image's name and the matrix that maps the
/// image's unit square onto the page.
///
/// Scanner software writes a page as `q W 0 0 H x y cm /Im0 Do Q`, sometimes with a clipping rectangle or
/// nested matrices. This reads the content's operators (qpdf has already decoded and joined the streams)
/// and takes only those: matrices, save and restore, clipping paths that paint nothing, graphics-state
/// parameters, and one `Do`. Anything that paints (text, vector drawing, inline images, a second image)
/// makes the page not an image-only scan.
struct PDFImagePlacement {
    /// The XObject's name in the page's resources, without the slash.
    var name: String
    /// `[a b c d e f]`: the image's unit square to default user space.
    var matrix: [Double]

    /// A page that is not one drawn image.
    struct NotAScan: Error {
        var detail: String
        var portuguese: String
        init(_ detail: String, _ portuguese: String) {
            self.detail = detail
            self.portuguese = portuguese
        }
    }

    init(content: [UInt8]) throws(NotAScan) {
        var operands: [Token] = []
        var ctm: [Double] = [1, 0, 0, 1, 0, 0]
        var saved: [[Double]] = []
        var found: (String, [Double])?
        var lexer = Lexer(bytes: content)
        while let token = try lexer.next() {
            guard case .keyword(let op) = token else {
                operands.append(token)
                if operands.count > 16 { throw NotAScan("unexpected content", "conteúdo inesperado") }
                continue
            }
            let numbers = operands.compactMap { if case .number(let n) = $0 { n } else { nil } }
            switch op {
            case "q":
                guard saved.count < 64 else { throw NotAScan("graphics states nested too deep", "estados gráficos aninhados fundo demais") }
                saved.append(ctm)
            case "Q":
                guard let last = saved.popLast() else { throw NotAScan("unbalanced Q", "Q sem par") }
                ctm = last
            case "cm":
                guard numbers.count == 6, operands.count == 6 else { throw NotAScan("malformed cm", "cm malformado") }
                ctm = Self.multiply(numbers, ctm)
            case "Do":
                guard operands.count == 1, case .name(let name) = operands[0] else { throw NotAScan("malformed Do", "Do malformado") }
                guard found == nil else { throw NotAScan("more than one image on the page", "mais de uma imagem na página") }
                found = (name, ctm)
            // Clipping paths ended by `n` paint nothing; line and state parameters change nothing drawn here;
            // marked content (tagged PDF, optional content) only labels what is drawn.
            case "m", "l", "c", "v", "y", "h", "re", "W", "W*", "n", "w", "J", "j", "M", "i", "ri", "gs",
                 "BMC", "BDC", "EMC", "MP", "DP":
                break
            default:
                throw NotAScan("the page draws more than an image (\(op))", "a página desenha mais do que uma imagem (\(op))")
            }
            operands.removeAll(keepingCapacity: true)
        }
        guard let found else { throw NotAScan("the page draws no image", "a página não desenha imagem alguma") }
        (name, matrix) = found
    }

    /// `m × n` for PDF's row-vector matrices `[a b c d e f]`.
    static func multiply(_ m: [Double], _ n: [Double]) -> [Double] {
        [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
         m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
         m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]
    }

    enum Token { case number(Double), name(String), keyword(String) }

    /// The tokens of a content stream that an image-only page uses: numbers, names and operators. Strings,
    /// arrays, dictionaries and inline images end the reading: such a page is not a plain scan.
    struct Lexer {
        let bytes: [UInt8]
        var at = 0

        static func isSpace(_ b: UInt8) -> Bool { b == 0 || b == 9 || b == 10 || b == 12 || b == 13 || b == 32 }
        static func isDelimiter(_ b: UInt8) -> Bool { Array("()<>[]{}/%".utf8).contains(b) }

        mutating func next() throws(NotAScan) -> Token? {
            while at < bytes.count {
                let b = bytes[at]
                if Self.isSpace(b) { at += 1; continue }
                if b == UInt8(ascii: "%") {
                    while at < bytes.count, bytes[at] != 10, bytes[at] != 13 { at += 1 }
                    continue
                }
                break
            }
            guard at < bytes.count else { return nil }
            let b = bytes[at]
            if b == UInt8(ascii: "/") {
                at += 1
                let word = regular()
                return .name(Self.unescapeName(word))
            }
            if Self.isDelimiter(b) { throw NotAScan("the page draws more than an image", "a página desenha mais do que uma imagem") }
            let word = regular()
            if let value = Double(word), word.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true {
                return .number(value)
            }
            if word == "BI" { throw NotAScan("inline image", "imagem em linha") }
            return .keyword(word)
        }

        private mutating func regular() -> String {
            let start = at
            while at < bytes.count, !Self.isSpace(bytes[at]), !Self.isDelimiter(bytes[at]) { at += 1 }
            return String(decoding: bytes[start..<at], as: UTF8.self)
        }

        /// `#xx` escapes in a name.
        static func unescapeName(_ word: String) -> String {
            guard word.contains("#") else { return word }
            var out: [UInt8] = []
            var bytes = Array(word.utf8)[...]
            while let b = bytes.popFirst() {
                if b == UInt8(ascii: "#"), bytes.count >= 2,
                   let v = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) {
                    out.append(v)
                    bytes = bytes.dropFirst(2)
                } else {
                    out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
