import AcervoCore
import CQPDF
import Foundation

/// A PDF opened through qpdf's C API, read-only, with qpdf's messages kept here (never printed).
/// qpdf parses the file; nothing here reads PDF syntax by hand.
final class PDFFile {
    private var qpdf: qpdf_data?

    /// Opens the PDF at `path`. An encrypted file is refused: scanner software has no reason to encrypt a
    /// scan, and a page whose bytes need a key to read is not one to archive as captured.
    init(path: String) throws(PageRefusal) {
        qpdf = qpdf_init()
        qpdf_silence_errors(qpdf)
        qpdf_set_suppress_warnings(qpdf, QPDF_TRUE)
        let status = qpdf_read(qpdf, path, "")
        // Taken now, so qpdf never reports it as unhandled.
        let error = lastError
        if qpdf_is_encrypted(qpdf) != QPDF_FALSE {
            throw .unsupported("encrypted PDF", "PDF criptografado")
        }
        if status & QPDF_ERRORS != 0 {
            throw error.map { PageRefusal.unreadable($0) } ?? .unreadable("not a readable PDF", "não é um PDF legível")
        }
        if qpdf_push_inherited_attributes_to_page(qpdf) & QPDF_ERRORS != 0 {
            throw lastError.map { PageRefusal.unreadable($0) } ?? .unreadable("the page tree cannot be read", "a árvore de páginas não pode ser lida")
        }
    }

    deinit {
        // An error left untaken would make qpdf print a warning at cleanup.
        _ = lastError
        qpdf_cleanup(&qpdf)
    }

    /// qpdf's error since the last call that asked, if any (which clears it): its message without the
    /// file's name, which is the descriptor's link here and says nothing to a person.
    var lastError: String? {
        guard qpdf_has_error(qpdf) != QPDF_FALSE, let error = qpdf_get_error(qpdf) else { return nil }
        return qpdf_get_error_message_detail(qpdf, error).map { String(cString: $0) }
    }

    /// Throws qpdf's pending error, if any.
    func check() throws(PageRefusal) {
        if let error = lastError { throw .unreadable(error) }
    }

    var pageCount: Int { Int(qpdf_get_num_pages(qpdf)) }

    func page(_ index: Int) -> PDFObject { PDFObject(file: self, handle: qpdf_get_page_n(qpdf, index)) }

    /// The most a page's content streams may decode to: a scanner's page draws one image (with, at most,
    /// a text layer from its own OCR).
    static let contentLimit = 32 << 20

    /// The page's content streams, concatenated and decoded by qpdf, each first bounded (see
    /// ``PDFStreamBound``).
    func contents(of page: PDFObject) throws(PageRefusal) -> [UInt8] {
        for stream in page.key("/Contents")?.items ?? [] where stream.isStream {
            try bound(stream, limit: Self.contentLimit)
        }
        var buffer: UnsafeMutablePointer<UInt8>?
        var length = 0
        let status = qpdf_oh_get_page_content_data(qpdf, page.handle, &buffer, &length)
        defer { free(buffer) }
        if status & QPDF_ERRORS != 0 { throw lastError.map { PageRefusal.unreadable($0) } ?? .unreadable("the page's content cannot be read", "o conteúdo da página não pode ser lido") }
        guard let buffer else { return [] }
        return Array(UnsafeBufferPointer(start: buffer, count: length))
    }

    /// A stream's data decoded by qpdf, once its stored bytes are shown to decode to at most `limit`
    /// bytes (see ``PDFStreamBound``); `nil` when qpdf does not decode one of its filters.
    func decodedData(_ stream: PDFObject, limit: Int) throws(PageRefusal) -> Data? {
        try bound(stream, limit: limit)
        return try streamData(stream, decoded: true)
    }

    /// Refuses a stream whose stored bytes decode to more than `limit` bytes.
    func bound(_ stream: PDFObject, limit: Int) throws(PageRefusal) {
        let filters = stream.key("/Filter")?.items.compactMap(\.name) ?? []
        guard let raw = try streamData(stream, decoded: false) else { return }
        try PDFStreamBound.check(filters: filters, raw: raw, limit: limit)
    }

    /// A stream's data: decoded by qpdf through every lossless filter it knows (`decoded`), or as stored.
    /// `nil` data with `decoded` asked means qpdf does not decode one of the stream's filters.
    func streamData(_ stream: PDFObject, decoded: Bool) throws(PageRefusal) -> Data? {
        var buffer: UnsafeMutablePointer<UInt8>?
        var length = 0
        var filtered: QPDF_BOOL = QPDF_FALSE
        let status = qpdf_oh_get_stream_data(qpdf, stream.handle, decoded ? qpdf_dl_specialized : qpdf_dl_none,
                                             &filtered, &buffer, &length)
        guard status & QPDF_ERRORS == 0, !decoded || filtered != QPDF_FALSE, let buffer else {
            free(buffer)
            if status & QPDF_ERRORS != 0 { throw lastError.map { PageRefusal.unreadable($0) } ?? .unreadable("the image data cannot be read", "os dados da imagem não podem ser lidos") }
            return decoded && filtered == QPDF_FALSE ? nil : Data()
        }
        // qpdf's buffer (malloc'ed) becomes the data without a copy.
        return Data(bytesNoCopy: buffer, count: length, deallocator: .free)
    }

    fileprivate var data: qpdf_data? { qpdf }
}

@available(*, unavailable) extension PDFFile: Sendable {}

/// One object of a `PDFFile`, through qpdf's object handles (indirect references resolved by qpdf).
struct PDFObject {
    unowned let file: PDFFile
    let handle: qpdf_oh

    private var q: qpdf_data? { file.data }

    func key(_ name: String) -> PDFObject? {
        let dictionary = qpdf_oh_is_stream(q, handle) != QPDF_FALSE ? qpdf_oh_get_dict(q, handle) : handle
        guard qpdf_oh_is_dictionary(q, dictionary) != QPDF_FALSE, qpdf_oh_has_key(q, dictionary, name) != QPDF_FALSE else {
            return nil
        }
        let value = PDFObject(file: file, handle: qpdf_oh_get_key(q, dictionary, name))
        return value.isNull ? nil : value
    }

    var isNull: Bool { qpdf_oh_is_null(q, handle) != QPDF_FALSE }
    var isStream: Bool { qpdf_oh_is_stream(q, handle) != QPDF_FALSE }
    var isDictionary: Bool { qpdf_oh_is_dictionary(q, handle) != QPDF_FALSE }
    var isArray: Bool { qpdf_oh_is_array(q, handle) != QPDF_FALSE }

    var name: String? {
        qpdf_oh_is_name(q, handle) != QPDF_FALSE ? qpdf_oh_get_name(q, handle).map { String(cString: $0) } : nil
    }

    var number: Double? {
        qpdf_oh_is_number(q, handle) != QPDF_FALSE ? qpdf_oh_get_numeric_value(q, handle) : nil
    }

    var integer: Int? {
        qpdf_oh_is_integer(q, handle) != QPDF_FALSE ? Int(qpdf_oh_get_int_value(q, handle)) : nil
    }

    var bool: Bool? {
        qpdf_oh_is_bool(q, handle) != QPDF_FALSE ? qpdf_oh_get_bool_value(q, handle) != QPDF_FALSE : nil
    }

    /// An array's items; a lone object as an array of one (how filters and their parameters are given).
    var items: [PDFObject] {
        guard isArray else { return [self] }
        let count = Int(qpdf_oh_get_array_n_items(q, handle))
        return (0..<min(count, 4096)).map { PDFObject(file: file, handle: qpdf_oh_get_array_item(q, handle, Int32($0))) }
    }

    var numbers: [Double]? {
        guard isArray else { return nil }
        let values = items.compactMap(\.number)
        return values.count == items.count ? values : nil
    }

    /// A string's bytes (an indexed colour space's table may be a string).
    var bytes: [UInt8]? {
        guard qpdf_oh_is_string(q, handle) != QPDF_FALSE else { return nil }
        var length = 0
        guard let pointer = qpdf_oh_get_binary_string_value(q, handle, &length) else { return [] }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }
}
