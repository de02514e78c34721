public import AcervoCore
import CMagic
import Foundation

/// One libmagic handle with its database loaded. libmagic keeps state and its answer inside the
/// cookie, so a cookie belongs to one worker and is never shared between threads.
public final class MagicCookie {
    /// libmagic's two answers about the same bytes.
    public struct Answer: Sendable, Hashable {
        /// The MIME type, e.g. `image/jpeg`.
        public var mime: String
        /// The human description, e.g. `JPEG image data, JFIF standard 1.01`.
        public var description: String
    }

    /// Most bytes libmagic examines by default. Its text rules cost time in proportion to the bytes they
    /// search, and what decides a text's type is at its start.
    public static let bytesMax = 16 * 1024
    /// Most bytes libmagic may be given when a format needs more (an OLE2 directory).
    public static let bytesLimit = 64 * 1024

    /// Checks that fork helpers or parse whole files are off: decompressors are never run.
    private static let baseFlags = MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR
    private static let mimeFlags = baseFlags | MAGIC_MIME_TYPE

    /// Creating cookies and loading databases runs one at a time: libmagic's loader is not documented as
    /// re-entrant, and workers start together.
    private static let creation = NSLock()

    private let cookie: magic_t
    /// The database this cookie loaded.
    public let databasePath: String

    /// Opens a cookie on the database at `databasePath`, or the one `MagicDatabase.locate()` finds.
    ///
    /// - Throws: `AcervoError` with code `.library` when the database is missing or does not load.
    public init(databasePath: String? = nil) throws(AcervoError) {
        let path: String
        if let databasePath { path = databasePath } else { path = try MagicDatabase.locate() }
        Self.creation.lock()
        defer { Self.creation.unlock() }
        guard let cookie = magic_open(Self.mimeFlags) else {
            throw AcervoError(.library, "magic_open failed: \(String(cString: strerror(errno)))")
        }
        if magic_load(cookie, path) != 0 {
            let reason = magic_error(cookie).map { String(cString: $0) } ?? "unknown error"
            magic_close(cookie)
            throw AcervoError(.library, "cannot load the libmagic database \(path): \(reason)")
        }
        var bytesMax = Self.bytesLimit
        _ = magic_setparam(cookie, Int32(MAGIC_PARAM_BYTES_MAX), &bytesMax)
        self.cookie = cookie
        self.databasePath = path
    }

    deinit {
        magic_close(cookie)
    }

    /// libmagic's MIME type for the first `limit` bytes (at most `bytesLimit`); `application/octet-stream`
    /// when it fails.
    public func mime(of bytes: UnsafeRawBufferPointer, limit: Int = bytesMax) -> String {
        run(bytes, flags: Self.mimeFlags, limit: limit) ?? "application/octet-stream"
    }

    /// libmagic's description of the bytes. With `soft: false` only the built-in tests run (encoding,
    /// line endings): a text's description costs microseconds instead of a second pass of every rule.
    /// At most `limit` bytes (and never more than `bytesLimit`) are examined.
    public func description(of bytes: UnsafeRawBufferPointer, soft: Bool = true, limit: Int = bytesMax) -> String {
        run(bytes, flags: soft ? Self.baseFlags : Self.baseFlags | MAGIC_NO_CHECK_SOFT, limit: limit) ?? "data"
    }

    /// Both answers, with every rule applied twice.
    public func answer(for bytes: UnsafeRawBufferPointer) -> Answer {
        Answer(mime: mime(of: bytes), description: description(of: bytes))
    }

    private func run(_ bytes: UnsafeRawBufferPointer, flags: Int32, limit: Int = bytesMax) -> String? {
        _ = magic_setflags(cookie, flags)
        let count = min(bytes.count, limit, Self.bytesLimit)
        // magic_buffer wants a pointer even for no bytes.
        var empty: UInt8 = 0
        let result: UnsafePointer<CChar>? = withUnsafePointer(to: &empty) { fallback in
            magic_buffer(cookie, bytes.baseAddress ?? UnsafeRawPointer(fallback), count)
        }
        // The string lives inside the cookie until the next call: copy it out now.
        return result.map { String(cString: $0) }
    }
}

@available(*, unavailable)
extension MagicCookie: Sendable {}
