import AcervoCore
import AcervoSystem
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
        try DurableFiles.syncFile(partial)
        try DurableFiles.rename(partial, to: final)
    }

    /// Removes `url` if it exists.
    static func remove(_ url: URL) {
        _ = unlink(url.path)
    }
}
