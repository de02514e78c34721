import CQPDF
import CTIFF
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether a scan file is whole: read to its end by the library that reads its format, so that a file
/// a scanner is still writing (or left truncated) is never taken.
///
/// - TIFF: libtiff opens it and reads every directory of the IFD chain; every strip or tile of every
///   page lies inside the file.
/// - PDF: qpdf opens it without recovery (a truncated file's cross-reference table does not resolve)
///   and finds its trailer; the file ends with `%%EOF` (then only white space).
/// - PNG: the chunks, walked from the signature, end with `IEND` at the end of the file.
/// - JPEG: the file ends with the `EOI` marker.
enum Completeness {
    /// What reading a file to its end found.
    enum Finding: Equatable {
        /// The file is whole.
        case complete(ScanFormat, pages: Int)
        /// Not (yet) whole: still being written, or truncated.
        case incomplete(ScanFormat, String)
        /// Not a format a station takes (or empty).
        case notAScan(String)
    }

    /// Reads the file at `path` to its end.
    static func check(_ path: String) -> Finding {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .incomplete(.pdf, "cannot be opened") }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 1024)) ?? Data())
        guard !head.isEmpty else { return .notAScan("empty") }
        guard let format = ScanFormat.of(head: head) else { return .notAScan("not a TIFF, PDF, PNG or JPEG scan") }
        let size = (try? handle.seekToEnd()) ?? 0
        switch format {
        case .tiff: return tiff(path, size: size)
        case .pdf: return pdf(path, handle: handle, size: size)
        case .png: return png(handle, size: size)
        case .jpeg: return jpeg(handle, size: size)
        }
    }

    private static func tiff(_ path: String, size: UInt64) -> Finding {
        let errors = TIFFErrorCount()
        guard let options = TIFFOpenOptionsAlloc() else { return .incomplete(.tiff, "libtiff: no memory") }
        defer { TIFFOpenOptionsFree(options) }
        TIFFOpenOptionsSetErrorHandlerExtR(options, countTIFFError, Unmanaged.passUnretained(errors).toOpaque())
        TIFFOpenOptionsSetWarningHandlerExtR(options, ignoreTIFFWarning, nil)
        guard let tiff = TIFFOpenExt(path, "r", options) else {
            return .incomplete(.tiff, "libtiff cannot open it (its first directory is not in the file yet)")
        }
        defer { TIFFClose(tiff) }
        var pages = 0
        repeat {
            pages += 1
            let count = TIFFNumberOfStrips(tiff)   // strips, or tiles for a tiled page
            guard count > 0 else { return .incomplete(.tiff, "page \(pages) has no image data") }
            for index in 0..<count {
                var failed: Int32 = 0
                let offset = TIFFGetStrileOffsetWithErr(tiff, index, &failed)
                let length = TIFFGetStrileByteCountWithErr(tiff, index, &failed)
                if failed != 0 || offset == 0 || offset &+ length > size || offset &+ length < offset {
                    return .incomplete(.tiff, "page \(pages): image data past the end of the file")
                }
            }
            if errors.count > 0 { return .incomplete(.tiff, "libtiff reports errors in directory \(pages)") }
        } while TIFFReadDirectory(tiff) == 1
        if errors.count > 0 { return .incomplete(.tiff, "the directory after page \(pages) cannot be read") }
        return .complete(.tiff, pages: pages)
    }

    private static func pdf(_ path: String, handle: FileHandle, size: UInt64) -> Finding {
        // The end first: cheap, and it is what a writer still writing lacks.
        let tailLength = min(size, 2048)
        try? handle.seek(toOffset: size - tailLength)
        let tail = [UInt8]((try? handle.read(upToCount: Int(tailLength))) ?? Data())
        let trimmed = tail.reversed().drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0x00 }
        guard Array(trimmed.prefix(5).reversed()) == Array("%%EOF".utf8) else {
            return .incomplete(.pdf, "does not end with %%EOF")
        }
        guard let qpdf = qpdf_init() else { return .incomplete(.pdf, "qpdf: no memory") }
        var data: qpdf_data? = qpdf
        defer { qpdf_cleanup(&data) }
        qpdf_silence_errors(qpdf)
        qpdf_set_suppress_warnings(qpdf, QPDF_TRUE)
        qpdf_set_attempt_recovery(qpdf, QPDF_FALSE)
        let status = qpdf_read(qpdf, path, nil)
        if status & QPDF_ERRORS != 0 || qpdf_has_error(qpdf) != QPDF_FALSE {
            let message = qpdf_get_error(qpdf).flatMap { qpdf_get_error_full_text(qpdf, $0) }.map { String(cString: $0) } ?? "qpdf cannot read it"
            return .incomplete(.pdf, message)
        }
        let trailer = qpdf_get_trailer(qpdf)
        guard qpdf_oh_is_dictionary(qpdf, trailer) != QPDF_FALSE else { return .incomplete(.pdf, "no trailer") }
        let pages = Int(qpdf_get_num_pages(qpdf))
        if qpdf_has_error(qpdf) != QPDF_FALSE || pages < 1 { return .incomplete(.pdf, "its page tree cannot be read") }
        return .complete(.pdf, pages: pages)
    }

    private static func png(_ handle: FileHandle, size: UInt64) -> Finding {
        var offset: UInt64 = 8
        while offset + 12 <= size {
            try? handle.seek(toOffset: offset)
            guard let header = try? handle.read(upToCount: 8), header.count == 8 else { break }
            let bytes = [UInt8](header)
            let length = UInt64(bytes[0]) << 24 | UInt64(bytes[1]) << 16 | UInt64(bytes[2]) << 8 | UInt64(bytes[3])
            let type = String(decoding: bytes[4..<8], as: UTF8.self)
            let next = offset + 12 + length
            guard next <= size else { break }
            if type == "IEND" {
                return next == size ? .complete(.png, pages: 1) : .incomplete(.png, "data after IEND")
            }
            offset = next
        }
        return .incomplete(.png, "no IEND chunk at the end")
    }

    private static func jpeg(_ handle: FileHandle, size: UInt64) -> Finding {
        guard size >= 4 else { return .incomplete(.jpeg, "too short") }
        try? handle.seek(toOffset: size - 2)
        let end = [UInt8]((try? handle.read(upToCount: 2)) ?? Data())
        return end == [0xFF, 0xD9] ? .complete(.jpeg, pages: 1) : .incomplete(.jpeg, "does not end with the EOI marker")
    }
}

/// Counts libtiff's errors for one handle.
private final class TIFFErrorCount {
    var count = 0
}

private let countTIFFError: TIFFErrorHandlerExtR = { _, userData, _, _, _ in
    if let userData { Unmanaged<TIFFErrorCount>.fromOpaque(userData).takeUnretainedValue().count += 1 }
    return 1
}

private let ignoreTIFFWarning: TIFFErrorHandlerExtR = { _, _, _, _, _ in 1 }
