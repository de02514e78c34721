import AcervoCore
import CArchiveLoader
import Foundation

/// A libarchive reader that refuses what a dossier never holds and counts what comes out.
///
/// Only regular files and directories pass; links, devices, FIFOs, encrypted entries, absolute
/// paths and `..` are refused before any byte of them is read. Bytes are counted as libarchive
/// hands them over, per entry and in total, against limits scaled by the archive's real size.
final class ArchiveReader {
    private let handle: OpaquePointer
    private let limits: DossierLimits
    private let url: URL
    private let budget: Int64
    private(set) var entries = 0
    private(set) var totalBytes: Int64 = 0
    private var current: Entry?

    /// An entry as the reader accepted it.
    struct Entry {
        var path: String
        var isDirectory: Bool
        /// The size its header claims; checked against the bytes actually read.
        var declaredSize: Int64?
    }

    /// Why an archive is refused: hostile or broken, never to be opened further.
    struct Refusal: Error {
        var path: String?
        var reason: String
        /// An operational failure (a full disk while extracting) carried through the read loop;
        /// not a refusal of the archive.
        var underlying: AcervoError?

        init(path: String?, reason: String, underlying: AcervoError? = nil) {
            self.path = path
            self.reason = reason
            self.underlying = underlying
        }
    }

    init(url: URL, limits: DossierLimits) throws(AcervoError) {
        guard let handle = CArchiveLoader_archive_read_new() else { throw AcervoError(.library, "libarchive: cannot create a reader: \(ArchiveStatus.unavailable)") }
        self.handle = handle
        self.limits = limits
        self.url = url
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? 0
        self.budget = limits.totalBudget(archiveBytes: size)
        // Dossier formats only: tar (any dialect) and zip, raw or behind a compression filter.
        CArchiveLoader_archive_read_support_format_tar(handle)
        CArchiveLoader_archive_read_support_format_zip(handle)
        CArchiveLoader_archive_read_support_filter_all(handle)
        try ArchiveStatus.check(CArchiveLoader_archive_read_open_filename(handle, url.path, 1 << 16), handle,
                                "cannot open \(url.path) as an archive")
    }

    deinit {
        CArchiveLoader_archive_read_free(handle)
    }

    /// The next entry, or `nil` at the end; throws a `Refusal` for anything a dossier never holds.
    func next() throws(Refusal) -> Entry? {
        if current != nil { try skip() }
        var entryPointer: OpaquePointer?
        let status = CArchiveLoader_archive_read_next_header(handle, &entryPointer)
        if status == ARCHIVE_EOF { return nil }
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry = entryPointer else {
            throw Refusal(path: nil, reason: "unreadable archive: \(ArchiveStatus.message(handle))")
        }
        entries += 1
        entryBytes = 0
        if entries > limits.maximumEntries {
            throw Refusal(path: nil, reason: "more than \(limits.maximumEntries) entries")
        }
        guard let cPath = CArchiveLoader_archive_entry_pathname_utf8(entry) ?? CArchiveLoader_archive_entry_pathname(entry) else {
            throw Refusal(path: nil, reason: "an entry has a name that is not UTF-8")
        }
        let path = String(cString: cPath)
        if let reason = BagPath.refusal(path, maximumBytes: limits.maximumPathBytes) {
            throw Refusal(path: path, reason: reason)
        }
        if CArchiveLoader_archive_entry_hardlink(entry) != nil { throw Refusal(path: path, reason: "hard link") }
        if CArchiveLoader_archive_entry_symlink(entry) != nil { throw Refusal(path: path, reason: "symbolic link") }
        if CArchiveLoader_archive_entry_is_encrypted(entry) != 0 { throw Refusal(path: path, reason: "encrypted entry") }
        let type = UInt32(CArchiveLoader_archive_entry_filetype(entry))
        let isDirectory: Bool
        switch type {
        case ArchiveWriter.regularType: isDirectory = false
        case ArchiveWriter.directoryType: isDirectory = true
        case 0o120000: throw Refusal(path: path, reason: "symbolic link")
        case 0o020000, 0o060000: throw Refusal(path: path, reason: "device")
        case 0o010000: throw Refusal(path: path, reason: "FIFO")
        case 0o140000: throw Refusal(path: path, reason: "socket")
        default: throw Refusal(path: path, reason: "entry of unknown type \(String(type, radix: 8))")
        }
        let declared: Int64? = CArchiveLoader_archive_entry_size_is_set(entry) != 0 ? CArchiveLoader_archive_entry_size(entry) : nil
        if let declared, declared > limits.maximumEntryBytes {
            throw Refusal(path: path, reason: "entry claims \(declared) bytes, over the limit of \(limits.maximumEntryBytes)")
        }
        let accepted = Entry(path: path, isDirectory: isDirectory, declaredSize: isDirectory ? 0 : declared)
        current = accepted
        return accepted
    }

    /// Bytes of the current entry read so far.
    private var entryBytes: Int64 = 0

    /// Reads the next chunk of the current entry into `buffer`, counting it against the limits;
    /// 0 at the end of the entry, where the count must match the header's size.
    func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws(Refusal) -> Int {
        guard let entry = current else { return 0 }
        let n = CArchiveLoader_archive_read_data(handle, buffer.baseAddress, buffer.count)
        if n == 0 {
            current = nil
            defer { entryBytes = 0 }
            if let declared = entry.declaredSize, entryBytes != declared {
                throw Refusal(path: entry.path, reason: "entry holds \(entryBytes) bytes, its header says \(declared)")
            }
            return 0
        }
        guard n > 0 else {
            throw Refusal(path: entry.path, reason: "unreadable data: \(ArchiveStatus.message(handle))")
        }
        entryBytes += Int64(n)
        totalBytes += Int64(n)
        if entryBytes > limits.maximumEntryBytes {
            throw Refusal(path: entry.path, reason: "entry expands past \(limits.maximumEntryBytes) bytes")
        }
        if let declared = entry.declaredSize, entryBytes > declared {
            throw Refusal(path: entry.path, reason: "entry holds more bytes than its header says (\(declared))")
        }
        if totalBytes > budget {
            throw Refusal(path: entry.path,
                          reason: "archive expands past \(budget) bytes (limit of \(limits.maximumRatio)× its size): a decompression bomb?")
        }
        return n
    }

    /// Reads the current entry's bytes into `body`, chunk by chunk, counting them against the limits.
    /// Returns the number of bytes read.
    @discardableResult
    func read(into body: (UnsafeRawBufferPointer) throws(Refusal) -> Void) throws(Refusal) -> Int64 {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var count: Int64 = 0
        while true {
            let n = try readChunk(into: buffer)
            if n == 0 { break }
            count += Int64(n)
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return count
    }

    /// Passes over the current entry's bytes. They are still counted: a header's size is not trusted
    /// for a compressed entry, and skipping unread data is where bombs hide.
    func skip() throws(Refusal) {
        guard let entry = current else { return }
        if entry.isDirectory {
            current = nil
            return
        }
        try read { _ throws(Refusal) in }
    }

    /// Skips the current entry's data without decompressing it, for a plain tar where the header's
    /// size is exact: the fast check needs names and sizes only.
    func skipTrustingSize() throws(Refusal) -> Int64 {
        guard let entry = current else { return 0 }
        current = nil
        let size = entry.declaredSize ?? 0
        guard CArchiveLoader_archive_read_data_skip(handle) == ARCHIVE_OK else {
            throw Refusal(path: entry.path, reason: "unreadable data: \(ArchiveStatus.message(handle))")
        }
        totalBytes += size
        return size
    }

    /// Whether the archive is a tar without compression, where sizes in headers are the bytes stored.
    var isUncompressedTar: Bool {
        CArchiveLoader_archive_filter_count(handle) <= 1 && (CArchiveLoader_archive_format(handle) & 0xff0000) == 0x30000
    }
}

@available(*, unavailable)
extension ArchiveReader: Sendable {}
