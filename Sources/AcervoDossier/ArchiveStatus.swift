import AcervoCore
import CArchiveLoader

/// Turns libarchive's return codes into thrown errors carrying libarchive's own message.
enum ArchiveStatus {
    /// Why libarchive cannot be used (it is opened on first use), or that it ran out of memory.
    static var unavailable: String {
        CArchiveLoader_failure().map { String(cString: $0) } ?? "out of memory"
    }

    /// Throws unless `status` is `ARCHIVE_OK` or `ARCHIVE_WARN`; a warning (a name libarchive could
    /// not translate to the locale's charset for a legacy field) never loses data in the formats
    /// Acervo writes, because the UTF-8 name is always written beside it.
    static func check(_ status: Int32, _ handle: OpaquePointer?, _ what: @autoclosure () -> String) throws(AcervoError) {
        if status == ARCHIVE_OK || status == ARCHIVE_WARN { return }
        throw AcervoError(.io, "\(what()): \(message(handle))")
    }

    /// libarchive's description of the handle's last error.
    static func message(_ handle: OpaquePointer?) -> String {
        guard let handle, let text = CArchiveLoader_archive_error_string(handle) else { return "libarchive error" }
        return String(cString: text)
    }
}
