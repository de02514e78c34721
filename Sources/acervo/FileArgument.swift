import AcervoCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file named on the command line, checked before any work starts: it must be a regular file, and a
/// symbolic link is taken only when the operator asked for it (`--follow-symlinks`).
enum FileArgument {
    /// What is wrong with `path` as a file to read, in English and Portuguese, or `nil` when it is a
    /// regular file. A name that does not resolve (absent, too long, a component that is not a
    /// directory) and anything but a regular file is a usage error; a file that exists but cannot be
    /// read (permissions) is left to get its verdict.
    static func problem(_ given: String, followingSymbolicLinks: Bool) -> String? {
        let path = Output.shown(given)
        let refusal: InputFile.Refusal
        switch RawArguments.open(given, followingSymbolicLinks: followingSymbolicLinks) {
        case .success(let file):
            close(file.descriptor)
            return nil
        case .failure(let failure):
            refusal = failure
        }
        switch refusal {
        case .cannotOpen(ENOENT):
            return "no such file: \(path) / arquivo inexistente"
        case .cannotOpen(let code) where [ENAMETOOLONG, ENOTDIR, ELOOP, EINVAL].contains(code):
            return "\(path): \(refusal.english) / nome de arquivo inválido"
        case .cannotOpen:
            return nil
        case .symbolicLink:
            return "\(path) is \(refusal.english) (--follow-symlinks takes the file it points to) / "
                + "\(path) é \(refusal.portuguese) (--follow-symlinks lê o arquivo apontado)"
        case .notRegular, .pseudoFile:
            return "\(path) is \(refusal.english) / \(path) é \(refusal.portuguese)"
        }
    }

    /// The file `path` names once every symbolic link in it is resolved (`--follow-symlinks`).
    static func resolved(_ path: String) throws(AcervoError) -> URL {
        let real = RawArguments.fileURL(path).withUnsafeFileSystemRepresentation { $0.flatMap { realpath($0, nil) } }
        guard let real else {
            throw AcervoError(.notFound, english: "cannot resolve \(path): \(String(cString: strerror(errno)))",
                              portuguese: "não foi possível resolver \(path)")
        }
        defer { free(real) }
        return URL(fileURLWithFileSystemRepresentation: real, isDirectory: false, relativeTo: nil)
    }
}
