import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs libarchive calls with a UTF-8 character type on the calling thread only.
///
/// libarchive converts names between UTF-8 and the locale's charset. Under the C locale every
/// non-ASCII name fails that conversion: the pax writer of libarchive 3.6 then dereferences a null
/// name and crashes, and the zip reader reports UTF-8 names as unreadable. `uselocale` changes the
/// locale of this thread alone, so a library never touches the process's `setlocale`.
enum UTF8Locale {
    /// A POSIX locale object is immutable once made, so one may be shared by every thread.
    private struct Shared: @unchecked Sendable { let locale: locale_t? }

    private static let shared: Shared = {
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] {
            if let made = newlocale(LC_CTYPE_MASK, name, nil) { return Shared(locale: made) }
        }
        return Shared(locale: nil)
    }()

    static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        guard let locale = shared.locale else { return try body() }
        let previous = uselocale(locale)
        defer { uselocale(previous) }
        return try body()
    }
}
