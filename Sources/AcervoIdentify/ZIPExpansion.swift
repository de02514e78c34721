import AcervoCore

/// How far a ZIP (and so a DOCX, XLSX, PPTX or ODF document) may expand: a real document, even one full
/// of photos, inflates to a few times its size; a decompression bomb to hundreds or thousands of times.
///
/// The central directory's sizes are checked first; since a bomb can lie there, the deflated entries are
/// then inflated and counted (never kept) whenever the most they could inflate to — 1,032 bytes per
/// compressed byte is deflate's limit — passes the budget. Inflating stops at the budget, so a bomb
/// costs at most that many bytes of zlib's time and nothing in memory.
enum ZIPExpansion {
    /// Bytes out per byte of archive past which a document is a bomb.
    static let ratio: Int64 = 100
    /// Output below which the ratio is not applied, so a small document of repetitive XML is never refused.
    static let floor: Int64 = 64 << 20
    /// Output no document may reach, whatever its size.
    static let ceiling: Int64 = 2 << 30
    /// Deflate's largest expansion of one compressed byte.
    static let deflateMaximumRatio: Int64 = 1032

    /// The most an archive of `archiveBytes` may expand to.
    static func budget(archiveBytes: Int64) -> Int64 {
        let (scaled, overflow) = archiveBytes.multipliedReportingOverflow(by: ratio)
        return min(ceiling, max(floor, overflow ? ceiling : scaled))
    }

    /// What is excessive about the archive's expansion, or `nil` when it stays within the budget.
    static func excess(of entries: [ZIPStructure.Entry], reader: ContentReader, shift: Int64) -> String? {
        let budget = budget(archiveBytes: reader.size)
        var declared: Int64 = 0
        var worstCase: Int64 = 0
        for entry in entries {
            declared = declared.addingClamped(max(0, entry.uncompressedSize))
            worstCase = worstCase.addingClamped(
                entry.method == 8 ? max(0, entry.compressedSize).multipliedClamped(by: deflateMaximumRatio)
                                  : max(0, entry.uncompressedSize))
        }
        if declared > budget {
            return "declares \(declared) bytes inflated from \(reader.size): more than \(budget)"
        }
        guard worstCase > budget else { return nil }
        // The directory may understate: count what the deflated entries really give.
        var inflated: Int64 = 0
        for entry in entries {
            guard entry.method == 8, entry.flags & 1 == 0, entry.compressedSize > 0 else {
                if entry.method != 8 { inflated = inflated.addingClamped(max(0, entry.uncompressedSize)) }
                continue
            }
            guard let start = ZIPStructure.dataStart(of: entry, reader: reader, shift: shift) else { continue }
            let remaining = budget - inflated
            let inflater = BoundedInflater(budget: Int(min(remaining + 1, Int64(Int.max))), raw: true, keeping: false)
            var position = start
            let end = min(reader.size, start + entry.compressedSize)
            while position < end {
                let step = Int(min(Int64(ContentReader.windowCapacity), end - position))
                guard let chunk = reader.bytes(at: position, count: step), inflater.feed(chunk) else { break }
                position += Int64(step)
            }
            inflated += Int64(inflater.produced)
            if inflated > budget {
                return "\(entry.name) and the entries before it inflate past \(budget) bytes from \(reader.size)"
            }
        }
        return nil
    }
}

private extension Int64 {
    func addingClamped(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }

    func multipliedClamped(by other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}
