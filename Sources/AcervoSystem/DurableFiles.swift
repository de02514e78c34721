package import AcervoCore
package import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File operations that survive a crash: data reaches the disk before the rename that publishes it,
/// and the directory holding a rename is synced after it. Every failure becomes an `AcervoError(.io)`
/// carrying the path and the `errno`.
package enum DurableFiles {
    package static func ioError(_ operation: AcervoError.FileOperation, _ url: URL, errno code: Int32 = errno) -> AcervoError {
        .io(operation, path: url.path, errno: code)
    }

    /// Writes `data` to a new file, syncs it, and closes it. Fails if the file exists.
    package static func writeNew(_ data: Data, to url: URL) throws(AcervoError) {
        try writeNew(url) { fd throws(AcervoError) in try write(data, to: fd, url) }
    }

    /// Creates `url` (failing if it exists), hands `body` its descriptor, open for reading and writing, to
    /// fill, then syncs and closes it.
    package static func writeNew<T>(_ url: URL, _ body: (Int32) throws(AcervoError) -> T) throws(AcervoError) -> T {
        let fd = open(url.path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError(.create, url) }
        defer { close(fd) }
        let result = try body(fd)
        guard fsync(fd) == 0 else { throw ioError(.sync, url) }
        return result
    }

    /// Replaces `url` atomically: writes a temporary file in `scratch` (same filesystem), syncs it,
    /// renames it over `url` and syncs the directory.
    package static func replace(_ url: URL, with data: Data, scratch: URL) throws(AcervoError) {
        let temp = scratch.appendingPathComponent(".tmp-\(UUID().uuidString.lowercased())")
        try publish(url, through: temp) { fd throws(AcervoError) in try write(data, to: fd, temp) }
    }

    /// Writes `url` whole or not at all: `body` fills a new hidden file beside it (`.NAME.partial-XXXXXXXX`,
    /// so on the same file system) through its descriptor, open for reading and writing; the file is then
    /// synced, renamed over `url` and the directory synced. When `body` or any step before the rename
    /// fails, the temporary file is removed and `url` keeps whatever it held. A link at `url` is replaced,
    /// never written through.
    package static func publish<T>(_ url: URL, _ body: (Int32) throws(AcervoError) -> T) throws(AcervoError) -> T {
        let name = ".\(url.lastPathComponent).partial-\(UUID().uuidString.lowercased().prefix(8))"
        return try publish(url, through: url.deletingLastPathComponent().appendingPathComponent(name), body)
    }

    /// Fills the new file `temporary` with `body`, syncs it, renames it over `url` and syncs `url`'s
    /// directory; removes `temporary` (when it made it) if anything before the rename fails.
    private static func publish<T>(_ url: URL, through temporary: URL,
                                   _ body: (Int32) throws(AcervoError) -> T) throws(AcervoError) -> T {
        var created = false
        var published = false
        defer { if created && !published { remove(temporary) } }
        let result = try writeNew(temporary) { fd throws(AcervoError) in
            created = true
            return try body(fd)
        }
        try rename(temporary, to: url)
        published = true
        try syncDirectory(url.deletingLastPathComponent())
        return result
    }

    /// Writes all of `data` at `fd`, the file `url`.
    private static func write(_ data: Data, to fd: Int32, _ url: URL) throws(AcervoError) {
        if let failure = data.withUnsafeBytes({ writeWhole(fd, $0) }) {
            throw ioError(.write, url, errno: failure)
        }
    }

    package static func rename(_ from: URL, to: URL) throws(AcervoError) {
        guard posixRename(from.path, to.path) == 0 else { throw ioError(.move(from: from.path), to) }
    }

    /// Syncs a directory so that entries created or renamed in it survive a power loss.
    package static func syncDirectory(_ url: URL) throws(AcervoError) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError(.openDirectory, url) }
        defer { close(fd) }
        // Some filesystems refuse fsync on a directory (EINVAL); there is nothing more to do there.
        if fsync(fd) != 0 && errno != EINVAL { throw ioError(.syncDirectory, url) }
    }

    /// Syncs a regular file already written.
    package static func syncFile(_ url: URL) throws(AcervoError) {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError(.open, url) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw ioError(.sync, url) }
    }

    package static func makeDirectory(_ url: URL) throws(AcervoError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw .io(.createDirectory, path: url.path, underlying: error)
        }
    }

    package static func remove(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    package static func exists(_ url: URL) -> Bool {
        var st = stat()
        return lstat(url.path, &st) == 0
    }

    package static func isDirectory(_ url: URL) -> Bool {
        var st = stat()
        return lstat(url.path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    package static func isRegularFile(_ url: URL) -> Bool {
        var st = stat()
        return lstat(url.path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// The names in a directory, sorted; empty when it does not exist.
    package static func names(in url: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    /// Reads a whole file, refusing one larger than `limit` bytes; the size read is bounded by the
    /// file's size at open, never by anything the content says.
    package static func read(_ url: URL, limit: Int) throws(AcervoError) -> Data {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError(.open, url) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ioError(.inspect, url) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw .notRegularFile(path: url.path) }
        let size = Int(st.st_size)
        guard size <= limit else {
            throw AcervoError(.storeCorrupt, "\(url.path) is \(size) bytes, more than the \(limit) allowed")
        }
        var data = Data(count: size)
        let read = data.withUnsafeMutableBytes { readWhole(fd, into: $0) }
        if let failure = read.failure { throw ioError(.read, url, errno: failure) }
        return data.prefix(read.count)
    }

    /// Hard-links `from` at `to`, or copies it when the filesystem cannot link; the source stays.
    package static func linkOrCopy(_ from: URL, to: URL) throws(AcervoError) {
        if link(from.path, to.path) == 0 { return }
        let code = errno
        guard code == EXDEV || code == EPERM || code == ENOTSUP || code == EMLINK else {
            throw ioError(.link(from: from.path), to, errno: code)
        }
        do {
            try FileManager.default.copyItem(at: from, to: to)
        } catch {
            throw .io(.copy(from: from.path), path: to.path, underlying: error)
        }
    }
}

#if canImport(Glibc)
private func posixRename(_ a: String, _ b: String) -> Int32 { Glibc.rename(a, b) }
#else
private func posixRename(_ a: String, _ b: String) -> Int32 { Darwin.rename(a, b) }
#endif
