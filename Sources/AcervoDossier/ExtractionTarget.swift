import AcervoCore
import AcervoStore
import AcervoSystem
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `extract` writes a dossier: a directory that was empty, filled only by creating new files
/// and directories (`O_EXCL`, `O_NOFOLLOW`), so an entry can never write through a link or replace
/// a file another entry wrote.
final class ExtractionTarget {
    let directory: URL
    private var fd: Int32 = -1
    private var path = ""

    init(directory: URL) throws(AcervoError) {
        self.directory = directory
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? ["?"]
            guard isDirectory.boolValue, contents.isEmpty else {
                throw AcervoError(.invalidArgument, english: "\(directory.path) exists and is not an empty directory",
                                  portuguese: "o destino precisa estar vazio")
            }
        } else if (try? FileManager.default.createDirectory(at: directory.deletingLastPathComponent(),
                                                            withIntermediateDirectories: true)) == nil
                    || mkdir(directory.path, 0o755) != 0 {
            throw .io(.createDirectory, path: directory.path, errno: errno)
        }
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Creates a directory (and its parents) for an archive path already checked by the reader.
    func makeDirectory(_ relative: String) throws(AcervoError) {
        var current = directory.path
        for part in relative.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw .io(.createDirectory, path: current, errno: errno)
            }
            var st = stat()
            guard lstat(current, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
                throw .io(.createDirectory, path: current, errno: ENOTDIR)
            }
        }
    }

    /// Starts a new file.
    func begin(_ relative: String) throws(AcervoError) {
        if let slash = relative.lastIndex(of: "/") { try makeDirectory(String(relative[..<slash])) }
        path = directory.path + "/" + relative
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(.create, path: path, errno: errno) }
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws(AcervoError) {
        if let failure = writeWhole(fd, bytes) {
            throw .io(.write, path: path, errno: failure)
        }
    }

    func end() throws(AcervoError) {
        guard fd >= 0 else { return }
        let status = close(fd)
        fd = -1
        if status != 0 { throw .io(.close, path: path, errno: errno) }
    }

    /// Removes everything extracted, after a refusal.
    func discard() {
        if fd >= 0 { close(fd); fd = -1 }
        try? FileManager.default.removeItem(at: directory)
    }
}

@available(*, unavailable)
extension ExtractionTarget: Sendable {}
