public import Foundation

/// When a case's open version is sealed into an OCFL version by the commit that reaches a limit.
public struct OpenVersionLimits: Sendable, Hashable {
    /// Uploads (intakes) it may hold.
    public var uploads: Int
    /// Bytes of new content it may hold.
    public var bytes: Int64
    /// How long it may stay open, counted from its first upload.
    public var age: TimeInterval

    /// Makes limits; the defaults seal every 64 uploads, 256 MiB or hour, whichever comes first.
    public init(uploads: Int = 64, bytes: Int64 = 256 << 20, age: TimeInterval = 3600) {
        self.uploads = max(1, uploads)
        self.bytes = bytes
        self.age = age
    }
}
