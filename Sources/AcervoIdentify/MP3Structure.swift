import AcervoCore

/// MP3: an optional ID3v2 tag, then MPEG audio frames walked by their headers, then optional APEv2 and
/// ID3v1 tags. A partial last frame is tolerated; a long run of bytes that are not frames is not.
enum MP3Structure {
    /// Consecutive valid frames needed to call the content MP3 (fewer only if the file ends first).
    static let framesRequired = 4
    /// How far past the ID3 tag the first frame may be looked for (encoders pad with zeros).
    static let syncSearchLimit = 4096
    /// Trailing bytes that are not frames, beyond which they are called appended data.
    static let trailingTolerance = 128

    /// Kilobits per second by [version is MPEG-1][layer index 1...3][bitrate index].
    private static let bitrates: [[[Int]]] = [
        [ // MPEG-2 and 2.5
            [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0],     // layer III
            [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0],     // layer II
            [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256, 0], // layer I
        ],
        [ // MPEG-1
            [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0],
            [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 0],
            [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448, 0],
        ],
    ]
    /// Samples per second by version bits (00 = 2.5, 10 = 2, 11 = 1) and rate index.
    private static let sampleRates: [[Int]] = [[11025, 12000, 8000], [], [22050, 24000, 16000], [44100, 48000, 32000]]

    /// The length of the frame whose header is at `at`, or `nil` when the four bytes are not a frame header.
    static func frameLength(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> Int? {
        guard at + 4 <= bytes.count, bytes[at] == 0xFF, bytes[at + 1] & 0xE0 == 0xE0 else { return nil }
        let version = Int(bytes[at + 1] >> 3) & 3
        let layer = Int(bytes[at + 1] >> 1) & 3
        let bitrateIndex = Int(bytes[at + 2] >> 4)
        let rateIndex = Int(bytes[at + 2] >> 2) & 3
        let padding = Int(bytes[at + 2] >> 1) & 1
        guard version != 1, layer != 0, bitrateIndex != 0, bitrateIndex != 15, rateIndex != 3,
              bytes[at + 3] & 3 != 2 else { return nil } // emphasis 2 is reserved
        let mpeg1 = version == 3
        let bitrate = bitrates[mpeg1 ? 1 : 0][layer - 1][bitrateIndex] * 1000
        let rate = sampleRates[version][rateIndex]
        switch layer {
        case 3: return (12 * bitrate / rate + padding) * 4
        case 1 where !mpeg1: return 72 * bitrate / rate + padding
        default: return 144 * bitrate / rate + padding
        }
    }

    /// The size of an ID3v2 tag at the start of `head` (header, footer included), or 0 without one.
    static func id3Length(_ head: UnsafeRawBufferPointer) -> Int64 {
        guard head.count >= 10, head.matches(Array(ascii: "ID3"), at: 0), head[3] != 0xFF, head[4] != 0xFF,
              (6..<10).allSatisfy({ head[$0] & 0x80 == 0 }) else { return 0 }
        let size = Int64(head[6]) << 21 | Int64(head[7]) << 14 | Int64(head[8]) << 7 | Int64(head[9])
        return 10 + size + (head[5] & 0x10 != 0 ? 10 : 0)
    }

    /// Where the first frame is, when `framesRequired` consecutive frames start there.
    static func firstFrame(_ reader: ContentReader) -> Int64? {
        let start = id3Length(reader.head)
        guard start < reader.size else { return nil }
        let span = Int(min(Int64(syncSearchLimit), reader.size - start))
        guard let region = reader.bytes(at: start, count: span) else { return nil }
        var candidates: [Int64] = []
        var i = 0
        while i + 4 <= region.count && candidates.count < 16 {
            if region[i] == 0xFF, frameLength(region, i) != nil { candidates.append(start + Int64(i)) }
            // Only zeros may precede the first frame without it being called junk.
            if region[i] != 0 && candidates.isEmpty && start == 0 && i > 0 { break }
            i += 1
        }
        for candidate in candidates where consecutiveFrames(reader, from: candidate) {
            return candidate
        }
        return nil
    }

    private static func consecutiveFrames(_ reader: ContentReader, from start: Int64) -> Bool {
        var position = start
        for _ in 0..<framesRequired {
            guard position + 4 <= reader.size else { return position > start }
            guard let header = reader.bytes(at: position, count: 4), let length = frameLength(header, 0) else {
                return false
            }
            position += Int64(length)
            if position >= reader.size { return true }
        }
        return true
    }

    static func inspect(_ reader: ContentReader, firstFrame: Int64) -> StructuralReport {
        var report = StructuralReport(format: .mp3, mime: "audio/mpeg",
                                      description: id3Length(reader.head) > 0 ? "Audio file with ID3 version 2, MPEG audio" : "MPEG audio")
        let audioEnd = trailingTagsStart(reader)
        let leading = firstFrame - id3Length(reader.head)
        if leading > 0, let gap = reader.bytes(at: firstFrame - leading, count: Int(leading)), gap.contains(where: { $0 != 0 }) {
            report.note(.appendedData, "\(leading) bytes before the first frame")
        }
        var position = firstFrame
        // Headers are read from window-sized chunks: one read per 256 KiB, not one per frame.
        while audioEnd - position >= 4 {
            let count = Int(min(Int64(ContentReader.windowCapacity), audioEnd - position))
            guard let chunk = reader.bytes(at: position, count: count) else { return report }
            var i = 0
            var stopped = false
            while i + 4 <= chunk.count {
                guard let length = frameLength(chunk, i) else { stopped = true; break }
                i += length
            }
            position += Int64(i)
            if stopped { break }
        }
        // Past the end means the last frame is partial: tolerated, as players do.
        let rest = max(0, audioEnd - position)
        if rest >= Int64(trailingTolerance) && !isZeros(reader, position, rest) {
            report.note(.appendedData, "\(rest) bytes that are not MPEG frames at offset \(position)")
        }
        return report
    }

    /// Where the APEv2 and ID3v1 tags at the end begin (the file size when there are none).
    private static func trailingTagsStart(_ reader: ContentReader) -> Int64 {
        var end = reader.size
        if end >= 128, let tag = reader.bytes(at: end - 128, count: 3), tag.matches(Array(ascii: "TAG"), at: 0) {
            end -= 128
        }
        if end >= 32, let footer = reader.bytes(at: end - 32, count: 32), footer.matches(Array(ascii: "APETAGEX"), at: 0) {
            let tagSize = Int64(footer.le32(12)) // items and footer, not the optional header
            let hasHeader = footer.le32(20) & 0x8000_0000 != 0
            let total = tagSize + (hasHeader ? 32 : 0)
            if total <= end { end -= total }
        }
        return end
    }

    private static func isZeros(_ reader: ContentReader, _ at: Int64, _ count: Int64) -> Bool {
        guard count <= Int64(ContentReader.windowCapacity), let bytes = reader.bytes(at: at, count: Int(count)) else {
            return false
        }
        return bytes.allSatisfy { $0 == 0 }
    }
}
