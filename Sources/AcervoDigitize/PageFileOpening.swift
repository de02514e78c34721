import AcervoCore
#if canImport(Glibc)
import Glibc
#endif

/// Opens a page file the operator named: a regular file, never through a symbolic link, read only.
///
/// What the operator got wrong (no such file, a directory, a link, a device) is an invalid argument; what
/// the system failed at (too many open files, an I/O error) is an I/O error. Neither is a verdict on a page.
enum PageFileOpening {
    /// Opens `path` and returns its descriptor, which the caller closes, and its size in bytes.
    static func open(_ path: String) throws(AcervoError) -> (descriptor: Int32, size: Int) {
        var fd: Int32
        repeat {
            fd = Glibc.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        } while fd < 0 && errno == EINTR
        if fd < 0 {
            let code = errno
            switch code {
            case ENOENT, ENOTDIR:
                throw AcervoError(.invalidArgument, english: "no such page file: \(path)",
                                  portuguese: "arquivo de página inexistente: \(path)")
            case ELOOP:
                throw AcervoError(.invalidArgument, english: "a page file is a symbolic link, which is not followed: \(path)",
                                  portuguese: "o arquivo de página é um link simbólico, que não é seguido: \(path)")
            case EACCES, EPERM:
                throw AcervoError(.invalidArgument, english: "permission denied reading page file: \(path)",
                                  portuguese: "sem permissão para ler o arquivo de página: \(path)")
            default:
                throw AcervoError(.io, english: "cannot open page file \(path): \(String(cString: strerror(code)))",
                                  portuguese: "não foi possível abrir o arquivo de página \(path): \(String(cString: strerror(code)))")
            }
        }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let code = errno
            close(fd)
            throw AcervoError(.io, english: "cannot read page file \(path): \(String(cString: strerror(code)))",
                              portuguese: "não foi possível ler o arquivo de página \(path): \(String(cString: strerror(code)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw AcervoError(.invalidArgument, english: "a page file must be a regular file: \(path)",
                              portuguese: "o arquivo de página deve ser um arquivo comum: \(path)")
        }
        // Reads block from here on: O_NONBLOCK only kept a FIFO from holding the open.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return (fd, Int(status.st_size))
    }
}
