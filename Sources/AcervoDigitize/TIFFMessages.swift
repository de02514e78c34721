import CTIFF
#if canImport(Glibc)
import Glibc
#endif

/// The messages libtiff reports about one open file, kept per handle (not in libtiff's process-wide
/// handlers, which would mix the messages of pages read at the same time).
final class TIFFMessages {
    private(set) var errors: [String] = []

    func record(_ message: String) {
        // A hostile file can make libtiff complain once per tag: keep the first few.
        if errors.count < 8 { errors.append(message) }
    }

    /// The first error, for a finding's detail.
    var first: String { errors.first ?? "" }

    /// Open options that send errors here (warnings are dropped) and cap any one allocation libtiff makes.
    func options(maxAllocation: Int) -> OpaquePointer? {
        guard let options = TIFFOpenOptionsAlloc() else { return nil }
        TIFFOpenOptionsSetMaxSingleMemAlloc(options, tmsize_t(maxAllocation))
        TIFFOpenOptionsSetErrorHandlerExtR(options, tiffError, Unmanaged.passUnretained(self).toOpaque())
        TIFFOpenOptionsSetWarningHandlerExtR(options, tiffWarning, nil)
        return options
    }
}

/// Formats one libtiff error into the `TIFFMessages` its handle was opened with; returning 1 keeps libtiff
/// from also calling its process-wide handler, which writes to standard error.
private let tiffError: TIFFErrorHandlerExtR = { _, userData, module, format, arguments in
    guard let userData, let format, let arguments else { return 1 }
    var buffer = [CChar](repeating: 0, count: 512)
    _ = vsnprintf(&buffer, buffer.count, format, arguments)
    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let prefix = module.map { String(cString: $0) + ": " } ?? ""
    Unmanaged<TIFFMessages>.fromOpaque(userData).takeUnretainedValue().record(prefix + text)
    return 1
}

private let tiffWarning: TIFFErrorHandlerExtR = { _, _, _, _, _ in 1 }
