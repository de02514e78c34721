import Foundation

/// Real files built byte by byte for the identification tests: each is valid by its format's rules
/// (correct lengths, CRCs and checksums), so damaging one byte is what the tests then detect.
enum Fixture {
    // MARK: Checksums, written out here so that the tests do not borrow the code they test.

    /// CRC-32 as in PNG and ZIP (reflected polynomial 0xEDB88320).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Ogg's CRC-32 (polynomial 0x04C11DB7, not reflected, no final XOR).
    static func oggCRC(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0
        for b in bytes {
            crc ^= UInt32(b) << 24
            for _ in 0..<8 { crc = crc & 0x8000_0000 != 0 ? (crc << 1) ^ 0x04C1_1DB7 : crc << 1 }
        }
        return crc
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for x in bytes { a = (a + UInt32(x)) % 65521; b = (b + a) % 65521 }
        return b << 16 | a
    }

    /// A zlib stream of stored (uncompressed) deflate blocks: valid FlateDecode that any inflater reads.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var rest = data[...]
        repeat {
            let block = rest.prefix(65_535)
            rest = rest.dropFirst(block.count)
            let length = UInt16(block.count)
            out.append(rest.isEmpty ? 1 : 0)
            out += le16(length) + le16(~length)
            out += block
        } while !rest.isEmpty
        return out + be32(adler32(data))
    }

    static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
    static func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }

    // MARK: Images

    /// A PNG chunk with its length and CRC.
    static func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        be32(UInt32(data.count)) + ascii(type) + data + be32(crc32(ascii(type) + data))
    }

    /// A 1x1 8-bit greyscale PNG; `bitDepth` other than 8 is written as given (invalid ones included).
    static func png(bitDepth: UInt8 = 8, extraChunks: [[UInt8]] = []) -> [UInt8] {
        let ihdr = be32(1) + be32(1) + [bitDepth, 0, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + pngChunk("IHDR", ihdr) + extraChunks.flatMap { $0 }
            + pngChunk("IDAT", zlibStored([0, 0])) + pngChunk("IEND", [])
    }

    /// An 8x8 greyscale baseline JPEG: one block whose only codes are DC 0 and EOB, each a 1-bit Huffman code.
    static func jpeg(precision: UInt8 = 8) -> [UInt8] {
        var out: [UInt8] = [0xFF, 0xD8]
        out += [0xFF, 0xE0] + be16(16) + ascii("JFIF") + [0, 1, 1, 0] + be16(1) + be16(1) + [0, 0]
        out += [0xFF, 0xDB] + be16(67) + [0x00] + [UInt8](repeating: 1, count: 64)
        out += [0xFF, 0xC0] + be16(11) + [precision] + be16(8) + be16(8) + [1, 1, 0x11, 0]
        let oneCode = [UInt8(1)] + [UInt8](repeating: 0, count: 15)
        out += [0xFF, 0xC4] + be16(20) + [0x00] + oneCode + [0x00] // DC table 0: category 0
        out += [0xFF, 0xC4] + be16(20) + [0x10] + oneCode + [0x00] // AC table 0: EOB
        out += [0xFF, 0xDA] + be16(8) + [1, 1, 0x00, 0, 63, 0]
        out += [0x3F] // bits 0 (DC) and 0 (EOB), padded with ones
        return out + [0xFF, 0xD9]
    }

    // MARK: Documents

    /// A one-page-less PDF with a correct xref; `catalogExtra` goes inside the catalog dictionary,
    /// `trailerExtra` inside the trailer, `objects` after the catalog.
    static func pdf(catalogExtra: String = "", trailerExtra: String = "", objects: [[UInt8]] = []) -> [UInt8] {
        var out = ascii("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n")
        var offsets: [Int] = []
        offsets.append(out.count)
        out += ascii("1 0 obj\n<< /Type /Catalog /Pages 2 0 R \(catalogExtra) >>\nendobj\n")
        offsets.append(out.count)
        out += ascii("2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
        for object in objects {
            offsets.append(out.count)
            out += object
        }
        let xref = out.count
        out += ascii("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n")
        for offset in offsets { out += ascii(String(format: "%010d 00000 n \n", offset)) }
        out += ascii("trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R \(trailerExtra) >>\nstartxref\n\(xref)\n%%EOF\n")
        return out
    }

    /// A PDF stream object.
    static func pdfStream(number: Int, dictionary: String, data: [UInt8]) -> [UInt8] {
        ascii("\(number) 0 obj\n<< \(dictionary) /Length \(data.count) >>\nstream\n") + data + ascii("\nendstream\nendobj\n")
    }

    /// A ZIP of stored entries with local headers, a central directory and its end record.
    static func zip(_ entries: [(String, [UInt8])], prefix: [UInt8] = []) -> [UInt8] {
        var out = prefix
        var central: [UInt8] = []
        for (name, data) in entries {
            let offset = UInt32(out.count - prefix.count)
            let crc = crc32(data)
            let fixed = le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc)
                + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(UInt16(name.utf8.count)) + le16(0)
            out += [0x50, 0x4B, 0x03, 0x04] + fixed + ascii(name) + data
            central += [0x50, 0x4B, 0x01, 0x02] + le16(20) + fixed + le16(0) + le16(0) + le16(0) + le32(0)
                + le32(offset) + ascii(name)
        }
        let directoryOffset = UInt32(out.count - prefix.count)
        out += central
        out += [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
            + le32(UInt32(central.count)) + le32(directoryOffset) + le16(0)
        return out
    }

    static let contentTypes = ascii(#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#)

    static func docx(extra: [(String, [UInt8])] = [], contentTypes: [UInt8] = contentTypes) -> [UInt8] {
        zip([("[Content_Types].xml", contentTypes), ("_rels/.rels", ascii("<Relationships/>")),
             ("word/document.xml", ascii("<w:document/>"))] + extra)
    }

    static func odt(extra: [(String, [UInt8])] = []) -> [UInt8] {
        zip([("mimetype", ascii("application/vnd.oasis.opendocument.text")), ("content.xml", ascii("<office:document-content/>")),
             ("META-INF/manifest.xml", ascii("<manifest:manifest/>"))] + extra)
    }

    // MARK: Audio and video

    /// An ISO-BMFF box.
    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        be32(UInt32(8 + payload.count)) + ascii(type) + payload
    }

    static func ftyp(_ major: String, _ compatible: [String]) -> [UInt8] {
        box("ftyp", ascii(major) + be32(0) + compatible.flatMap { ascii($0) })
    }

    /// One Ogg page with a correct CRC; `packet` must be under 255 bytes.
    static func oggPage(_ packet: [UInt8], sequence: UInt32, flags: UInt8) -> [UInt8] {
        var page = ascii("OggS") + [0, flags] + [UInt8](repeating: 0, count: 8) + le32(0x1234) + le32(sequence)
            + le32(0) + [1, UInt8(packet.count)] + packet
        let crc = le32(oggCRC(page))
        page.replaceSubrange(22..<26, with: crc)
        return page
    }

    static func oggOpus(endOfStream: Bool = true) -> [UInt8] {
        let head = ascii("OpusHead") + [1, 1] + le16(312) + le32(48_000) + le16(0) + [0]
        let tags = ascii("OpusTags") + le32(4) + ascii("test") + le32(0)
        return oggPage(head, sequence: 0, flags: 0x02) + oggPage(tags, sequence: 1, flags: 0)
            + oggPage([0xFC, 0xFF, 0xFE], sequence: 2, flags: endOfStream ? 0x04 : 0)
    }

    static func wav(samples: Int = 100) -> [UInt8] {
        let fmt = le16(1) + le16(1) + le32(8000) + le32(16_000) + le16(2) + le16(16)
        let data = [UInt8](repeating: 0, count: samples * 2)
        let body = ascii("WAVE") + ascii("fmt ") + le32(UInt32(fmt.count)) + fmt + ascii("data") + le32(UInt32(data.count)) + data
        return ascii("RIFF") + le32(UInt32(body.count)) + body
    }

    /// MPEG-1 layer III frames at 128 kbit/s and 44.1 kHz: 417 bytes each.
    static func mp3(frames: Int = 12, id3: Bool = false) -> [UInt8] {
        let frame = [0xFF, 0xFB, 0x90, 0x00] + [UInt8](repeating: 0x55, count: 413)
        var out: [UInt8] = []
        if id3 { out += ascii("ID3") + [4, 0, 0] + [0, 0, 0, 10] + [UInt8](repeating: 0, count: 10) }
        for _ in 0..<frames { out += frame }
        return out
    }

    /// AMR narrowband: frames of type 7 (12.2 kbit/s), 32 bytes each.
    static func amr(frames: Int = 20) -> [UInt8] {
        ascii("#!AMR\n") + (0..<frames).flatMap { _ in [0x3C] + [UInt8](repeating: 0xA5, count: 31) }
    }

    /// A WebM file: an EBML header with DocType `webm`, then a Segment of `payload` bytes.
    static func webm(payload: Int = 64, declaredPayload: Int? = nil) -> [UInt8] {
        let docType: [UInt8] = [0x42, 0x82, 0x84] + ascii("webm")
        let header: [UInt8] = [0x1A, 0x45, 0xDF, 0xA3, 0x80 | UInt8(docType.count)] + docType
        let declared = UInt32(declaredPayload ?? payload)
        let segment: [UInt8] = [0x18, 0x53, 0x80, 0x67, 0x10] + [UInt8(declared >> 16), UInt8(declared >> 8 & 0xFF), UInt8(declared & 0xFF)]
        return header + segment + [UInt8](repeating: 0xEC, count: payload)
    }
}
