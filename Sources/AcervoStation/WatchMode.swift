import CAcervoStation

/// How a station learns that files arrived.
public enum WatchMode: Sendable, Hashable, CustomStringConvertible {
    /// inotify events, recursively (local file systems).
    case events
    /// Listing the inbox every so many seconds (SMB/CIFS and NFS shares, which deliver no events for other
    /// machines' writes, or when asked with `--poll`).
    case polling(seconds: Double)

    /// `events` or `polling`, as progress and status report it.
    public var description: String {
        switch self {
        case .events: "inotify"
        case .polling(let seconds): "polling every \(seconds) s"
        }
    }

    /// The mode for an inbox: polling when it is on a network file system (told by `statfs`'s `f_type`),
    /// events otherwise.
    public static func choose(for path: String, pollSeconds: Double) -> WatchMode {
        NetworkFileSystem.of(path: path) == nil ? .events : .polling(seconds: pollSeconds)
    }
}

/// The network file systems whose changes inotify does not see, told apart by `statfs`'s `f_type`.
public enum NetworkFileSystem: String, Sendable, Hashable {
    /// SMB/CIFS (`CIFS_MAGIC_NUMBER` 0xFF534D42, `SMB2_MAGIC_NUMBER` 0xFE534D42, `SMB_SUPER_MAGIC` 0x517B).
    case smb
    /// NFS (`NFS_SUPER_MAGIC` 0x6969).
    case nfs

    /// The network file system of `magic`, a `statfs` `f_type`, or `nil` for any other.
    public static func of(magic: UInt64) -> NetworkFileSystem? {
        switch magic & 0xFFFF_FFFF {
        case 0xFF53_4D42, 0xFE53_4D42, 0x517B: .smb
        case 0x6969: .nfs
        default: nil
        }
    }

    /// The network file system `path` is on, or `nil` when it is local (or cannot be told).
    public static func of(path: String) -> NetworkFileSystem? {
        var magic: UInt64 = 0
        guard CAcervoStation_fs_magic(path, &magic) == 0 else { return nil }
        return of(magic: magic)
    }
}
