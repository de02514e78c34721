import AcervoCore

/// Ogg: every page's header, segment table and CRC, and the first packet that names the codec.
enum OggStructure {
    private static let capture: [UInt8] = [0x4F, 0x67, 0x67, 0x53] // OggS
    /// Most pages walked; a voice note has hundreds, an hour of audio some tens of thousands.
    static let pageLimit = 2_000_000

    static func recognises(_ head: UnsafeRawBufferPointer) -> Bool {
        head.matches(capture, at: 0)
    }

    /// Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, initial value 0, no final XOR.
    static let crcTable: [UInt32] = (0..<256).map { index -> UInt32 in
        var r = UInt32(index) << 24
        for _ in 0..<8 { r = r & 0x8000_0000 != 0 ? (r << 1) ^ 0x04C1_1DB7 : r << 1 }
        return r
    }

    static func crc(_ bytes: UnsafeRawBufferPointer, start: UInt32 = 0) -> UInt32 {
        var crc = start
        crcTable.withUnsafeBufferPointer { table in
            for b in bytes { crc = (crc << 8) ^ table[Int(((crc >> 24) ^ UInt32(b)) & 0xFF)] }
        }
        return crc
    }

    static func inspect(_ reader: ContentReader) -> StructuralReport {
        var report = StructuralReport(format: .oggOther, mime: "audio/ogg")
        let size = reader.size
        var position: Int64 = 0
        var pages = 0
        var sawEnd = false
        while position < size {
            let available = Int(min(27, size - position))
            guard let header = reader.bytes(at: position, count: available) else { return report }
            guard header.matches(capture.prefix(min(4, available)), at: 0) else {
                report.note(.appendedData, "\(size - position) bytes after the last page at offset \(position)")
                return report
            }
            guard available == 27 else {
                report.note(.truncated, "page header cut at offset \(position)")
                return report
            }
            guard header[4] == 0 else {
                report.note(.corrupt, "page version \(header[4]) at offset \(position)")
                return report
            }
            let flags = header[5]
            let stored = header.le32(22)
            let segments = Int(header[26])
            guard size - position >= Int64(27 + segments),
                  let table = reader.bytes(at: position + 27, count: segments) else {
                report.note(.truncated, "segment table cut at offset \(position)")
                return report
            }
            let bodyLength = table.reduce(0) { $0 + Int($1) }
            let pageLength = 27 + segments + bodyLength
            guard Int64(pageLength) <= size - position, let page = reader.bytes(at: position, count: pageLength) else {
                report.note(.truncated, "page at offset \(position) runs past the end")
                return report
            }
            // The CRC is computed with its own field zeroed.
            var sum = crc(UnsafeRawBufferPointer(rebasing: page[0..<22]))
            for _ in 0..<4 { sum = (sum << 8) ^ crcTable[Int((sum >> 24) & 0xFF)] }
            sum = crc(UnsafeRawBufferPointer(rebasing: page[26..<pageLength]), start: sum)
            if sum != stored {
                report.note(.corrupt, "CRC mismatch in the page at offset \(position)")
            }
            if pages == 0 {
                let packet = UnsafeRawBufferPointer(rebasing: page[(27 + segments)..<pageLength])
                if packet.matches(Array(ascii: "OpusHead"), at: 0) {
                    report.format = .oggOpus
                } else if packet.matches([0x01] + Array(ascii: "vorbis"), at: 0) {
                    report.format = .oggVorbis
                } else if packet.matches([0x80] + Array(ascii: "theora"), at: 0) {
                    report.mime = "video/ogg"
                }
            }
            if pages == 0 {
                let codec = report.format == .oggOpus ? "Opus" : report.format == .oggVorbis ? "Vorbis" : report.mime == "video/ogg" ? "Theora" : "unknown codec"
                report.description = "Ogg data, \(codec)"
            }
            if flags & 0x04 != 0 { sawEnd = true }
            position += Int64(pageLength)
            pages += 1
            if pages >= pageLimit {
                report.note(.corrupt, "more than \(pageLimit) pages")
                return report
            }
        }
        if !sawEnd { report.note(.truncated, "no end-of-stream page") }
        return report
    }
}
