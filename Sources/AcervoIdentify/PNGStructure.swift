import AcervoCore
import CAcervoImaging
import CZlib

/// PNG: the signature, every chunk's length and CRC-32, IHDR first and IEND last, then libpng's reading
/// of the header.
enum PNGStructure {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// Widest and tallest image libpng may accept while probing; the imaging stage applies its own pixel limit.
    static let dimensionLimit: UInt32 = 65_535
    /// Most chunks walked before the file is called corrupt.
    static let chunkLimit = 1_000_000

    static func recognises(_ head: UnsafeRawBufferPointer) -> Bool {
        head.matches(signature, at: 0)
    }

    static func inspect(_ reader: ContentReader) -> StructuralReport {
        var report = StructuralReport(format: .png, mime: "image/png", description: "PNG image data")
        let size = reader.size
        var position: Int64 = 8
        var chunks = 0
        var firstIDAT: Int64?
        while true {
            guard position + 12 <= size, let header = reader.bytes(at: position, count: 8) else {
                report.note(.truncated, "ends at offset \(size) without IEND")
                return report
            }
            let length = Int64(header.be32(0))
            let type = header.be32(4)
            let name = String(decoding: [header[4], header[5], header[6], header[7]], as: UTF8.self)
            guard length <= 0x7FFF_FFFF, (4..<8).allSatisfy({ isLetter(header[$0]) }) else {
                report.note(.corrupt, "invalid chunk header at offset \(position)")
                return report
            }
            if chunks == 0 && name != "IHDR" {
                report.note(.corrupt, "first chunk is \(name), not IHDR")
                return report
            }
            guard position + 12 + length <= size else {
                report.note(.truncated, "chunk \(name) at offset \(position) runs past the end")
                return report
            }
            guard let stored = reader.bytes(at: position + 8 + length, count: 4)?.be32(0) else { return report }
            // The CRC covers the type and the data; computed in window-sized steps.
            var crc = crc32(0, nil, 0)
            reader.forEachChunk(in: (position + 4)..<(position + 8 + length)) { bytes, _ in
                crc = crc32(crc, bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(bytes.count))
                return true
            }
            if UInt32(truncatingIfNeeded: crc) != stored {
                report.note(.corrupt, "CRC mismatch in chunk \(name) at offset \(position)")
            }
            if name == "IDAT" && firstIDAT == nil { firstIDAT = position }
            position += 12 + length
            chunks += 1
            if type == 0x4945_4E44 { break } // IEND
            if chunks >= chunkLimit {
                report.note(.corrupt, "more than \(chunkLimit) chunks")
                return report
            }
        }
        if firstIDAT == nil { report.note(.corrupt, "no IDAT chunk") }
        if position < size {
            report.note(.appendedData, "\(size - position) bytes after IEND at offset \(position)")
        }
        if let firstIDAT { probe(reader, through: firstIDAT + 8, report: &report) }
        return report
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }

    /// Lets libpng read the signature and the chunks before the first IDAT: IHDR values it refuses
    /// (bit depth, colour type, dimensions) make the file corrupt for the decoder too.
    private static func probe(_ reader: ContentReader, through end: Int64, report: inout StructuralReport) {
        guard end <= 4 * 1024 * 1024, let header = reader.copy(at: 0, count: Int(end)) else { return }
        var info = CAcervoImaging_image_info()
        var message = [CChar](repeating: 0, count: 256)
        let status = header.withUnsafeBufferPointer { bytes in
            CAcervoImaging_png_probe(bytes.baseAddress, bytes.count, dimensionLimit, dimensionLimit, &info,
                                   &message, message.count)
        }
        if status != Int32(CAcervoImaging_probe_ok) {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            report.note(.corrupt, "libpng: \(text)")
        } else {
            report.description = "PNG image data, \(info.width) x \(info.height), \(info.bit_depth)-bit, colour type \(info.color_space)\(info.progressive != 0 ? ", interlaced" : "")"
        }
    }
}
