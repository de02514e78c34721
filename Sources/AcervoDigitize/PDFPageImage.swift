import AcervoCore
/// What a scanned PDF page's one image is, from its dictionary alone: size, samples, colour and how its
/// data is coded. Nothing here reads the image's data.
struct PDFPageImage {
    enum Colour {
        /// An `/ImageMask`: one bit, painted (black) where the sample is 0 unless `/Decode` says 1.
        case mask
        case grey
        case rgb
        /// An indexed space: a table of `hival + 1` entries of the base's components.
        case indexed(baseComponents: Int, table: [UInt8])
    }

    enum Coding {
        /// qpdf decodes the data to samples (no filter, Flate, LZW, RunLength, ASCII filters; predictors).
        case samples(String)
        case ccitt(CCITTParameters)
        case jbig2(globals: PDFObject?)
        case jpeg
    }

    var stream: PDFObject
    var width: Int
    var height: Int
    var bitsPerComponent: Int
    var colour: Colour
    /// `/Decode` swaps each component's range (`[1 0]`): the samples mean their opposite.
    var inverted: Bool
    var coding: Coding
    /// The image is drawn through a transparency mask (`/SMask`, `/Mask`), which the archival page cannot
    /// carry. The page is refused for it once its resolution is known, so both are said at once.
    var masked: Bool

    var components: Int {
        switch colour {
        case .mask, .grey, .indexed: 1
        case .rgb: 3
        }
    }

    /// The colour the page holds: an indexed table of greys is grey, and of black and white only, bitonal.
    var pageColour: PageColour {
        switch colour {
        case .mask: return .bitonal
        case .grey: return bitsPerComponent == 1 ? .bitonal : .greyscale
        case .rgb: return .rgb
        case .indexed(let base, let table):
            var greys: [UInt8] = []
            if base == 3 {
                for i in Swift.stride(from: 0, to: table.count - 2, by: 3) {
                    guard table[i] == table[i + 1], table[i + 1] == table[i + 2] else { return .rgb }
                    greys.append(table[i])
                }
            } else {
                greys = table
            }
            return greys.allSatisfy { $0 == 0 || $0 == 255 } ? .bitonal : .greyscale
        }
    }

    var compressionName: String {
        switch coding {
        case .samples(let name): name
        case .ccitt(let parameters): parameters.k < 0 ? "ccitt-g4" : "ccitt-g3"
        case .jbig2: "jbig2"
        case .jpeg: "jpeg"
        }
    }

    /// JPEG discards; JBIG2 with shared symbol dictionaries (`/JBIG2Globals`) is the symbol-matching mode,
    /// which may substitute one glyph for a similar one.
    var lossy: Bool {
        switch coding {
        case .jpeg: true
        case .jbig2(let globals): globals != nil
        default: false
        }
    }

    /// Reads the image XObject `stream`'s dictionary.
    init(_ stream: PDFObject) throws(PageRefusal) {
        self.stream = stream
        guard stream.isStream, stream.key("/Subtype")?.name == "/Image" else {
            throw .unsupported("not an image-only scan: the page draws a form, not an image",
                              "não é uma digitalização só de imagem: a página desenha um formulário, não uma imagem")
        }
        guard let width = stream.key("/Width")?.integer, let height = stream.key("/Height")?.integer else {
            throw .unreadable("the image has no /Width or /Height", "a imagem não tem /Width ou /Height")
        }
        self.width = width
        self.height = height
        masked = stream.key("/SMask") != nil || stream.key("/Mask") != nil
        let isMask = stream.key("/ImageMask")?.bool ?? false
        let filters = stream.key("/Filter")?.items.compactMap(\.name) ?? []
        let parameters = stream.key("/DecodeParms")?.items ?? []
        let last = filters.last
        if isMask {
            colour = .mask
            bitsPerComponent = 1
        } else {
            bitsPerComponent = stream.key("/BitsPerComponent")?.integer ?? (last == "/JBIG2Decode" || last == "/CCITTFaxDecode" ? 1 : 8)
            guard let space = stream.key("/ColorSpace") else { throw .unsupported("the image has no colour space", "a imagem não tem espaço de cor") }
            colour = try Self.colour(space, bitsPerComponent: bitsPerComponent)
        }
        guard [1, 2, 4, 8].contains(bitsPerComponent) else {
            throw .unsupported("\(bitsPerComponent) bits per component", "\(bitsPerComponent) bits por componente")
        }
        let indexed: Bool
        if case .indexed = colour { indexed = true } else { indexed = false }
        let single: Bool
        switch colour {
        case .rgb: single = false
        default: single = true
        }
        // /Decode: the default range, or each range swapped; other ranges remap colours and are not taken.
        inverted = false
        if let decode = stream.key("/Decode")?.numbers {
            let top: Double
            top = indexed ? Double((1 << bitsPerComponent) - 1) : 1
            let pairs = stride(from: 0, to: decode.count - 1, by: 2).map { (decode[$0], decode[$0 + 1]) }
            if pairs.allSatisfy({ $0 == (0, top) }) {
                inverted = false
            } else if pairs.allSatisfy({ $0 == (top, 0) }), !indexed {
                inverted = true
            } else {
                throw .unsupported("image /Decode \(decode)", "/Decode da imagem \(decode)")
            }
        }
        let generic: Set<String> = ["/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/RunLengthDecode", "/RL",
                                    "/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"]
        if filters.allSatisfy(generic.contains) {
            let names = filters.map { f -> String in
                switch f {
                case "/FlateDecode", "/Fl": "flate"
                case "/LZWDecode", "/LZW": "lzw"
                case "/RunLengthDecode", "/RL": "runlength"
                default: "none"
                }
            }.filter { $0 != "none" }
            coding = .samples(names.last ?? "none")
            return
        }
        guard filters.count == 1, let last else {
            throw .unsupported("image filters \(filters.joined(separator: " "))", "filtros da imagem \(filters.joined(separator: " "))")
        }
        let parameter = parameters.first.flatMap { $0.isDictionary ? $0 : nil }
        switch last {
        case "/CCITTFaxDecode", "/CCF":
            guard bitsPerComponent == 1, single else { throw .unsupported("CCITT image of \(bitsPerComponent) bits", "imagem CCITT de \(bitsPerComponent) bits") }
            coding = .ccitt(CCITTParameters(parameter, height: height))
        case "/JBIG2Decode":
            guard bitsPerComponent == 1, single else { throw .unsupported("JBIG2 image of \(bitsPerComponent) bits", "imagem JBIG2 de \(bitsPerComponent) bits") }
            coding = .jbig2(globals: parameter?.key("/JBIG2Globals"))
        case "/DCTDecode", "/DCT":
            guard bitsPerComponent == 8, !inverted, !indexed, !isMask else { throw .unsupported("a JPEG image with a remapped colour", "uma imagem JPEG com cores remapeadas") }
            coding = .jpeg
        case "/JPXDecode":
            throw .unsupported("JPEG 2000")
        default:
            throw .unsupported("image filter \(last)", "filtro da imagem \(last)")
        }
    }

    private var isIndexed: Bool {
        if case .indexed = colour { true } else { false }
    }

    /// The colour a `/ColorSpace` value names: grey, RGB (device, calibrated or ICC-based with N 1 or 3),
    /// or an indexed table over one of them.
    static func colour(_ space: PDFObject, bitsPerComponent: Int) throws(PageRefusal) -> Colour {
        let parts = space.items
        guard let family = parts.first?.name else { throw .unsupported("an unnamed colour space", "um espaço de cor sem nome") }
        switch family {
        case "/DeviceGray", "/CalGray", "/G":
            return .grey
        case "/DeviceRGB", "/CalRGB", "/RGB":
            return .rgb
        case "/ICCBased":
            switch parts.count > 1 ? parts[1].key("/N")?.integer : nil {
            case 1: return .grey
            case 3: return .rgb
            default: throw .unsupported("an ICC colour space that is not grey or RGB", "um espaço de cor ICC que não é cinza nem RGB")
            }
        case "/Indexed", "/I":
            guard parts.count == 4, let hival = parts[2].integer, (0...255).contains(hival) else {
                throw .unsupported("a malformed indexed colour space", "um espaço de cor indexado malformado")
            }
            let base = try colour(parts[1], bitsPerComponent: 8)
            let baseComponents: Int
            switch base {
            case .grey: baseComponents = 1
            case .rgb: baseComponents = 3
            default: throw .unsupported("an indexed colour space over another", "um espaço de cor indexado sobre outro")
            }
            var table = parts[3].bytes
            if table == nil, parts[3].isStream {
                table = (try? parts[3].file.streamData(parts[3], decoded: true))?.map { [UInt8]($0) }
            }
            guard var table, table.count >= (hival + 1) * baseComponents else {
                throw .unreadable("an indexed colour space's table is short", "a tabela de um espaço de cor indexado é curta")
            }
            table.removeSubrange(((hival + 1) * baseComponents)...)
            return .indexed(baseComponents: baseComponents, table: table)
        case "/DeviceCMYK", "/CMYK":
            throw .unsupported("CMYK")
        default:
            throw .unsupported("colour space \(family)", "espaço de cor \(family)")
        }
    }
}

/// A `/CCITTFaxDecode` image's parameters (PDF's defaults where absent).
struct CCITTParameters {
    /// < 0: Group 4; 0: Group 3 one-dimensional; > 0: Group 3 two-dimensional.
    var k = 0
    var columns = 1728
    var rows: Int
    var blackIs1 = false
    var encodedByteAlign = false
    var endOfLine = false

    init(_ parameters: PDFObject?, height: Int) {
        rows = height
        guard let parameters else { return }
        k = parameters.key("/K")?.integer ?? 0
        columns = parameters.key("/Columns")?.integer ?? 1728
        if let rows = parameters.key("/Rows")?.integer, rows > 0 { self.rows = rows }
        blackIs1 = parameters.key("/BlackIs1")?.bool ?? false
        encodedByteAlign = parameters.key("/EncodedByteAlign")?.bool ?? false
        endOfLine = parameters.key("/EndOfLine")?.bool ?? false
    }
}
