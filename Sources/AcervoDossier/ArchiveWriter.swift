import AcervoCore
import AcervoStore
import AcervoSystem
import CArchiveLoader
import Crypto
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A libarchive writer streaming entries to a file descriptor, hashing the archive's bytes as they go
/// out so that the dossier's own SHA-256 costs no second read.
///
/// Every entry gets the same owner, mode and time, so the same entries always give the same bytes.
final class ArchiveWriter {
    private let handle: OpaquePointer
    private let sink: Sink
    private let format: DossierFormat
    private let mtime: Int
    private var closed = false

    /// Where libarchive's blocks go: the file (through `DirectOutput`), and a running SHA-256 of them.
    ///
    /// Each block is hashed on a lane of its own while it is copied out, and the callback returns only
    /// when both are done, so the block stays valid.
    private final class Sink {
        let output: DirectOutput
        let hasher = LaneHasher<SHA256>(label: "acervo.dossier.archive-hash")
        var bytes: Int64 = 0
        var failure: Int32 = 0
        init(fd: Int32) { output = DirectOutput(fileDescriptor: fd) }

        /// Takes a block libarchive lends for the duration of the callback: the callback returns only
        /// once it is hashed and copied out.
        func take(_ buffer: UnsafeRawPointer, _ length: Int) -> Int {
            let block = UnsafeRawBufferPointer(start: buffer, count: length)
            let hashed = hasher.update(block)
            defer { hashed.wait() }
            let code = output.append(block)
            if code != 0 {
                failure = code
                return -1
            }
            bytes += Int64(length)
            return length
        }

        /// Writes what the output still holds.
        func flush() -> Bool {
            let code = output.finish()
            if code != 0 { failure = code }
            return code == 0
        }

        func digest() -> String { Hex.string(hasher.finalize()) }
    }

    /// Starts an archive of `format` on `fd`, every entry dated `modified`.
    init(fileDescriptor fd: Int32, format: DossierFormat, modified: Date) throws(AcervoError) {
        guard let handle = CArchiveLoader_archive_write_new() else { throw AcervoError(.library, "libarchive: cannot create a writer: \(ArchiveStatus.unavailable)") }
        self.handle = handle
        self.sink = Sink(fd: fd)
        self.format = format
        self.mtime = Int(modified.timeIntervalSince1970.rounded(.down))
        switch format {
        case .tar, .tarZstd:
            // pax restricted: plain ustar headers, plus a pax header only where ustar cannot say it (a
            // UTF-8 or long name), so the archive reads everywhere and names are never mangled.
            try ArchiveStatus.check(CArchiveLoader_archive_write_set_format_pax_restricted(handle), handle, "libarchive: pax format")
            if format == .tarZstd {
                try ArchiveStatus.check(CArchiveLoader_archive_write_add_filter_zstd(handle), handle, "libarchive: zstd filter")
            }
        case .zip:
            try ArchiveStatus.check(CArchiveLoader_archive_write_set_format_zip(handle), handle, "libarchive: zip format")
            // The UTF-8 flag (bit 11) on every name, so unzip, Windows and Python read accents right.
            try ArchiveStatus.check(CArchiveLoader_archive_write_set_option(handle, "zip", "hdrcharset", "UTF-8"), handle,
                                    "libarchive: zip UTF-8 names")
        }
        // Large blocks: libarchive calls the write callback once per block, and tar's historical
        // 10 KiB would mean a hundred thousand system calls per gigabyte.
        try ArchiveStatus.check(CArchiveLoader_archive_write_set_bytes_per_block(handle, 1 << 20), handle, "libarchive: block size")
        // The last block as tar has always padded it (to 10 KiB). After a zstd frame or a zip's central
        // directory, padding zeros are trailing garbage that strict readers refuse: none there.
        try ArchiveStatus.check(CArchiveLoader_archive_write_set_bytes_in_last_block(handle, format == .tar ? 10240 : 1), handle,
                                "libarchive: last block")
        let client = Unmanaged.passUnretained(sink).toOpaque()
        let status = CArchiveLoader_archive_write_open2(handle, client, nil, { _, client, buffer, length in
            guard let client, let buffer else { return -1 }
            return Unmanaged<Sink>.fromOpaque(client).takeUnretainedValue().take(buffer, length)
        }, nil, nil)
        try ArchiveStatus.check(status, handle, "libarchive: cannot start the archive")
    }

    deinit {
        if !closed { CArchiveLoader_archive_write_close(handle) }
        CArchiveLoader_archive_write_free(handle)
    }

    /// Writes a directory entry (`path` ends with `/`).
    func directory(_ path: String) throws(AcervoError) {
        try header(path, size: 0, isDirectory: true, compress: false)
    }

    /// Writes a regular file's header; its `size` bytes must follow through `data(_:)`.
    ///
    /// `compress` asks for deflate in a zip (text); everything else is stored, because photos,
    /// videos and PDFs do not shrink and deflating them would cost more than the disk.
    func file(_ path: String, size: Int64, compress: Bool) throws(AcervoError) {
        try header(path, size: size, isDirectory: false, compress: compress)
    }

    private func header(_ path: String, size: Int64, isDirectory: Bool, compress: Bool) throws(AcervoError) {
        guard let entry = CArchiveLoader_archive_entry_new() else { throw AcervoError(.library, "libarchive: cannot create an entry") }
        defer { CArchiveLoader_archive_entry_free(entry) }
        CArchiveLoader_archive_entry_set_pathname_utf8(entry, path)
        CArchiveLoader_archive_entry_set_filetype(entry, isDirectory ? Self.directoryType : Self.regularType)
        CArchiveLoader_archive_entry_set_perm(entry, isDirectory ? 0o755 : 0o644)
        CArchiveLoader_archive_entry_set_size(entry, isDirectory ? 0 : size)
        CArchiveLoader_archive_entry_set_uid(entry, 0)
        CArchiveLoader_archive_entry_set_gid(entry, 0)
        CArchiveLoader_archive_entry_set_uname_utf8(entry, "root")
        CArchiveLoader_archive_entry_set_gname_utf8(entry, "root")
        CArchiveLoader_archive_entry_set_mtime(entry, mtime, 0)
        if format == .zip {
            let status = compress ? CArchiveLoader_archive_write_zip_set_compression_deflate(handle)
                : CArchiveLoader_archive_write_zip_set_compression_store(handle)
            try ArchiveStatus.check(status, handle, "libarchive: zip compression for \(path)")
        }
        try ArchiveStatus.check(CArchiveLoader_archive_write_header(handle, entry), handle, "libarchive: cannot write the header of \(path)")
    }

    /// Writes bytes of the current entry.
    func data(_ bytes: UnsafeRawBufferPointer) throws(AcervoError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        while offset < bytes.count {
            let n = CArchiveLoader_archive_write_data(handle, base + offset, bytes.count - offset)
            guard n > 0 else { throw failure("cannot write data") }
            offset += n
        }
    }

    /// Writes a whole small entry from memory.
    func file(_ path: String, contents: [UInt8], compress: Bool) throws(AcervoError) {
        try file(path, size: Int64(contents.count), compress: compress)
        let failure: AcervoError? = contents.withUnsafeBytes { raw in
            do throws(AcervoError) {
                try data(raw)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Ends the archive and returns its size and SHA-256.
    func finish() throws(AcervoError) -> (byteCount: Int64, sha256: String) {
        closed = true
        guard CArchiveLoader_archive_write_close(handle) == ARCHIVE_OK, sink.flush() else { throw failure("cannot finish the archive") }
        return (sink.bytes, sink.digest())
    }

    private func failure(_ what: String) -> AcervoError {
        if sink.failure != 0 {
            // The writer knows only its descriptor; AtomicOutput names the file when it sees this error.
            return AcervoError(.io, english: "\(what): \(String(cString: strerror(sink.failure)))",
                               portuguese: "não foi possível gravar o dossiê: \(String(cString: strerror(sink.failure)))",
                               errno: sink.failure)
        }
        return AcervoError(.io, "libarchive: \(what): \(ArchiveStatus.message(handle))")
    }

    // AE_IFREG and AE_IFDIR are cast macros that Swift does not import.
    static let regularType: UInt32 = 0o100000
    static let directoryType: UInt32 = 0o040000
}

@available(*, unavailable)
extension ArchiveWriter: Sendable {}
