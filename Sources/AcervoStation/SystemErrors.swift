import AcervoCore
#if canImport(Glibc)
import Glibc
#endif

extension AcervoError {
    /// A system call of the station failed: the call, the path and `strerror`'s text, with the `errno`.
    static func system(_ call: String, path: String, errno code: Int32) -> AcervoError {
        let text = String(cString: strerror(code))
        return AcervoError(.io, english: "\(call) failed on \(path): \(text)", portuguese: "\(call) falhou em \(path): \(text)",
                           path: path, errno: code)
    }
}
