import AcervoCore
import CAcervoImaging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JPEG: markers from SOI through every scan to EOI, then libjpeg's reading of the header.
enum JPEGStructure {
    /// Whether the content starts like a JPEG (SOI followed by a marker).
    static func recognises(_ head: UnsafeRawBufferPointer) -> Bool {
        head.count >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF
    }

    /// Largest header (SOI through the first SOS) handed to libjpeg; bigger headers are only walked.
    static let probeLimit = 4 * 1024 * 1024

    static func inspect(_ reader: ContentReader) -> StructuralReport {
        var report = StructuralReport(format: .jpeg, mime: "image/jpeg", description: "JPEG image data")
        guard let end = walk(reader, from: 0, report: &report) else { return report }
        // Multi-picture files (MPF, e.g. phones' depth maps) store more JPEGs after the first EOI.
        var position = end
        var pictures = 1
        while position < reader.size, pictures < 16,
              let next = reader.bytes(at: position, count: min(3, Int(reader.size - position))),
              recognises(next) {
            guard let nextEnd = walk(reader, from: position, report: &report) else { return report }
            position = nextEnd
            pictures += 1
        }
        if position < reader.size, !isPadding(reader, from: position) {
            report.note(.appendedData, "\(reader.size - position) bytes after EOI at offset \(position)")
        }
        return report
    }

    /// Walks one JPEG from its SOI; returns the offset just past its EOI, or `nil` after noting why it stopped.
    private static func walk(_ reader: ContentReader, from start: Int64, report: inout StructuralReport) -> Int64? {
        let size = reader.size
        var position = start + 2
        var sawFrame = false
        var firstScanEnd: Int64?
        while true {
            guard let marker = nextMarker(reader, at: &position) else {
                report.note(.truncated, "ends at offset \(size) without EOI")
                return nil
            }
            switch marker {
            case 0xD9: // EOI
                if firstScanEnd == nil {
                    report.note(.corrupt, "EOI before any scan at offset \(position - 2)")
                    return nil
                }
                if start == 0 { probe(reader, headerEnd: firstScanEnd!, report: &report) }
                return position
            case 0xD0...0xD7, 0x01:
                continue // restart markers and TEM stand alone
            case 0x00:
                report.note(.corrupt, "no marker where one must be, at offset \(position)")
                return nil
            case 0xD8, 0xFF:
                report.note(.corrupt, "unexpected marker 0xFF\(hex(marker)) at offset \(position - 2)")
                return nil
            default:
                break
            }
            guard position + 2 <= size, let lengthBytes = reader.bytes(at: position, count: 2) else {
                report.note(.truncated, "segment 0xFF\(hex(marker)) cut at offset \(position)")
                return nil
            }
            let length = Int64(lengthBytes.be16(0))
            guard length >= 2 else {
                report.note(.corrupt, "segment 0xFF\(hex(marker)) with length \(length) at offset \(position)")
                return nil
            }
            guard position + length <= size else {
                report.note(.truncated, "segment 0xFF\(hex(marker)) runs past the end at offset \(position)")
                return nil
            }
            if (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC {
                sawFrame = true
            }
            position += length
            if marker == 0xDA { // SOS: entropy-coded data follows, up to the next real marker
                if !sawFrame {
                    report.note(.corrupt, "scan before any frame header at offset \(position - length - 2)")
                    return nil
                }
                if firstScanEnd == nil { firstScanEnd = position }
                guard let next = skipEntropyData(reader, from: position) else {
                    report.note(.truncated, "scan data runs to the end without EOI")
                    return nil
                }
                position = next
            }
        }
    }

    /// Reads the next marker at `position` (after optional fill bytes) and moves past it.
    private static func nextMarker(_ reader: ContentReader, at position: inout Int64) -> UInt8? {
        var fills = 0
        while position < reader.size, fills < 1024 {
            guard let pair = reader.bytes(at: position, count: min(2, Int(reader.size - position))),
                  pair.count == 2 else { return nil }
            guard pair[0] == 0xFF else { return 0x00 } // not a marker: the caller reports it
            if pair[1] == 0xFF { position += 1; fills += 1; continue }
            position += 2
            return pair[1]
        }
        return nil
    }

    /// The offset of the first marker after entropy-coded data (not a stuffed 0xFF00 nor a restart marker).
    private static func skipEntropyData(_ reader: ContentReader, from start: Int64) -> Int64? {
        var found: Int64?
        reader.forEachChunk(in: start..<reader.size, overlap: 1) { chunk, offset in
            guard let base = chunk.baseAddress else { return false }
            var i = 0
            let last = chunk.count - 1
            while i < last {
                guard let hit = memchr(base + i, 0xFF, last - i) else { break }
                i = base.distance(to: UnsafeRawPointer(hit))
                let next = chunk[i + 1]
                if next != 0x00 && next != 0xFF && !(0xD0...0xD7).contains(next) {
                    found = offset + Int64(i)
                    return false
                }
                i += 1
            }
            return true
        }
        return found
    }

    /// Whether what follows EOI is only zero or 0xFF padding, as some encoders write.
    private static func isPadding(_ reader: ContentReader, from start: Int64) -> Bool {
        guard reader.size - start <= 4096, let rest = reader.bytes(at: start, count: Int(reader.size - start)) else {
            return false
        }
        return rest.allSatisfy { $0 == 0x00 || $0 == 0xFF }
    }

    /// Lets libjpeg read the header: what it refuses, the decoder would refuse too.
    private static func probe(_ reader: ContentReader, headerEnd: Int64, report: inout StructuralReport) {
        guard headerEnd <= Int64(probeLimit), let header = reader.copy(at: 0, count: Int(headerEnd)) else { return }
        var info = CAcervoImaging_image_info()
        var message = [CChar](repeating: 0, count: 256)
        let status = header.withUnsafeBufferPointer { bytes in
            CAcervoImaging_jpeg_probe(bytes.baseAddress, bytes.count, &info, &message, message.count)
        }
        if status != Int32(CAcervoImaging_probe_ok) {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            report.note(.corrupt, "libjpeg: \(text)")
        } else if info.width == 0 || info.height == 0 {
            report.note(.corrupt, "libjpeg: image of \(info.width)x\(info.height) pixels")
        } else {
            report.description = "JPEG image data, \(info.progressive != 0 ? "progressive" : "baseline"), precision \(info.bit_depth), \(info.width)x\(info.height), components \(info.components)"
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
