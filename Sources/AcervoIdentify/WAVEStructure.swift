import AcervoCore

/// RIFF/WAVE: the RIFF size against the file size, and a walk of the chunks, which must include `fmt ` and `data`.
enum WAVEStructure {
    static let chunkLimit = 10_000

    static func recognises(_ head: UnsafeRawBufferPointer) -> Bool {
        head.matches(Array(ascii: "RIFF"), at: 0) && head.matches(Array(ascii: "WAVE"), at: 8)
    }

    static func inspect(_ reader: ContentReader) -> StructuralReport {
        var report = StructuralReport(format: .wav, mime: "audio/wav", description: "RIFF (little-endian) data, WAVE audio")
        let size = reader.size
        let declared = Int64(reader.head.le32(4)) + 8
        var end = declared
        if declared > size {
            report.note(.truncated, "RIFF says \(declared) bytes, the file has \(size)")
            end = size
        } else if declared < size {
            // One pad byte after an odd RIFF size is common and harmless.
            if !(size - declared == 1 && reader.bytes(at: declared, count: 1)?[0] == 0) {
                report.note(.appendedData, "\(size - declared) bytes after the RIFF chunk")
            }
        }
        var position: Int64 = 12
        var seen: Set<String> = []
        var chunks = 0
        while position + 8 <= end, chunks < chunkLimit {
            guard let header = reader.bytes(at: position, count: 8) else { break }
            let id = ISOBMFFStructure.fourCC(header, 0)
            let length = Int64(header.le32(4))
            seen.insert(id)
            chunks += 1
            if position + 8 + length > end {
                // A streaming writer may leave the data size unset (0 or 0xFFFFFFFF) in the last chunk.
                if !(id == "data" && (length == 0 || length == 0xFFFF_FFFF)) && declared <= size {
                    report.note(.corrupt, "chunk \(id) at offset \(position) runs past the RIFF end")
                }
                break
            }
            position += 8 + length + (length & 1)
        }
        for required in ["fmt ", "data"] where !seen.contains(required) {
            report.note(report.findings.contains { $0.code == .truncated } ? .truncated : .corrupt, "no \(required) chunk")
        }
        return report
    }
}
