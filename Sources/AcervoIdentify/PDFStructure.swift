import AcervoCore

/// PDF: the header, the `startxref`/`%%EOF` trailer, what lies outside them, and active content found by
/// scanning every object (and the objects packed inside FlateDecode object streams).
enum PDFStructure {
    private static let header = [UInt8](ascii: "%PDF-")
    /// How far junk may precede the header and still be read as a PDF (as readers do).
    static let headerSearchLimit = 1024
    /// Most bytes inflated from one object stream, and from all of them together.
    static let objectStreamBudget = 8 * 1024 * 1024
    static let totalInflateBudget = 32 * 1024 * 1024

    /// The offset of `%PDF-` within the first kilobyte, if any.
    static func headerOffset(_ head: UnsafeRawBufferPointer) -> Int? {
        head.firstIndex(of: header, to: min(head.count, headerSearchLimit + header.count))
    }

    static func inspect(_ reader: ContentReader, headerAt start: Int) -> StructuralReport {
        var report = StructuralReport(format: .pdf, mime: "application/pdf", description: "PDF document")
        if let version = reader.bytes(at: Int64(start + 5), count: min(3, Int(reader.size) - start - 5)),
           version.count == 3, version[1] == UInt8(ascii: "."), version.allSatisfy({ $0 == 0x2E || ($0 >= 0x30 && $0 <= 0x39) }) {
            report.description = "PDF document, version \(String(decoding: version, as: UTF8.self))"
        }
        if start > 0 {
            report.note(.appendedData, "\(start) bytes before %PDF-")
        }
        var scan = Scan()
        scan.run(reader, from: Int64(start))
        if let lastEOF = scan.lastEOF {
            let after = lastEOF + 5
            if after < reader.size, !onlyWhitespace(reader, from: after) {
                report.note(.appendedData, "\(reader.size - after) bytes after the last %%EOF at offset \(lastEOF)")
            }
            if scan.lastStartxref == nil {
                report.note(.corrupt, "no startxref before %%EOF")
            }
        } else {
            report.note(.truncated, "no %%EOF: the file ends at offset \(reader.size) before its trailer")
        }
        if scan.unterminatedStream {
            report.note(.truncated, "a stream runs to the end of the file without endstream")
        }
        if !scan.activeKeys.isEmpty {
            report.note(.activeContent, scan.activeKeys.sorted().map { "/\($0)" }.joined(separator: ", "))
        }
        if scan.encrypted {
            report.note(.encrypted, "/Encrypt in the trailer")
        }
        return report
    }

    /// Whether everything from `start` to the end is whitespace or NUL padding (bounded: a long tail is data).
    private static func onlyWhitespace(_ reader: ContentReader, from start: Int64) -> Bool {
        guard reader.size - start <= 4096, let rest = reader.bytes(at: start, count: Int(reader.size - start)) else {
            return false
        }
        return rest.allSatisfy { isWhitespace($0) }
    }

    static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C || b == 0x00
    }

    static func isDelimiter(_ b: UInt8) -> Bool {
        isWhitespace(b) || b == 0x2F || b == 0x28 || b == 0x29 || b == 0x3C || b == 0x3E || b == 0x5B
            || b == 0x5D || b == 0x7B || b == 0x7D || b == 0x25
    }

    /// One pass over the file's objects, skipping raw stream data.
    struct Scan {
        var lastEOF: Int64?
        var lastStartxref: Int64?
        var activeKeys: Set<String> = []
        var encrypted = false
        var unterminatedStream = false
        /// Names seen since the last stream, telling whether the next stream is a FlateDecode object stream.
        private var sawObjStm = false
        private var sawFlate = false
        private var inflated = 0
        private var decoded: [UInt8] = []

        private static let eofMark = [UInt8](ascii: "%%EOF")
        private static let startxref = [UInt8](ascii: "startxref")
        private static let streamKeyword = [UInt8](ascii: "stream")
        private static let endstream = [UInt8](ascii: "endstream")
        private static let maxName = 127

        mutating func run(_ reader: ContentReader, from start: Int64) {
            let size = reader.size
            var pos = start
            while pos < size {
                let count = Int(min(Int64(ContentReader.windowCapacity), size - pos))
                guard let chunk = reader.bytes(at: pos, count: count) else { return }
                let atEnd = pos + Int64(count) == size
                var next = pos + Int64(count)
                var streamData: Int64?
                var i = 0
                scanning: while i < count {
                    let b = chunk[i]
                    switch b {
                    case 0x2F: // '/': a name
                        var j = i + 1
                        while j < count && !PDFStructure.isDelimiter(chunk[j]) && j - i <= Self.maxName { j += 1 }
                        if j == count && !atEnd && i > 0 { next = pos + Int64(i); break scanning }
                        name(UnsafeRawBufferPointer(rebasing: chunk[(i + 1)..<j]))
                        i = j
                        continue
                    case 0x25: // '%'
                        if count - i < 5 && !atEnd && i > 0 { next = pos + Int64(i); break scanning }
                        if chunk.matches(Self.eofMark, at: i) { lastEOF = pos + Int64(i); i += 5; continue }
                    case 0x73: // 's'
                        if count - i < 9 && !atEnd && i > 0 { next = pos + Int64(i); break scanning }
                        if chunk.matches(Self.startxref, at: i) { lastStartxref = pos + Int64(i); i += 9; continue }
                        if chunk.matches(Self.streamKeyword, at: i), i == 0 || PDFStructure.isDelimiter(chunk[i - 1]) {
                            let eol = chunk.byte(i + 6)
                            if eol == 0x0A {
                                streamData = pos + Int64(i + 7)
                            } else if eol == 0x0D {
                                streamData = pos + Int64(i + (chunk.byte(i + 7) == 0x0A ? 8 : 7))
                            }
                            if streamData != nil { break scanning }
                        }
                    default:
                        break
                    }
                    i += 1
                }
                if let dataStart = streamData {
                    // The chunk is no longer valid from here on: the reader's window is reused.
                    guard let end = skipStream(reader, from: dataStart) else {
                        unterminatedStream = true
                        return
                    }
                    next = end
                }
                pos = next
            }
        }

        /// Finds the `endstream` after stream data, inflating the data first when it is an object stream.
        private mutating func skipStream(_ reader: ContentReader, from dataStart: Int64) -> Int64? {
            var end: Int64?
            reader.forEachChunk(in: dataStart..<reader.size, overlap: Self.endstream.count) { chunk, offset in
                if let hit = chunk.firstIndex(of: Self.endstream) {
                    end = offset + Int64(hit)
                    return false
                }
                return true
            }
            let wantsInflate = sawObjStm && sawFlate && inflated < PDFStructure.totalInflateBudget
            sawObjStm = false
            sawFlate = false
            guard let end else { return nil }
            if wantsInflate {
                let inflater = BoundedInflater(budget: min(PDFStructure.objectStreamBudget,
                                                           PDFStructure.totalInflateBudget - inflated))
                reader.forEachChunk(in: dataStart..<end) { chunk, _ in inflater.feed(chunk) }
                inflated += inflater.output.count
                inflater.output.withUnsafeBytes { scanObjects($0) }
            }
            return end + Int64(Self.endstream.count)
        }

        /// Scans inflated object text for names; object streams hold no streams of their own.
        private mutating func scanObjects(_ text: UnsafeRawBufferPointer) {
            var i = 0
            while i < text.count {
                if text[i] == 0x2F {
                    var j = i + 1
                    while j < text.count && !PDFStructure.isDelimiter(text[j]) && j - i <= Self.maxName { j += 1 }
                    name(UnsafeRawBufferPointer(rebasing: text[(i + 1)..<j]))
                    i = j
                } else {
                    i += 1
                }
            }
        }

        /// Records a name that matters, after undoing `#xx` escapes (`/J#61vaScript` is `/JavaScript`).
        private mutating func name(_ raw: UnsafeRawBufferPointer) {
            guard let first = raw.first else { return }
            // Only names that can matter go further: most names in a PDF are layout.
            switch first {
            case 0x4A, 0x4C, 0x45, 0x52, 0x58, 0x4F, 0x46, 0x23: break // J L E R X O F #
            default: return
            }
            decoded.removeAll(keepingCapacity: true)
            var i = 0
            while i < raw.count {
                let b = raw[i]
                if b == 0x23, i + 2 < raw.count, let hi = hexValue(raw[i + 1]), let lo = hexValue(raw[i + 2]) {
                    decoded.append(hi << 4 | lo)
                    i += 3
                } else {
                    decoded.append(b)
                    i += 1
                }
            }
            let key = String(decoding: decoded, as: UTF8.self)
            switch key {
            case "JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA":
                activeKeys.insert(key)
            case "Encrypt":
                encrypted = true
            case "ObjStm":
                sawObjStm = true
            case "FlateDecode", "Fl":
                sawFlate = true
            default:
                break
            }
        }

        private func hexValue(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: b - 0x30
            case 0x41...0x46: b - 0x41 + 10
            case 0x61...0x66: b - 0x61 + 10
            default: nil
            }
        }
    }
}
