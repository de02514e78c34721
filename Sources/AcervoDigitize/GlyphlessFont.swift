import Foundation

/// The font of the invisible text layer: a TrueType font with no outlines, made here byte by byte so that
/// nothing outside Acervo decides what is embedded.
///
/// As in Tesseract's and OCRmyPDF's PDF renderers, the text is shown through a Type 0 font with the
/// `Identity-H` encoding, so each character code is the UTF-16 code unit of a character; a `CIDToGIDMap`
/// sends every code to glyph 1, an empty glyph half an em wide; the `ToUnicode` CMap maps each code back
/// to its character, which is what `pdftotext`, search and copy-and-paste read. One glyph serves every
/// script: the text is never painted (render mode 3), only placed.
enum GlyphlessFont {
    static let name = "GlyphLessFont"
    /// The advance of the one glyph, in thousandths of the font size (and in the font's units: 1000 an em).
    static let advance = 500

    /// The TrueType program: two empty glyphs (`.notdef` and the one every code shows), 500 units wide.
    static let program: Data = {
        let glyphs = 2
        var tables: [(tag: String, data: [UInt8])] = []
        var head = Bytes()
        head.u32(0x0001_0000); head.u32(0x0001_0000)  // version, font revision
        head.u32(0)  // checkSumAdjustment, set below
        head.u32(0x5F0F_3CF5); head.u16(0b1011)  // magic, flags: baseline at 0, integer scaling
        head.u16(1000)  // units per em
        head.u64(0); head.u64(0)  // created, modified: fixed, so the bytes never change
        head.i16(0); head.i16(0); head.i16(Int16(advance)); head.i16(1000)  // bounding box
        head.u16(0); head.u16(3); head.i16(2)  // mac style, lowest readable size, direction hint
        head.i16(0); head.i16(0)  // short loca offsets, glyph data format
        var hhea = Bytes()
        hhea.u32(0x0001_0000); hhea.i16(1000); hhea.i16(0); hhea.i16(0)  // ascender, descender, line gap
        hhea.u16(UInt16(advance)); hhea.i16(0); hhea.i16(0); hhea.i16(0)  // advance max, bearings, extent
        hhea.i16(1); hhea.i16(0); hhea.i16(0)  // caret: upright
        for _ in 0..<4 { hhea.i16(0) }
        hhea.i16(0); hhea.u16(UInt16(glyphs))  // metric format, number of metrics
        var maxp = Bytes()
        maxp.u32(0x0001_0000); maxp.u16(UInt16(glyphs))
        for value in [0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0] as [UInt16] { maxp.u16(value) }
        var hmtx = Bytes()
        for _ in 0..<glyphs { hmtx.u16(UInt16(advance)); hmtx.i16(0) }
        var loca = Bytes()
        for _ in 0...glyphs { loca.u16(0) }  // every glyph empty
        var cmap = Bytes()  // one Windows Unicode subtable: the space to glyph 1 (the PDF never uses it)
        cmap.u16(0); cmap.u16(1); cmap.u16(3); cmap.u16(1); cmap.u32(12)
        cmap.u16(4); cmap.u16(32); cmap.u16(0); cmap.u16(4); cmap.u16(4); cmap.u16(1); cmap.u16(0)
        cmap.u16(0x20); cmap.u16(0xFFFF); cmap.u16(0)  // end codes, pad
        cmap.u16(0x20); cmap.u16(0xFFFF)  // start codes
        cmap.i16(1 - 0x20); cmap.i16(1)  // deltas
        cmap.u16(0); cmap.u16(0)  // range offsets
        var post = Bytes()
        post.u32(0x0003_0000); post.u32(0); post.i16(-100); post.i16(50); post.u32(0)
        for _ in 0..<4 { post.u32(0) }
        let names: [(UInt16, String)] = [(1, name), (2, "Regular"), (4, name), (6, name)]
        var nameTable = Bytes()
        nameTable.u16(0); nameTable.u16(UInt16(names.count)); nameTable.u16(UInt16(6 + 12 * names.count))
        var strings = Bytes()
        for (id, text) in names {
            let utf16 = Array(text.utf16)
            nameTable.u16(3); nameTable.u16(1); nameTable.u16(0x409); nameTable.u16(id)
            nameTable.u16(UInt16(utf16.count * 2)); nameTable.u16(UInt16(strings.bytes.count))
            for unit in utf16 { strings.u16(unit) }
        }
        nameTable.bytes += strings.bytes
        tables = [("cmap", cmap.bytes), ("glyf", []), ("head", head.bytes), ("hhea", hhea.bytes),
                  ("hmtx", hmtx.bytes), ("loca", loca.bytes), ("maxp", maxp.bytes), ("name", nameTable.bytes),
                  ("post", post.bytes)]

        var font = Bytes()
        let count = UInt16(tables.count)
        var power = 1, exponent = 0
        while power * 2 <= Int(count) { power *= 2; exponent += 1 }
        font.u32(0x0001_0000); font.u16(count); font.u16(UInt16(power * 16)); font.u16(UInt16(exponent))
        font.u16(count * 16 - UInt16(power * 16))
        var offset = 12 + 16 * tables.count
        var headOffset = 0
        for table in tables {
            font.bytes += Array(table.tag.utf8)
            font.u32(checksum(table.data)); font.u32(UInt32(offset)); font.u32(UInt32(table.data.count))
            if table.tag == "head" { headOffset = offset }
            offset += (table.data.count + 3) & ~3
        }
        for table in tables {
            font.bytes += table.data
            font.bytes += [UInt8](repeating: 0, count: ((table.data.count + 3) & ~3) - table.data.count)
        }
        let adjustment = 0xB1B0_AFBA &- checksum(font.bytes)
        font.bytes.replaceSubrange(headOffset + 8..<headOffset + 12,
                                   with: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: adjustment >> $0) })
        return Data(font.bytes)
    }()

    /// The `CIDToGIDMap`: two bytes for each of the 65,536 codes, all glyph 1 (Acrobat refuses glyph 0).
    static let cidToGIDMap: Data = Data((0..<(1 << 17)).map { $0 % 2 == 0 ? 0 : 1 })

    /// The `ToUnicode` CMap: each code is the UTF-16 code unit of its character. Ranges may only vary in
    /// their last byte, so there is one per high byte; surrogates have no character of their own.
    static let toUnicode: Data = {
        var ranges: [String] = []
        for high in 0..<256 where !(0xD8...0xDF).contains(high) {
            let start = String(format: "%02X00", high)
            ranges.append("<\(start)> <\(String(format: "%02XFF", high))> <\(start)>")
        }
        var cmap = """
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange

            """
        for start in stride(from: 0, to: ranges.count, by: 100) {
            let block = ranges[start..<min(start + 100, ranges.count)]
            cmap += "\(block.count) beginbfrange\n" + block.joined(separator: "\n") + "\nendbfrange\n"
        }
        cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        return Data(cmap.utf8)
    }()

    private static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var sum: UInt32 = 0
        var i = 0
        while i < bytes.count {
            var word: UInt32 = 0
            for k in 0..<4 { word = word << 8 | UInt32(i + k < bytes.count ? bytes[i + k] : 0) }
            sum = sum &+ word
            i += 4
        }
        return sum
    }
}

/// Big-endian bytes, as TrueType tables are written.
private struct Bytes {
    var bytes: [UInt8] = []
    mutating func u16(_ v: UInt16) { bytes += [UInt8(v >> 8), UInt8(v & 0xFF)] }
    mutating func i16(_ v: Int16) { u16(UInt16(bitPattern: v)) }
    mutating func u32(_ v: UInt32) { u16(UInt16(v >> 16)); u16(UInt16(v & 0xFFFF)) }
    mutating func u64(_ v: UInt64) { u32(UInt32(v >> 32)); u32(UInt32(v & 0xFFFF_FFFF)) }
}
