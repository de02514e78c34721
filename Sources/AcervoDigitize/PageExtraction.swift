public import AcervoCore
import AcervoSystem
import CAcervoDigitize
import CQPDF
public import Foundation

/// Some pages of a multi-page scan, as a file of their own, without decoding them: what a stack split
/// at its cover sheets stores for a document whose pages share a file with another document's.
///
/// A TIFF's directories are copied with libtiff, each strip or tile raw, so every page keeps its bytes
/// and compression (a CCITT G4 page stays the same G4 data; a JPEG-in-TIFF page stays lossy, and the
/// quality gate still says so). A PDF's pages are copied with qpdf (their image streams as stored), into a
/// PDF with a deterministic /ID, so the same pages give the same bytes. PNG and JPEG files hold one page
/// and are never split.
///
/// ```swift
/// // pages 2 to 4 (from 0) of a 7-page scan, for the document a cover sheet on page 1 started
/// try PageExtraction.extract(pages: 2...4, of: "/scans/lote.tif", to: URL(fileURLWithPath: "/hand/doc-1.tif"))
/// ```
public enum PageExtraction {
    /// Writes pages `pages` (from 0) of the page file at `source` to `target`, in the source's format,
    /// durably (a temporary name, synced, renamed).
    ///
    /// - Throws: `invalidArgument` for a PNG or JPEG (one page each), an old-style JPEG TIFF, or when a
    ///   page is missing or cannot be read; `io` when the copy cannot be written.
    public static func extract(pages: ClosedRange<Int>, of source: String, to target: URL) throws(AcervoError) {
        guard pages.lowerBound >= 0 else {
            throw AcervoError(.invalidArgument, english: "pages are counted from 0", portuguese: "as páginas contam de 0")
        }
        let format: PageFileFormat?
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: source))
            defer { try? handle.close() }
            format = PageFileFormat(signature: try handle.read(upToCount: 8) ?? Data())
        } catch {
            throw AcervoError(.io, english: "cannot read \(source): \(error.localizedDescription)",
                              portuguese: "não foi possível ler \(source)", path: source)
        }
        switch format {
        case .tiff?: try extractTIFF(pages: pages, of: source, to: target)
        case .pdf?: try extractPDF(pages: pages, of: source, to: target)
        default:
            throw AcervoError(.invalidArgument, english: "\(source) holds one page and cannot be split",
                              portuguese: "\(source) tem uma só página e não pode ser dividido", path: source)
        }
    }

    private static func extractTIFF(pages: ClosedRange<Int>, of source: String, to target: URL) throws(AcervoError) {
        let size = (try? FileManager.default.attributesOfItem(atPath: source)[.size] as? NSNumber)?.uint64Value ?? 0
        try DocumentOutput.write(to: target) { (fd: Int32) throws(AcervoError) in
            var message = [CChar](repeating: 0, count: 512)
            let status = CAcervoDigitize_tiff_copy_pages(source, "/dev/fd/\(fd)", UInt32(pages.lowerBound),
                                                         UInt32(pages.upperBound), size, &message, message.count)
            guard status == 0 else {
                if let full = diskFailure(at: target, needing: size) { throw full }
                let detail = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                throw AcervoError(.invalidArgument, english: "cannot copy pages \(pages.lowerBound + 1)–\(pages.upperBound + 1) of \(source): \(detail)",
                                  portuguese: "não foi possível copiar as páginas \(pages.lowerBound + 1)–\(pages.upperBound + 1) de \(source): \(detail)",
                                  path: source)
            }
        }
    }

    /// The error a failed copy is when the target's disk is read-only or has less room than the source
    /// needs: the machine's failure, which a station waits out, never a verdict on the scan.
    private static func diskFailure(at target: URL, needing bytes: UInt64) -> AcervoError? {
        guard let room = DiskRoom(target.deletingLastPathComponent().path) else { return nil }
        if room.readOnly { return .io(.write, path: target.path, errno: EROFS) }
        return room.freeBytes < Int64(clamping: bytes) + (1 << 20) ? .diskFull(path: target.path) : nil
    }

    private static func extractPDF(pages: ClosedRange<Int>, of source: String, to target: URL) throws(AcervoError) {
        var input: qpdf_data? = qpdf_init()
        defer {
            if let input, qpdf_has_error(input) != QPDF_FALSE { _ = qpdf_get_error(input) }
            qpdf_cleanup(&input)
        }
        qpdf_silence_errors(input)
        qpdf_set_suppress_warnings(input, QPDF_TRUE)
        func failure(_ doing: String) -> AcervoError {
            let detail = (qpdf_has_error(input) != QPDF_FALSE ? qpdf_get_error(input) : nil)
                .flatMap { qpdf_get_error_message_detail(input, $0) }.map { String(cString: $0) } ?? "unreadable"
            return AcervoError(.invalidArgument, english: "cannot \(doing) \(source): \(detail)",
                               portuguese: "não foi possível copiar páginas de \(source): \(detail)", path: source)
        }
        guard qpdf_read(input, source, "") & QPDF_ERRORS == 0, qpdf_is_encrypted(input) == QPDF_FALSE else {
            throw failure("read")
        }
        // Resources and boxes a page inherits from its page tree go with it.
        guard qpdf_push_inherited_attributes_to_page(input) & QPDF_ERRORS == 0 else { throw failure("read the pages of") }
        guard pages.upperBound < Int(qpdf_get_num_pages(input)) else { throw failure("find the pages of") }
        let output = try QPDFDocument(making: "as páginas")
        for index in pages {
            let page = qpdf_get_page_n(input, index)
            if qpdf_add_page(output.handle, input, page, QPDF_FALSE) != QPDF_SUCCESS { try output.check("copy page \(index + 1)") }
        }
        try DocumentOutput.write(to: target) { (fd: Int32) throws(AcervoError) in
            if qpdf_init_write(output.handle, "/dev/fd/\(fd)") != QPDF_SUCCESS { try output.check("open \(target.path)") }
            qpdf_set_deterministic_ID(output.handle, QPDF_TRUE)
            // The pages' streams are written as stored: never decoded and encoded again.
            qpdf_set_decode_level(output.handle, qpdf_dl_none)
            if qpdf_write(output.handle) != QPDF_SUCCESS { try output.check("write \(target.path)") }
            try output.check("write \(target.path)")
        }
    }
}
