import CAcervoSystem

/// Direct I/O (`O_DIRECT` on Linux): writes that go from the caller's buffer to the device without
/// passing through the page cache, for a large file written once and not read back (a dossier).
package enum DirectIO {
    /// The alignment asked of direct I/O buffers, lengths and file offsets: a page, which covers every device.
    package static let alignment = Int(CAcervoSystem_direct_io_alignment)

    /// Turns direct I/O on or off for the open file `fd`: `true` when done, `false` with `errno` set where
    /// the system or the file system does not offer it.
    package static func set(_ fd: Int32, on: Bool) -> Bool {
        CAcervoSystem_set_direct_io(fd, on ? 1 : 0) == 0
    }
}
