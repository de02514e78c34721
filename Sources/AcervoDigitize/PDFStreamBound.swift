import CZlib
import Foundation

/// Keeps a hostile PDF from decoding a stream into more memory than the page can need.
///
/// qpdf decodes a whole stream into one buffer and has no limit to give it, so a few kilobytes of
/// Flate can ask for gigabytes (zlib reaches about 1000:1). Before qpdf decodes a stream, its stored
/// bytes are run through the expanding filters here, counting the output and keeping none of it, and the
/// stream is refused as soon as the count passes what its page can use: Flate through zlib, RunLength by
/// its run lengths. LZW cannot be bounded without decoding it, and scanners do not write it: an LZW
/// stream is refused. The ASCII filters only shrink their input.
enum PDFStreamBound {
    /// Checks that the stream with `filters` and stored bytes `raw` decodes to at most `limit` bytes.
    static func check(filters: [String], raw: Data, limit: Int) throws(PageRefusal) {
        let expanding = filters.filter { !["/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"].contains($0) }
        guard !expanding.isEmpty else {
            if raw.count > limit { throw .tooLarge("a stream of \(raw.count) bytes; at most \(limit)", "um fluxo de \(raw.count) bytes; no máximo \(limit)") }
            return
        }
        guard expanding.count == 1, filters.count == 1 else {
            throw .unsupported("stream filters \(filters.joined(separator: " ")): only one compression filter is taken",
                               "filtros \(filters.joined(separator: " ")): só um filtro de compressão é aceito")
        }
        let decoded: Int
        switch expanding[0] {
        case "/FlateDecode", "/Fl": decoded = try inflatedSize(raw, limit: limit)
        case "/RunLengthDecode", "/RL": decoded = runLengthSize(raw, limit: limit)
        case "/LZWDecode", "/LZW": throw .unsupported("an LZW stream, whose decoded size cannot be bounded beforehand",
                                                          "um fluxo LZW, cujo tamanho decodificado não pode ser limitado de antemão")
        default: return  // CCITT, JBIG2, DCT, JPX: decoded by their own decoders at the image's size
        }
        if decoded > limit { throw .tooLarge("a stream that decodes past \(limit) bytes", "um fluxo que decodifica em mais de \(limit) bytes") }
    }

    /// The bytes `raw` inflates to, counting no further than just past `limit`.
    static func inflatedSize(_ raw: Data, limit: Int) throws(PageRefusal) -> Int {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .unreadable("zlib could not start", "o zlib não pôde iniciar")
        }
        defer { inflateEnd(&stream) }
        var sink = [UInt8](repeating: 0, count: 64 * 1024)
        var total = 0
        raw.withUnsafeBytes { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            while true {
                let result = sink.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                total += sink.count - Int(stream.avail_out)
                if total > limit || result == Z_STREAM_END { return }
                // Damaged data ends the count: qpdf reports the damage when it decodes.
                guard result == Z_OK, stream.avail_in > 0 || stream.avail_out == 0 else { return }
            }
        }
        return total
    }

    /// The bytes RunLength data decodes to, counting no further than just past `limit`.
    static func runLengthSize(_ raw: Data, limit: Int) -> Int {
        var total = 0
        var index = raw.startIndex
        while index < raw.endIndex, total <= limit {
            let length = Int(raw[index])
            if length == 128 { break }
            if length < 128 {
                total += length + 1
                index += length + 2
            } else {
                total += 257 - length
                index += 2
            }
        }
        return total
    }
}
