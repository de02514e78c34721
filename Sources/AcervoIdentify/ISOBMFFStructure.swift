import AcervoCore
import Foundation

/// ISO base media files (MP4, MOV, 3GP, M4A, HEIC/HEIF): the top-level boxes, and the `ftyp` brands
/// that say which member of the family the file is.
enum ISOBMFFStructure {
    /// Most top-level boxes walked.
    static let boxLimit = 100_000
    private static let heifBrands: Set<String> = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]
    private static let audioBrands: Set<String> = ["M4A ", "M4B ", "M4P "]
    /// Box types a QuickTime file without `ftyp` may start with.
    private static let quickTimeLeaders: Set<String> = ["moov", "mdat", "wide", "free", "skip", "pnot"]

    /// Whether the head starts with an `ftyp` box, or (for old QuickTime files) with a known movie box.
    static func recognises(_ head: UnsafeRawBufferPointer, magicMIME: String) -> Bool {
        guard head.count >= 12 else { return false }
        let type = fourCC(head, 4)
        if type == "ftyp" { return head.be32(0) >= 12 }
        return quickTimeLeaders.contains(type) && magicMIME == "video/quicktime"
    }

    static func inspect(_ reader: ContentReader) -> StructuralReport {
        let head = reader.head
        var brands: [String] = []
        if fourCC(head, 4) == "ftyp" {
            let length = min(Int(head.be32(0)), head.count)
            brands.append(fourCC(head, 8))
            var p = 16
            while p + 4 <= length && brands.count < 64 {
                brands.append(fourCC(head, p))
                p += 4
            }
        } else {
            brands = ["qt  "]
        }
        var report = classify(brands)
        report.description = "ISO Media, brands \(brands.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))"
        let size = reader.size
        var position: Int64 = 0
        var seen: Set<String> = []
        var boxes = 0
        var moov: (offset: Int64, length: Int64)?
        while position < size {
            guard size - position >= 8, let header = reader.bytes(at: position, count: min(16, Int(size - position))) else {
                report.note(.truncated, "box header cut at offset \(position)")
                break
            }
            let type = fourCC(header, 4)
            guard isBoxType(header, 4) else {
                report.note(.appendedData, "\(size - position) bytes after the last box at offset \(position)")
                break
            }
            var length = Int64(header.be32(0))
            if length == 1 {
                guard header.count >= 16 else {
                    report.note(.truncated, "box \(type) cut at offset \(position)")
                    break
                }
                length = Int64(truncatingIfNeeded: header.be64(8))
                if length < 16 { report.note(.corrupt, "box \(type) of \(length) bytes at offset \(position)"); break }
            } else if length == 0 {
                length = size - position
            } else if length < 8 {
                report.note(.corrupt, "box \(type) of \(length) bytes at offset \(position)")
                break
            }
            seen.insert(type)
            if type == "moov" && length <= size - position { moov = (position, length) }
            guard length <= size - position else {
                report.note(.truncated, "box \(type) at offset \(position) runs \(length - (size - position)) bytes past the end")
                break
            }
            position += length
            boxes += 1
            if boxes >= boxLimit {
                report.note(.corrupt, "more than \(boxLimit) top-level boxes")
                break
            }
        }
        // An MP4 whose tracks are all sound is audio (an .m4a saved with a generic brand).
        if report.format == .mp4, let moov, let handlers = trackHandlers(reader, moov: moov),
           handlers.contains("soun"), !handlers.contains("vide") {
            report.format = .m4a
            report.mime = "audio/mp4"
        }
        if report.format == .heic {
            if !seen.contains("meta") { report.note(.corrupt, "no meta box") }
        } else if !(seen.contains("moov") && (seen.contains("mdat") || seen.contains("moof"))) {
            let missing = ["moov", "mdat"].filter { !seen.contains($0) }.joined(separator: ", ")
            if !report.findings.contains(where: { $0.code == .truncated }) {
                report.note(.corrupt, "no \(missing) box")
            }
        }
        return report
    }

    /// Largest `moov` read to look at its tracks' handlers.
    static let movieHeaderLimit: Int64 = 4 * 1024 * 1024

    /// The handler types of the tracks in `moov` (`vide`, `soun`, ...), found through their `hdlr` boxes.
    private static func trackHandlers(_ reader: ContentReader, moov: (offset: Int64, length: Int64)) -> Set<String>? {
        guard moov.length <= movieHeaderLimit, let bytes = reader.copy(at: moov.offset, count: Int(moov.length)) else {
            return nil
        }
        return bytes.withUnsafeBytes { box -> Set<String> in
            var handlers: Set<String> = []
            var from = 8
            let hdlr = Array(ascii: "hdlr")
            // hdlr: size, type, version and flags, pre_defined, then the handler type.
            while let at = box.firstIndex(of: hdlr, from: from), at + 16 <= box.count {
                handlers.insert(fourCC(box, at + 12))
                from = at + 4
            }
            return handlers
        }
    }

    /// Reads the brands: HEIF first (an image is never a video), then the major brand, then the compatible ones.
    private static func classify(_ brands: [String]) -> StructuralReport {
        let major = brands.first ?? ""
        if let heif = brands.first(where: { heifBrands.contains($0) }) {
            let mime: String
            switch heif {
            case "heic", "heix", "heim", "heis": mime = "image/heic"
            case "hevc", "hevx": mime = "image/heic-sequence"
            case "msf1": mime = "image/heif-sequence"
            default: mime = brands.contains(where: { ["heic", "heix"].contains($0) }) ? "image/heic" : "image/heif"
            }
            return StructuralReport(format: .heic, mime: mime)
        }
        if major == "qt  " { return StructuralReport(format: .mov, mime: "video/quicktime") }
        if major.hasPrefix("3g2") { return StructuralReport(format: .threeGP, mime: "video/3gpp2") }
        if major.hasPrefix("3gp") || major.hasPrefix("3ge") || major.hasPrefix("3gg") {
            return StructuralReport(format: .threeGP, mime: "video/3gpp")
        }
        if audioBrands.contains(major) { return StructuralReport(format: .m4a, mime: "audio/mp4") }
        if brands.contains("qt  ") && !brands.contains("isom") { return StructuralReport(format: .mov, mime: "video/quicktime") }
        if brands.contains(where: { audioBrands.contains($0) }) && !brands.contains(where: { $0.hasPrefix("avc") || $0 == "M4V " }) {
            return StructuralReport(format: .m4a, mime: "audio/mp4")
        }
        if brands.contains(where: { $0.hasPrefix("3gp") }) { return StructuralReport(format: .threeGP, mime: "video/3gpp") }
        return StructuralReport(format: .mp4, mime: "video/mp4")
    }

    static func fourCC(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> String {
        String(decoding: [bytes.byte(at), bytes.byte(at + 1), bytes.byte(at + 2), bytes.byte(at + 3)], as: UTF8.self)
    }

    /// Box types are four printable ASCII characters (QuickTime allows `©` in user data, never at top level).
    private static func isBoxType(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> Bool {
        (at..<(at + 4)).allSatisfy { (0x20...0x7E).contains(bytes.byte($0)) }
    }
}
