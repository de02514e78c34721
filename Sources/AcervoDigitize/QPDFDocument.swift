package import AcervoCore
package import CQPDF
package import Foundation

/// A qpdf document being built through qpdf's C API: every object the PDF/A writer and the station's
/// cover sheets make goes through here, and every error qpdf records becomes an `AcervoError`.
///
/// qpdf reports errors from functions that return none only through `qpdf_has_error`, so each call that
/// can fail is followed by ``check(_:)``. Its messages are silenced: they come back as errors, never on
/// standard error.
package final class QPDFDocument {
    package let handle: qpdf_data
    /// What is being made, in Portuguese, for error messages (`o PDF/A`, `a folha de rosto`).
    private let making: String

    /// An empty PDF (a catalog and an empty page tree); `making` names it in Portuguese messages.
    package init(making: String = "o PDF/A") throws(AcervoError) {
        self.making = making
        guard let handle = qpdf_init() else {
            throw AcervoError(.library, english: "qpdf could not start", portuguese: "o qpdf não pôde ser iniciado")
        }
        self.handle = handle
        qpdf_silence_errors(handle)
        if qpdf_empty_pdf(handle) != QPDF_SUCCESS { try check("create an empty PDF") }
    }

    deinit {
        var handle: qpdf_data? = handle
        qpdf_cleanup(&handle)
    }

    /// Throws the error qpdf recorded, if any, saying what was being done.
    package func check(_ doing: String) throws(AcervoError) {
        guard qpdf_has_error(handle) != 0, let error = qpdf_get_error(handle) else { return }
        let text = String(cString: qpdf_get_error_full_text(handle, error))
        throw AcervoError(.library, english: "qpdf failed to \(doing): \(text)",
                          portuguese: "falha do qpdf ao montar \(making): \(text)")
    }

    /// An object from PDF syntax (`<< /Type /Font >>`): for the fixed parts of the document.
    package func parse(_ syntax: String) throws(AcervoError) -> qpdf_oh {
        let object = qpdf_oh_parse(handle, syntax)
        try check("parse \(syntax.prefix(40))")
        return object
    }

    /// `object` made indirect, so that others refer to it by number.
    package func indirect(_ object: qpdf_oh) -> qpdf_oh {
        qpdf_make_indirect_object(handle, object)
    }

    /// A text string, in PDFDocEncoding when it fits and UTF-16 otherwise (qpdf chooses).
    package func text(_ value: String) -> qpdf_oh {
        qpdf_oh_new_unicode_string(handle, value)
    }

    /// A byte string, kept as given.
    package func bytes(_ value: [UInt8]) -> qpdf_oh {
        value.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { qpdf_oh_new_binary_string(handle, $0.baseAddress, $0.count) }
        }
    }

    package func set(_ dictionary: qpdf_oh, _ key: String, _ value: qpdf_oh) {
        qpdf_oh_replace_key(handle, dictionary, key, value)
    }

    /// A new stream holding `data` as it is (already encoded with `filter`, when given), with the keys of
    /// `dictionary` (PDF syntax) added to its dictionary.
    package func stream(_ data: Data, filter: String?, decodeParameters: String? = nil,
                dictionary: String = "<< >>") throws(AcervoError) -> qpdf_oh {
        let stream = qpdf_oh_new_stream(handle)
        let filterObject = try filter.map { (name) throws(AcervoError) in try parse(name) } ?? qpdf_oh_new_null(handle)
        let parameters = try decodeParameters.map { (syntax) throws(AcervoError) in try parse(syntax) }
            ?? qpdf_oh_new_null(handle)
        data.withUnsafeBytes { raw in
            qpdf_oh_replace_stream_data(handle, stream, raw.bindMemory(to: UInt8.self).baseAddress, raw.count,
                                        filterObject, parameters)
        }
        try check("store a stream")
        let extra = try parse(dictionary)
        let target = qpdf_oh_get_dict(handle, stream)
        qpdf_oh_begin_dict_key_iter(handle, extra)
        while qpdf_oh_dict_more_keys(handle) != 0 {
            guard let key = qpdf_oh_dict_next_key(handle) else { break }
            let name = String(cString: key)
            qpdf_oh_replace_key(handle, target, name, qpdf_oh_get_key(handle, extra, name))
        }
        try check("describe a stream")
        return stream
    }
}
