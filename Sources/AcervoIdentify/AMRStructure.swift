import AcervoCore

/// AMR and AMR-WB storage format (RFC 4867): the magic line, then frames sized by their frame type.
enum AMRStructure {
    private static let narrowMagic = Array(ascii: "#!AMR\n")
    private static let wideMagic = Array(ascii: "#!AMR-WB\n")
    /// Speech bytes after the one-byte header, by frame type; -1 for reserved types.
    private static let narrowSizes = [12, 13, 15, 17, 19, 20, 26, 31, 5, -1, -1, -1, -1, -1, -1, 0]
    private static let wideSizes = [17, 23, 32, 36, 40, 46, 50, 58, 60, 5, -1, -1, -1, -1, 0, 0]

    static func recognises(_ head: UnsafeRawBufferPointer) -> Bool {
        head.matches(narrowMagic, at: 0) || head.matches(wideMagic, at: 0)
    }

    static func inspect(_ reader: ContentReader) -> StructuralReport {
        let wide = reader.head.matches(wideMagic, at: 0)
        var report = StructuralReport(format: .amr, mime: wide ? "audio/amr-wb" : "audio/amr",
                                      description: wide ? "Adaptive Multi-Rate Codec, wideband" : "Adaptive Multi-Rate Codec")
        let sizes = wide ? wideSizes : narrowSizes
        var position = Int64(wide ? wideMagic.count : narrowMagic.count)
        var frames = 0
        // Frames are tiny: walk them inside window-sized reads.
        while position < reader.size {
            let count = Int(min(Int64(ContentReader.windowCapacity), reader.size - position))
            guard let chunk = reader.bytes(at: position, count: count) else { return report }
            var i = 0
            while i < chunk.count {
                let header = chunk[i]
                let frameType = Int(header >> 3) & 0x0F
                let length = sizes[frameType]
                guard header & 0x83 == 0, length >= 0 else {
                    let at = position + Int64(i)
                    if frames == 0 {
                        report.note(.corrupt, "invalid frame header at offset \(at)")
                    } else {
                        report.note(.appendedData, "\(reader.size - at) bytes after the last frame at offset \(at)")
                    }
                    return report
                }
                if position + Int64(i + 1 + length) > reader.size {
                    // A recorder stopped mid-frame: the audio is whole up to here, but the file is cut.
                    report.note(.truncated, "last frame cut at offset \(position + Int64(i))")
                    return report
                }
                if i + 1 + length > chunk.count { break }
                i += 1 + length
                frames += 1
            }
            position += Int64(i)
        }
        return report
    }
}
