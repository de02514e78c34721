import AcervoCore
import Foundation

/// ZIP and the formats built on it: the end-of-central-directory record, the central directory, each
/// entry's local header, what lies outside them, and what the entry names say the archive is
/// (OOXML, ODF, EPUB, JAR/APK, macros).
enum ZIPStructure {
    private static let localSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    private static let centralSignature: UInt32 = 0x0201_4B50
    private static let endSignature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let zip64EndSignature: UInt32 = 0x0606_4B50
    /// Most entries read from a central directory; more is a zip bomb or junk either way.
    static let entryLimit = 65_536
    /// Largest central directory read.
    static let centralDirectoryLimit = 16 * 1024 * 1024
    /// Most local headers checked one by one (each costs a read when outside the head).
    static let localHeaderChecks = 512

    /// Whether the content starts with a local file header or an empty archive's end record.
    static func recognises(_ head: UnsafeRawBufferPointer) -> Bool {
        head.matches(localSignature, at: 0) || head.matches(endSignature, at: 0)
    }

    /// One central directory entry, as far as identification needs it.
    struct Entry {
        var name: String
        var method: UInt16
        var flags: UInt16
        var compressedSize: Int64
        /// What the directory says the entry inflates to; a bomb may lie, see `ZIPExpansion`.
        var uncompressedSize: Int64
        var localOffset: Int64
    }

    /// Finds the end-of-central-directory record in the last 64 KiB + 22 bytes; `nil` when there is none.
    static func locateEnd(_ reader: ContentReader) -> Int64? {
        let span = Int(min(reader.size, 65_535 + 22))
        guard span >= 22, let tail = reader.bytes(at: reader.size - Int64(span), count: span) else { return nil }
        // The last record whose comment fits wins; failing that, the last one at all (its comment is cut).
        var to = tail.count
        var fallback: Int?
        while let hit = tail.lastIndex(of: endSignature, to: to) {
            if hit + 22 <= tail.count {
                if hit + 22 + Int(tail.le16(hit + 20)) <= tail.count {
                    return reader.size - Int64(span) + Int64(hit)
                }
                fallback = fallback ?? hit
            }
            to = hit + 3
        }
        if let fallback { return reader.size - Int64(span) + Int64(fallback) }
        return nil
    }

    /// Walks the archive. `magicMIME` is asked only when the directory cannot be read, to let libmagic's
    /// look at the first entries still name the family.
    static func inspect(_ reader: ContentReader, magicMIME: () -> String) -> StructuralReport {
        var report = walk(reader, magicMIME: magicMIME)
        report.description = describe(report)
        return report
    }

    private static func walk(_ reader: ContentReader, magicMIME: () -> String) -> StructuralReport {
        var report = StructuralReport(format: .archive, mime: "application/zip")
        guard let end = locateEnd(reader), let record = reader.bytes(at: end, count: 22) else {
            report.note(.truncated, "no end-of-central-directory record: the archive is cut")
            return classifyByMagic(magicMIME(), into: &report)
        }
        var entryCount = Int64(record.le16(10))
        var directorySize = Int64(record.le32(12))
        var directoryOffset = Int64(record.le32(16))
        let commentLength = Int64(record.le16(20))
        var endOfArchive = end + 22 + commentLength
        if endOfArchive > reader.size {
            report.note(.truncated, "the archive comment runs past the end")
            endOfArchive = reader.size
        }
        // A ZIP64 end record sits between the directory and this record whenever its locator does
        // (PyTorch writes one even for small archives); its values win when ours are saturated.
        var directoryEnd = end
        if end >= 20 + 56, let locator = reader.bytes(at: end - 20, count: 20), locator.le32(0) == zip64LocatorSignature {
            let recorded = Int64(truncatingIfNeeded: locator.le64(8))
            for candidate in [recorded, end - 20 - 56] where candidate >= 0 && candidate + 56 <= end - 20 {
                guard let record64 = reader.bytes(at: candidate, count: 56), record64.le32(0) == zip64EndSignature else {
                    continue
                }
                if entryCount == 0xFFFF { entryCount = Int64(truncatingIfNeeded: record64.le64(32)) }
                if directorySize == 0xFFFF_FFFF { directorySize = Int64(truncatingIfNeeded: record64.le64(40)) }
                if directoryOffset == 0xFFFF_FFFF { directoryOffset = Int64(truncatingIfNeeded: record64.le64(48)) }
                directoryEnd = candidate
                break
            }
        }
        guard entryCount >= 0, entryCount <= Int64(entryLimit), directorySize >= 0,
              directorySize <= Int64(centralDirectoryLimit), directorySize <= directoryEnd else {
            report.note(.corrupt, "implausible central directory (\(entryCount) entries, \(directorySize) bytes)")
            return report
        }
        // Where the directory really starts: any difference from the recorded offset is a prefix
        // (a self-extractor stub, or the image of a polyglot).
        let directoryStart = directoryEnd - directorySize
        let shift = directoryStart - directoryOffset
        guard shift >= 0 else {
            report.note(.corrupt, "central directory offset \(directoryOffset) past its real position")
            return report
        }
        guard let directory = reader.copy(at: directoryStart, count: Int(directorySize)) else {
            report.note(.corrupt, "central directory unreadable")
            return report
        }
        var entries: [Entry] = []
        var problem: String?
        directory.withUnsafeBytes { cd in
            var p = 0
            while entries.count < Int(entryCount) {
                guard p + 46 <= cd.count, cd.le32(p) == centralSignature else {
                    problem = "central directory entry \(entries.count) is broken"
                    return
                }
                let nameLength = Int(cd.le16(p + 28))
                let extraLength = Int(cd.le16(p + 30))
                let commentLength = Int(cd.le16(p + 32))
                guard p + 46 + nameLength + extraLength + commentLength <= cd.count else {
                    problem = "central directory entry \(entries.count) runs past the directory"
                    return
                }
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: cd[(p + 46)..<(p + 46 + nameLength)]),
                                  as: UTF8.self)
                var compressed = Int64(cd.le32(p + 20))
                var uncompressed = Int64(cd.le32(p + 24))
                var local = Int64(cd.le32(p + 42))
                if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
                    zip64Sizes(UnsafeRawBufferPointer(rebasing: cd[(p + 46 + nameLength)..<(p + 46 + nameLength + extraLength)]),
                               uncompressed: &uncompressed, compressed: &compressed, local: &local)
                }
                entries.append(Entry(name: name, method: cd.le16(p + 10), flags: cd.le16(p + 8),
                                     compressedSize: compressed, uncompressedSize: uncompressed, localOffset: local))
                p += 46 + nameLength + extraLength + commentLength
            }
        }
        if let problem {
            report.note(.corrupt, problem)
            return classifyByMagic(magicMIME(), into: &report)
        }
        // Every local header must be where the directory says, with its data before the directory.
        var firstLocal = directoryStart
        for (index, entry) in entries.enumerated() {
            let offset = entry.localOffset + shift
            firstLocal = min(firstLocal, offset)
            guard index < localHeaderChecks else { continue }
            guard let local = reader.bytes(at: offset, count: 30), local.matches(localSignature, at: 0) else {
                report.note(.corrupt, "no local header for \(entry.name) at offset \(offset)")
                break
            }
            let dataEnd = offset + 30 + Int64(local.le16(26)) + Int64(local.le16(28)) + entry.compressedSize
            if dataEnd > directoryStart {
                report.note(.corrupt, "data of \(entry.name) overlaps the central directory")
                break
            }
        }
        if firstLocal > 0 {
            report.note(.appendedData, "\(firstLocal) bytes before the first entry")
        }
        if endOfArchive < reader.size {
            report.note(.appendedData, "\(reader.size - endOfArchive) bytes after the end of the archive")
        }
        if entries.contains(where: { $0.flags & 1 != 0 }) {
            report.note(.encrypted, "encrypted entries")
        }
        if let excess = ZIPExpansion.excess(of: entries, reader: reader, shift: shift) {
            report.note(.excessiveExpansion, excess)
        }
        classify(entries, reader: reader, shift: shift, into: &report)
        return report
    }

    /// Reads 64-bit sizes from a ZIP64 extra field.
    private static func zip64Sizes(_ extra: UnsafeRawBufferPointer, uncompressed: inout Int64,
                                   compressed: inout Int64, local: inout Int64) {
        var p = 0
        while p + 4 <= extra.count {
            let id = extra.le16(p)
            let length = Int(extra.le16(p + 2))
            if id == 0x0001 {
                var q = p + 4
                if uncompressed == 0xFFFF_FFFF, q + 8 <= p + 4 + length {
                    uncompressed = Int64(truncatingIfNeeded: extra.le64(q)); q += 8
                }
                if compressed == 0xFFFF_FFFF, q + 8 <= p + 4 + length {
                    compressed = Int64(truncatingIfNeeded: extra.le64(q)); q += 8
                }
                if local == 0xFFFF_FFFF, q + 8 <= p + 4 + length {
                    local = Int64(truncatingIfNeeded: extra.le64(q))
                }
                return
            }
            p += 4 + length
        }
    }

    /// Decides what the archive is from its entry names (and a few small stored entries).
    private static func classify(_ entries: [Entry], reader: ContentReader, shift: Int64, into report: inout StructuralReport) {
        let names = entries.map(\.name)
        let lower = names.map { $0.lowercased() }
        let hasVBA = lower.contains { $0.hasSuffix("vbaproject.bin") }
        if lower.contains(where: { $0 == "meta-inf/manifest.mf" || $0 == "classes.dex" || $0.hasSuffix(".class") })
            && !names.contains("mimetype") {
            report.format = .executable
            report.mime = names.contains("classes.dex") || names.contains("AndroidManifest.xml")
                ? "application/vnd.android.package-archive" : "application/java-archive"
            return
        }
        if names.contains("[Content_Types].xml") {
            var family: (FileFormat, String)?
            if names.contains(where: { $0.hasPrefix("word/") }) {
                family = (.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            } else if names.contains(where: { $0.hasPrefix("xl/") }) {
                family = (.xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            } else if names.contains(where: { $0.hasPrefix("ppt/") }) {
                family = (.pptx, "application/vnd.openxmlformats-officedocument.presentationml.presentation")
            }
            if let family {
                report.format = family.0
                report.mime = family.1
                var macroEnabled = false
                if let types = entries.first(where: { $0.name == "[Content_Types].xml" }),
                   let text = entryText(types, reader: reader, shift: shift) {
                    macroEnabled = text.containsIgnoringCase("macroEnabled")
                }
                if hasVBA || macroEnabled {
                    report.format = .officeMacro
                    report.mime = macroMIME(family.0)
                    report.note(.macros, hasVBA ? "vbaProject.bin" : "macro-enabled content type")
                }
                return
            }
        }
        if let first = entries.first, first.name == "mimetype",
           let declared = entryText(first, reader: reader, shift: shift, limit: 128) {
            let mimetype = String(decoding: declared, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if let format = odfFormats[mimetype] {
                report.format = format
                report.mime = mimetype
                if let macro = names.first(where: { $0.hasPrefix("Basic/") || $0.hasPrefix("Scripts/") }) {
                    report.format = .officeMacro
                    report.note(.macros, macro)
                }
                return
            }
            report.mime = mimetype.isEmpty ? "application/zip" : mimetype
        }
        if hasVBA {
            report.format = .officeMacro
            report.note(.macros, "vbaProject.bin")
        }
    }

    /// The ODF formats by the MIME type their `mimetype` entry (or libmagic) names.
    private static let odfFormats: [String: FileFormat] = [
        "application/vnd.oasis.opendocument.text": .odt,
        "application/vnd.oasis.opendocument.spreadsheet": .ods,
        "application/vnd.oasis.opendocument.presentation": .odp,
    ]

    /// When the directory cannot be read, libmagic's look at the first entries still names the family.
    private static func classifyByMagic(_ mime: String, into report: inout StructuralReport) -> StructuralReport {
        let families: [String: FileFormat] = odfFormats.merging([
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": .docx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": .xlsx,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation": .pptx,
            "application/java-archive": .executable,
            "application/vnd.android.package-archive": .executable,
        ]) { odf, _ in odf }
        if let format = families[mime] {
            report.format = format
            report.mime = mime
        }
        return report
    }

    private static func describe(_ report: StructuralReport) -> String {
        let names: [String: String] = [
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Microsoft Word 2007+",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Microsoft Excel 2007+",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation": "Microsoft PowerPoint 2007+",
            "application/vnd.ms-word.document.macroEnabled.12": "Microsoft Word 2007+ with macros",
            "application/vnd.ms-excel.sheet.macroEnabled.12": "Microsoft Excel 2007+ with macros",
            "application/vnd.ms-powerpoint.presentation.macroEnabled.12": "Microsoft PowerPoint 2007+ with macros",
            "application/vnd.oasis.opendocument.text": "OpenDocument Text",
            "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument Spreadsheet",
            "application/vnd.oasis.opendocument.presentation": "OpenDocument Presentation",
            "application/epub+zip": "EPUB document",
            "application/java-archive": "Java archive data (JAR)",
            "application/vnd.android.package-archive": "Android package (APK)",
        ]
        let base = names[report.mime] ?? "Zip archive data"
        return report.format == .officeMacro && !base.contains("macros") ? base + " with macros" : base
    }

    private static func macroMIME(_ family: FileFormat) -> String {
        switch family {
        case .xlsx: "application/vnd.ms-excel.sheet.macroEnabled.12"
        case .pptx: "application/vnd.ms-powerpoint.presentation.macroEnabled.12"
        default: "application/vnd.ms-word.document.macroEnabled.12"
        }
    }

    /// Where an entry's data starts, from its local header; `nil` when there is no local header there.
    static func dataStart(of entry: Entry, reader: ContentReader, shift: Int64) -> Int64? {
        let offset = entry.localOffset + shift
        guard let local = reader.bytes(at: offset, count: 30), local.matches(localSignature, at: 0) else { return nil }
        return offset + 30 + Int64(local.le16(26)) + Int64(local.le16(28))
    }

    /// The bytes of a small entry: stored ones as they are, deflated ones inflated within `limit`.
    private static func entryText(_ entry: Entry, reader: ContentReader, shift: Int64, limit: Int = 1024 * 1024) -> [UInt8]? {
        guard entry.compressedSize <= Int64(limit),
              let dataStart = dataStart(of: entry, reader: reader, shift: shift) else { return nil }
        guard let data = reader.copy(at: dataStart, count: Int(entry.compressedSize)) else { return nil }
        switch entry.method {
        case 0:
            return data
        case 8:
            let inflater = BoundedInflater(budget: limit, raw: true)
            data.withUnsafeBytes { _ = inflater.feed($0) }
            return inflater.output
        default:
            return nil
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether the bytes contain `pattern`, ignoring ASCII case.
    func containsIgnoringCase(_ pattern: String) -> Bool {
        withUnsafeBytes { $0.containsIgnoringCase(pattern) }
    }
}
