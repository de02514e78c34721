import AcervoCore
import AcervoSystem
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The advisory locks of a store: `DIR/.lock` for the whole store and `DIR/staging/locks/<case>.lock`
/// for each case.
///
/// A commit holds the store lock shared and its case's lock exclusive, so commits to different cases
/// run at the same time, in one process or several; what concerns the whole store (recovery at open,
/// reindex, verify) holds the store lock exclusive and so waits for every commit to end.
///
/// `flock` locks belong to an open file description, so each holder opens the file itself: two threads
/// of one process exclude each other exactly as two processes do, and the kernel drops the lock when
/// the process dies, even by SIGKILL: a crashed writer never blocks the next one, and whoever takes the
/// store lock exclusive next runs recovery.
enum StoreLock {
    enum Mode { case shared, exclusive }

    /// Runs `body` holding the lock in `mode`; the lock is released however `body` ends.
    static func holding<T>(_ url: URL, _ mode: Mode, _ body: () throws(AcervoError) -> T) throws(AcervoError) -> T {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw DurableFiles.ioError(.open, url) }
        defer { close(fd) }
        guard retryingInterrupted({ flock(fd, mode == .shared ? LOCK_SH : LOCK_EX) }) == 0 else {
            throw DurableFiles.ioError(.lock, url)
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
