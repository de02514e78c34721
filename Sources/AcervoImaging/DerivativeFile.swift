import AcervoCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A derivative reaches its final name only once it is whole and on disk.
///
/// The normalizer writes to a hidden partial name beside the final one (same directory, so the same file
/// system); `publish` syncs it and renames it over the final name, which replaces any earlier file in one
/// step. A run cut short leaves the earlier file or the new one under a final name, never half an image,
/// at worst a `.acervo-*.partial` file. The directory is not synced: a rename lost to a power cut only
/// brings back the earlier state.
enum DerivativeFile {

    /// A fresh temporary name in the directory of `final`, one no output name can take (those end in
    /// `.jpg` or `.png`).
    static func partial(beside final: URL) -> URL {
        final.deletingLastPathComponent().appending(path: ".acervo-\(UUID().uuidString.lowercased()).partial")
    }

    /// Syncs `partial` to disk and renames it to `final`, replacing whatever was there.
    static func publish(_ partial: URL, as final: URL) throws(AcervoError) {
        let fd = open(partial.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(.open, partial) }
        let synced = fsync(fd) == 0 ? 0 : errno
        close(fd)
        guard synced == 0 else { throw failure(.sync, partial, errno: synced) }
        guard rename(partial.path, final.path) == 0 else { throw failure(.move(from: partial.path), final) }
    }

    /// Removes `url` if it exists.
    static func remove(_ url: URL) {
        _ = unlink(url.path)
    }

    private static func failure(_ operation: AcervoError.FileOperation, _ url: URL, errno code: Int32 = errno) -> AcervoError {
        .io(operation, path: url.path, errno: code)
    }
}
