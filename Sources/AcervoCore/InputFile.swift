public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file Acervo is handed to read (an upload on disk, a name given to `acervo sniff`), opened so that
/// only a regular file's own bytes are ever read.
///
/// The last component of the path is opened with `O_NOFOLLOW` unless the caller asks to follow links, and
/// the opened descriptor is checked with `fstat`, so a link, FIFO, device, socket or directory swapped in
/// between a check and the open is still refused. `O_NONBLOCK` keeps the open of a FIFO from waiting for a
/// writer, and `O_NOCTTY` keeps a terminal from becoming the process's. A file on a pseudo file system
/// (`/proc`, `/sys`), whose size says nothing of what reading it returns, is refused too: it is a view of
/// the machine, not a file someone sent.
public struct InputFile: Sendable {
    /// The open descriptor; the caller closes it.
    public let descriptor: Int32
    /// The file's size when it was opened.
    public let byteCount: Int64

    /// Why a path is not a regular file Acervo may read.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// The path names a symbolic link, which is not followed.
        case symbolicLink
        /// The path names something other than a regular file; the associated value says what, in
        /// English and Portuguese.
        case notRegular(english: String, portuguese: String)
        /// A regular file of a pseudo file system (`/proc`, `/sys`), or one whose size is 0 but whose
        /// reading returns bytes.
        case pseudoFile
        /// The path could not be opened or examined; the associated value is the `errno`.
        case cannotOpen(Int32)

        /// Whether the path names something that is not a file to read at all (a link, FIFO, device,
        /// directory, pseudo-file), as opposed to a file that could not be opened (absent, unreadable).
        public var isNotARegularFile: Bool {
            if case .cannotOpen = self { return false }
            return true
        }

        /// The reason in English.
        public var english: String {
            switch self {
            case .symbolicLink: "a symbolic link, which is not followed"
            case .notRegular(let english, _): "\(english), not a regular file"
            case .pseudoFile: "a pseudo-file (/proc, /sys) whose size says nothing of its content, not a regular file"
            case .cannotOpen(let code): String(cString: strerror(code))
            }
        }

        /// The reason in Portuguese.
        public var portuguese: String {
            switch self {
            case .symbolicLink: "um link simbólico, que não é seguido"
            case .notRegular(_, let portuguese): "\(portuguese), não um arquivo regular"
            case .pseudoFile: "um pseudoarquivo (/proc, /sys) cujo tamanho nada diz do conteúdo, não um arquivo regular"
            case .cannotOpen(let code): String(cString: strerror(code))
            }
        }

        /// Both languages, English first; only the system's message for `cannotOpen`.
        public var description: String {
            if case .cannotOpen = self { return english }
            return "\(english) / \(portuguese)"
        }
    }

    /// Opens `path` for reading, refusing whatever is not a regular file.
    public static func open(path: String, followingSymbolicLinks: Bool = false) -> Result<InputFile, Refusal> {
        guard !path.utf8.contains(0) else { return .failure(.cannotOpen(EINVAL)) }
        return path.withCString { open(fileSystemPath: $0, followingSymbolicLinks: followingSymbolicLinks) }
    }

    /// Opens the file `url` names, by its file-system representation (a name that is not valid UTF-8
    /// keeps its bytes).
    public static func open(_ url: URL, followingSymbolicLinks: Bool = false) -> Result<InputFile, Refusal> {
        url.withUnsafeFileSystemRepresentation { path in
            guard let path else { return .failure(.cannotOpen(EINVAL)) }
            return open(fileSystemPath: path, followingSymbolicLinks: followingSymbolicLinks)
        }
    }

    /// Opens a NUL-terminated file-system path, refusing whatever is not a regular file.
    public static func open(fileSystemPath path: UnsafePointer<CChar>,
                            followingSymbolicLinks: Bool = false) -> Result<InputFile, Refusal> {
        // Look before opening: opening a device can have effects of its own (a tape rewinds).
        var seen = stat()
        let looked = followingSymbolicLinks ? stat(path, &seen) : lstat(path, &seen)
        guard looked == 0 else { return .failure(.cannotOpen(errno)) }
        if let refusal = refusal(mode: seen.st_mode) { return .failure(refusal) }
        var flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC
        if !followingSymbolicLinks { flags |= O_NOFOLLOW }
        let fd = openDescriptor(path, flags)
        guard fd >= 0 else {
            let code = errno
            // O_NOFOLLOW on a link fails with ELOOP: the path was swapped for a link after the look.
            return .failure(code == ELOOP && !followingSymbolicLinks ? .symbolicLink : .cannotOpen(code))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            return .failure(.cannotOpen(code))
        }
        if let refusal = refusal(mode: info.st_mode) ?? pseudoFileRefusal(fd, size: Int64(info.st_size)) {
            close(fd)
            return .failure(refusal)
        }
        return .success(InputFile(descriptor: fd, byteCount: Int64(info.st_size)))
    }

    /// Examines `path` as `open` would, without keeping it open: `nil` when it is a regular file Acervo
    /// may read. What a command checks its file arguments with before it starts.
    public static func refusal(path: String, followingSymbolicLinks: Bool = false) -> Refusal? {
        switch open(path: path, followingSymbolicLinks: followingSymbolicLinks) {
        case .success(let file):
            close(file.descriptor)
            return nil
        case .failure(let refusal):
            return refusal
        }
    }

    private static func refusal(mode: mode_t) -> Refusal? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFLNK: .symbolicLink
        case S_IFIFO: .notRegular(english: "a FIFO (named pipe)", portuguese: "um FIFO (pipe nomeado)")
        case S_IFCHR: .notRegular(english: "a character device", portuguese: "um dispositivo de caracteres")
        case S_IFBLK: .notRegular(english: "a block device", portuguese: "um dispositivo de blocos")
        case S_IFSOCK: .notRegular(english: "a socket", portuguese: "um socket")
        case S_IFDIR: .notRegular(english: "a directory", portuguese: "um diretório")
        default: .notRegular(english: "a special file", portuguese: "um arquivo especial")
        }
    }

    /// A pseudo-file of `/proc` and its kin: its size is 0, yet reading it returns bytes. (A `/sys`
    /// attribute, whose size is a page and whose content is shorter, is caught by the reader: its size
    /// changes while it is read.)
    private static func pseudoFileRefusal(_ fd: Int32, size: Int64) -> Refusal? {
        guard size == 0 else { return nil }
        var byte: UInt8 = 0
        return pread(fd, &byte, 1, 0) > 0 ? .pseudoFile : nil
    }
}

/// `open(2)` under a name that the static `InputFile.open` does not shadow.
private func openDescriptor(_ path: UnsafePointer<CChar>, _ flags: Int32) -> Int32 {
    open(path, flags)
}
