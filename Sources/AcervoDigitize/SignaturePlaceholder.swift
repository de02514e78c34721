import AcervoSystem
import CAcervoDigitize
import CQPDF
#if canImport(Glibc)
import Glibc
#endif

/// The untouched `/Sig` dictionary ``PAdESSignature`` put in a PDF, found again in the written file.
///
/// qpdf renumbers objects when it writes, so the dictionary is first found through the document
/// (AcroForm fields of type `/Sig` whose value still holds both placeholders), which gives its object
/// number; then that object is found in the bytes and its dictionary read token by token. Exactly one
/// such object must exist, or nothing is patched.
struct SignaturePlaceholder {
    /// The `/ByteRange` array's bytes in the file, `[` to after `]`.
    var byteRange: Range<Int>
    /// The `/Contents` string's bytes in the file, `<` to after `>`.
    var contents: Range<Int>

    /// The number and generation of the one signature dictionary in `path` that still holds the placeholders;
    /// `name` names the file in errors.
    static func objectNumber(in path: String, name: String, reservedBytes: Int) throws -> (number: Int32, generation: Int32) {
        guard let pdf = qpdf_init() else {
            throw SigningError(.signingFailed, english: "qpdf cannot start", portuguese: "o qpdf não pôde ser iniciado")
        }
        defer { var handle: qpdf_data? = pdf; qpdf_cleanup(&handle) }
        qpdf_silence_errors(pdf)
        if qpdf_read(pdf, path, nil) & QPDF_ERRORS != 0 {
            let problem = qpdfProblem(pdf) ?? ""
            throw notFound("qpdf cannot read \(name): \(problem)", "o qpdf não consegue ler \(name): \(problem)")
        }
        var found: [(Int32, Int32)] = []
        let fields = qpdf_oh_get_key(pdf, qpdf_oh_get_key(pdf, qpdf_get_root(pdf), "/AcroForm"), "/Fields")
        for index in 0..<max(0, qpdf_oh_get_array_n_items(pdf, fields)) {
            let field = qpdf_oh_get_array_item(pdf, fields, index)
            let value = qpdf_oh_get_key(pdf, field, "/V")
            guard qpdf_oh_is_name_and_equals(pdf, qpdf_oh_get_key(pdf, field, "/FT"), "/Sig") != 0,
                  qpdf_oh_is_indirect(pdf, value) != 0,
                  holdsPlaceholders(pdf, value, reservedBytes: reservedBytes) else { continue }
            found.append((Int32(qpdf_oh_get_object_id(pdf, value)), Int32(qpdf_oh_get_generation(pdf, value))))
        }
        guard found.count == 1, let only = found.first else {
            throw notFound("\(found.count) unsigned signature fields of this signature in the file, not one",
                           "\(found.count) campos de assinatura desta assinatura sem assinar no arquivo, e não um")
        }
        return only
    }

    private static func holdsPlaceholders(_ pdf: qpdf_data, _ signature: qpdf_oh, reservedBytes: Int) -> Bool {
        let range = qpdf_oh_get_key(pdf, signature, "/ByteRange")
        guard qpdf_oh_get_array_n_items(pdf, range) == 4 else { return false }
        let values = (0..<4).map { qpdf_oh_get_int_value(pdf, qpdf_oh_get_array_item(pdf, range, Int32($0))) }
        guard values == [0] + Array(repeating: PAdESSignature.placeholderOffset, count: 3) else { return false }
        var length = 0
        guard let bytes = qpdf_oh_get_binary_string_value(pdf, qpdf_oh_get_key(pdf, signature, "/Contents"), &length),
              length == reservedBytes else { return false }
        return UnsafeBufferPointer(start: bytes, count: length).allSatisfy { $0 == 0 }
    }

    /// Finds object `object` in the open file and the placeholders in its dictionary.
    static func locate(_ object: (number: Int32, generation: Int32), in descriptor: Int32, size: Int, path: String,
                       reservedBytes: Int) throws -> SignaturePlaceholder {
        let header = Array("\(object.number) \(object.generation) obj".utf8)
        let window = 2 * reservedBytes + 16_384  // the whole dictionary, with its hexadecimal /Contents
        let expectedRange = Array("[ 0 \(PAdESSignature.placeholderOffset) \(PAdESSignature.placeholderOffset) \(PAdESSignature.placeholderOffset) ]".utf8)
        var matches: [SignaturePlaceholder] = []
        for start in try headerOffsets(header, in: descriptor, size: size, path: path) {
            let bytes = try read(descriptor, at: start, count: min(window, size - start), path: path)
            guard let scan = SignatureDictionaryScan(bytes, dictionaryAt: header.count),
                  let range = scan.byteRange, let contents = scan.contents,
                  bytes[range].elementsEqual(expectedRange) || isPlaceholderRange(bytes[range]),
                  contents.count == 2 * reservedBytes + 2,
                  bytes[(contents.lowerBound + 1)..<(contents.upperBound - 1)].allSatisfy({ $0 == 0x30 })
            else { continue }
            matches.append(SignaturePlaceholder(byteRange: (start + range.lowerBound)..<(start + range.upperBound),
                                                contents: (start + contents.lowerBound)..<(start + contents.upperBound)))
        }
        guard matches.count == 1, let only = matches.first else {
            throw notFound("object \(object.number) \(object.generation) appears \(matches.count) times with its placeholders, not once",
                           "o objeto \(object.number) \(object.generation) aparece \(matches.count) vezes com seus espaços reservados, e não uma")
        }
        return only
    }

    /// `[0 9999999999 9999999999 9999999999]`, however qpdf spaced it.
    private static func isPlaceholderRange(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: bytes.dropFirst().dropLast(), as: UTF8.self)
        let numbers = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" }).map(String.init)
        let placeholder = String(PAdESSignature.placeholderOffset)
        return numbers == ["0", placeholder, placeholder, placeholder]
    }

    /// Offsets of `header` at the start of a line (after `\n`, `\r` or at the file's start), read in blocks
    /// into one buffer and searched with `memmem` (`CAcervoDigitize_find_bytes`): the file is the whole
    /// document, page images and all, and this pass over it should cost what reading it costs.
    private static func headerOffsets(_ header: [UInt8], in descriptor: Int32, size: Int, path: String) throws -> [Int] {
        var offsets: [Int] = []
        let block = 1 << 20
        var buffer = [UInt8](repeating: 0, count: block + header.count + 1)
        var start = 0
        while start < size {
            // Each block begins one byte early (for the byte before a match) and overlaps the next by the
            // header's length; a match is counted in the block where it starts.
            let from = max(0, start - 1)
            let count = min(buffer.count, size - from)
            try read(descriptor, at: from, into: &buffer, count: count, path: path)
            let first = start - from
            buffer.withUnsafeBytes { raw in
                let base = raw.baseAddress!
                var index = first
                while index < first + block, index + header.count <= count,
                      let found = CAcervoDigitize_find_bytes(base + index, count - index, header, header.count) {
                    let at = base.distance(to: UnsafeRawPointer(found))
                    guard at < first + block else { break }
                    if from + at == 0 || raw[at - 1] == 0x0A || raw[at - 1] == 0x0D { offsets.append(from + at) }
                    index = at + 1
                }
            }
            start += block
        }
        return offsets
    }

    /// Fills the first `count` bytes of `bytes` from `offset`: AcervoSystem's `readWhole`, which retries
    /// short and interrupted reads; a file that ends early or fails is a read error.
    private static func read(_ descriptor: Int32, at offset: Int, into bytes: inout [UInt8], count: Int, path: String) throws {
        let read = bytes.withUnsafeMutableBytes {
            readWhole(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<count]), at: Int64(offset))
        }
        guard read.count == count else { throw PAdESSignature.ioError(path, "read", "ler") }
    }

    private static func read(_ descriptor: Int32, at offset: Int, count: Int, path: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try read(descriptor, at: offset, into: &bytes, count: count, path: path)
        return bytes
    }

    private static func notFound(_ english: String, _ portuguese: String) -> SigningError {
        SigningError(.placeholderNotFound, english: "cannot find the signature placeholder: \(english)",
                     portuguese: "não foi possível encontrar o espaço reservado à assinatura: \(portuguese)")
    }

    /// qpdf's pending error, as text, clearing it; `nil` when there is none.
    static func qpdfProblem(_ pdf: qpdf_data) -> String? {
        guard qpdf_has_error(pdf) != 0, let error = qpdf_get_error(pdf) else { return nil }
        return String(cString: qpdf_get_error_full_text(pdf, error))
    }
}
