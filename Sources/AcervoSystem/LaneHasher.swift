package import Crypto
package import Dispatch

/// A digest computed on a lane (a serial queue) of its own, fed one borrowed chunk at a time, so the
/// thread that reads or writes the bytes can do other work on them meanwhile: a second digest, a
/// write system call. Used wherever a large file is read once for several purposes.
///
/// The caller must wait on the group `update` returns before it reuses or frees the chunk, and call
/// `finalize` once, after the last update.
package final class LaneHasher<H: HashFunction & SendableMetatype>: @unchecked Sendable {
    // @unchecked: `hasher` is touched only on `lane`.
    private let lane: DispatchQueue
    private var hasher = H()

    package init(label: String) {
        lane = DispatchQueue(label: label, qos: .userInitiated)
    }

    private struct Chunk: @unchecked Sendable {
        // @unchecked: valid until the caller's wait on the returned group returns.
        let bytes: UnsafeRawBufferPointer
    }

    /// Starts hashing `bytes`; wait on the returned group before touching them again.
    package func update(_ bytes: UnsafeRawBufferPointer) -> DispatchGroup {
        let group = DispatchGroup()
        let chunk = Chunk(bytes: bytes)
        lane.async(group: group) { self.hasher.update(bufferPointer: chunk.bytes) }
        return group
    }

    /// The digest of every chunk given, after the last update is done.
    package func finalize() -> H.Digest { lane.sync { hasher.finalize() } }
}
