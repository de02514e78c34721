import AcervoCore

/// WebM and Matroska: the EBML header with its DocType, then the Segment's size against the file's.
enum EBMLStructure {
    private static let ebmlID: [UInt8] = [0x1A, 0x45, 0xDF, 0xA3]
    private static let segmentID: UInt32 = 0x1853_8067

    static func recognises(_ head: UnsafeRawBufferPointer) -> Bool {
        head.matches(ebmlID, at: 0)
    }

    /// A variable-length integer at `at`: its value (marker bit removed), its length, and whether it is "unknown".
    static func vint(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> (value: UInt64, length: Int, unknown: Bool)? {
        let first = bytes.byte(at)
        guard first != 0, at < bytes.count else { return nil }
        let length = first.leadingZeroBitCount + 1
        guard at + length <= bytes.count else { return nil }
        var value = UInt64(first & (0xFF >> length))
        var allOnes = value == UInt64(0xFF >> length)
        for k in 1..<length {
            let b = bytes[at + k]
            value = value << 8 | UInt64(b)
            allOnes = allOnes && b == 0xFF
        }
        return (value, length, allOnes)
    }

    /// An element ID at `at` (kept with its marker bits, as IDs are written).
    static func elementID(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> (id: UInt32, length: Int)? {
        let first = bytes.byte(at)
        guard first != 0 else { return nil }
        let length = first.leadingZeroBitCount + 1
        guard length <= 4, at + length <= bytes.count else { return nil }
        var id: UInt32 = 0
        for k in 0..<length { id = id << 8 | UInt32(bytes[at + k]) }
        return (id, length)
    }

    static func inspect(_ reader: ContentReader) -> StructuralReport {
        var report = StructuralReport(format: .matroska, mime: "video/x-matroska", description: "Matroska data")
        let head = reader.head
        guard let headerSize = vint(head, 4) else {
            report.note(.corrupt, "EBML header size unreadable")
            return report
        }
        let bodyStart = 4 + headerSize.length
        let bodyEnd = bodyStart + Int(min(headerSize.value, UInt64(head.count)))
        guard bodyEnd <= head.count else {
            report.note(reader.size <= Int64(head.count) ? .truncated : .corrupt, "EBML header runs past its bytes")
            return report
        }
        var p = bodyStart
        var docType = ""
        while p < bodyEnd, let id = elementID(head, p), let size = vint(head, p + id.length) {
            let dataStart = p + id.length + size.length
            let dataEnd = dataStart + Int(min(size.value, UInt64(bodyEnd)))
            guard dataEnd <= bodyEnd else { break }
            if id.id == 0x4282 {
                docType = String(decoding: UnsafeRawBufferPointer(rebasing: head[dataStart..<dataEnd]), as: UTF8.self)
                    .trimmingCharacters(in: ["\0"])
            }
            p = dataEnd
        }
        switch docType {
        case "webm": report.format = .webm; report.mime = "video/webm"; report.description = "WebM"
        case "matroska": break
        default: report.note(.corrupt, "DocType '\(docType)'")
        }
        // The Segment follows the header: its size must match what the file holds.
        guard let segmentHeader = reader.bytes(at: Int64(bodyEnd), count: min(12, Int(reader.size - Int64(bodyEnd)))),
              let id = elementID(segmentHeader, 0), id.id == segmentID,
              let size = vint(segmentHeader, id.length) else {
            report.note(reader.size <= Int64(bodyEnd) + 12 ? .truncated : .corrupt, "no Segment after the EBML header")
            return report
        }
        if !size.unknown {
            let segmentStart = Int64(bodyEnd) + Int64(id.length + size.length)
            let available = UInt64(max(0, reader.size - segmentStart))
            if size.value > available {
                report.note(.truncated, "Segment of \(size.value) bytes, \(available) present")
            } else if size.value < available {
                report.note(.appendedData, "\(available - size.value) bytes after the Segment")
            }
        }
        return report
    }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(self.filter { !set.contains($0) })
    }
}
