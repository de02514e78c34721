public import CQPDF
public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A PAdES signature (ETSI.CAdES.detached, SHA-256) of a PDF that qpdf writes, in two steps around the
/// write.
///
/// 1. Before qpdf writes the document, ``addSignatureField(to:)`` adds the signature: an `/AcroForm`
///    with `/SigFlags 3`, an invisible widget on page 1 (`/Rect [0 0 0 0]`, `/F 132`: print and locked,
///    as PDF/A wants) and a `/Sig` dictionary whose `/ByteRange` and `/Contents` are placeholders.
///    qpdf never puts a `/Sig` dictionary in an object stream, so they are written as plain text.
/// 2. After qpdf wrote the file, ``sign(fileAt:)`` finds that dictionary in the file, writes the real
///    `/ByteRange`, hashes every byte of the file but the `/Contents` value, writes the CMS SignedData into
///    `/Contents` and syncs the file.
///
/// The signature covers the whole file, and so the XMP metadata with it. The claimed signing time is the
/// dictionary's `/M`; the CMS has no signing-time attribute (PAdES forbids it) and no timestamp.
///
/// ```swift
/// let identity = try SigningIdentity(pkcs12: p12, pinFile: pin)     // before any work
/// let signature = try PAdESSignature(identity: identity)
/// try signature.addSignatureField(to: pdf)                            // the writer's hook, before qpdf_write
/// // qpdf_init_write(pdf, temporary); qpdf_write(pdf)
/// let signed = try signature.sign(fileAt: temporary)                  // then rename into place
/// ```
public struct PAdESSignature: Sendable {
    /// Who signs.
    public let identity: SigningIdentity
    /// The claimed time of signing, written as `/M`.
    public var signingTime: Date
    /// Why the document is signed (`/Reason`).
    public var reason: String
    /// Where it is signed (`/Location`), when known.
    public var location: String?
    /// The bytes reserved for the CMS SignedData in `/Contents`: a trial signature with the whole chain,
    /// and room to spare.
    public let reservedBytes: Int

    /// The reason written when none is given.
    public static let defaultReason = "Digitalização conforme o Decreto 10.278/2020 (Art. 5º)"

    /// The value of each `/ByteRange` placeholder: ten digits, room for any offset below 10 GB.
    static let placeholderOffset: Int64 = 9_999_999_999

    /// Prepares a signature by `identity`; makes one trial signature to size the `/Contents` placeholder.
    public init(identity: SigningIdentity, signingTime: Date = Date(), reason: String = Self.defaultReason,
                location: String? = nil) throws {
        self.identity = identity
        self.signingTime = signingTime
        self.reason = reason
        self.location = location
        let trial = try SignedDataBuilding.signedData(digest: [UInt8](repeating: 0, count: 32), identity: identity,
                                                      signingTime: nil)
        reservedBytes = trial.count + 256  // ECDSA signatures vary by a few bytes; keep slack
    }

    // MARK: Before qpdf writes

    /// Adds the signature field, its invisible widget on page 1 and the `/Sig` dictionary with its
    /// placeholders to the document `pdf`. Call it once, just before `qpdf_write`.
    ///
    /// - Throws: ``SigningError`` `signing-failed` when the document has no page or qpdf reports an error.
    public func addSignatureField(to pdf: qpdf_data) throws {
        guard qpdf_get_num_pages(pdf) > 0 else {
            throw SigningError(.signingFailed, english: "a document without pages cannot be signed",
                               portuguese: "um documento sem páginas não pode ser assinado")
        }
        var handles: [qpdf_oh] = []
        defer { handles.forEach { qpdf_oh_release(pdf, $0) } }
        func keep(_ handle: qpdf_oh) -> qpdf_oh { handles.append(handle); return handle }
        func name(_ value: String) -> qpdf_oh { keep(qpdf_oh_new_name(pdf, value)) }
        func text(_ value: String) -> qpdf_oh { keep(qpdf_oh_new_unicode_string(pdf, value)) }
        func integer(_ value: Int64) -> qpdf_oh { keep(qpdf_oh_new_integer(pdf, value)) }
        func array(_ items: [qpdf_oh]) -> qpdf_oh {
            let array = keep(qpdf_oh_new_array(pdf))
            items.forEach { qpdf_oh_append_item(pdf, array, $0) }
            return array
        }
        func dictionary(_ entries: [(String, qpdf_oh)]) -> qpdf_oh {
            let dictionary = keep(qpdf_oh_new_dictionary(pdf))
            entries.forEach { qpdf_oh_replace_key(pdf, dictionary, $0.0, $0.1) }
            return dictionary
        }

        let zeros = [CChar](repeating: 0, count: reservedBytes)
        var signatureEntries: [(String, qpdf_oh)] = [
            ("/Type", name("/Sig")),
            ("/Filter", name("/Adobe.PPKLite")),
            ("/SubFilter", name("/ETSI.CAdES.detached")),
            ("/ByteRange", array([integer(0), integer(Self.placeholderOffset), integer(Self.placeholderOffset),
                                  integer(Self.placeholderOffset)])),
            ("/Contents", keep(qpdf_oh_new_binary_string(pdf, zeros, zeros.count))),
            ("/M", text(Self.pdfDate(signingTime))),
            ("/Name", text(identity.signer.holderName)),
            ("/Reason", text(reason)),
        ]
        if let location { signatureEntries.append(("/Location", text(location))) }
        let signature = keep(qpdf_make_indirect_object(pdf, dictionary(signatureEntries)))

        // PDF/A wants an appearance even for an invisible widget: an empty form of no size.
        let appearance = keep(qpdf_oh_new_stream(pdf))
        let appearanceDictionary = keep(qpdf_oh_get_dict(pdf, appearance))
        qpdf_oh_replace_key(pdf, appearanceDictionary, "/Type", name("/XObject"))
        qpdf_oh_replace_key(pdf, appearanceDictionary, "/Subtype", name("/Form"))
        qpdf_oh_replace_key(pdf, appearanceDictionary, "/BBox", array([integer(0), integer(0), integer(0), integer(0)]))
        qpdf_oh_replace_stream_data(pdf, appearance, "", 0, keep(qpdf_oh_new_null(pdf)), keep(qpdf_oh_new_null(pdf)))

        let page = keep(qpdf_get_page_n(pdf, 0))
        let widget = keep(qpdf_make_indirect_object(pdf, dictionary([
            ("/Type", name("/Annot")),
            ("/Subtype", name("/Widget")),
            ("/FT", name("/Sig")),
            ("/T", text("Assinatura Acervo")),
            ("/F", integer(132)),
            ("/Rect", array([integer(0), integer(0), integer(0), integer(0)])),
            ("/V", signature),
            ("/P", page),
            ("/AP", dictionary([("/N", appearance)])),
        ])))

        let annotations = keep(qpdf_oh_get_key(pdf, page, "/Annots"))
        if qpdf_oh_is_array(pdf, annotations) != 0 {
            qpdf_oh_append_item(pdf, annotations, widget)
        } else {
            qpdf_oh_replace_key(pdf, page, "/Annots", array([widget]))
        }
        let root = keep(qpdf_get_root(pdf))
        let form = keep(qpdf_oh_get_key(pdf, root, "/AcroForm"))
        if qpdf_oh_is_dictionary(pdf, form) != 0 {
            let fields = keep(qpdf_oh_get_key(pdf, form, "/Fields"))
            if qpdf_oh_is_array(pdf, fields) != 0 {
                qpdf_oh_append_item(pdf, fields, widget)
            } else {
                qpdf_oh_replace_key(pdf, form, "/Fields", array([widget]))
            }
            qpdf_oh_replace_key(pdf, form, "/SigFlags", integer(3))
        } else {
            let newForm = keep(qpdf_make_indirect_object(pdf, dictionary([
                ("/Fields", array([widget])), ("/SigFlags", integer(3)),
            ])))
            qpdf_oh_replace_key(pdf, root, "/AcroForm", newForm)
        }
        if let problem = SignaturePlaceholder.qpdfProblem(pdf) {
            throw SigningError(.signingFailed, english: "cannot add the signature field: \(problem)",
                               portuguese: "não foi possível incluir o campo de assinatura: \(problem)")
        }
    }

    /// `D:YYYYMMDDHHmmSS+00'00'`, in UTC.
    static func pdfDate(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "D:%04d%02d%02d%02d%02d%02d+00'00'", parts.tm_year + 1900, parts.tm_mon + 1,
                      parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    // MARK: After qpdf wrote

    /// Signs the PDF qpdf wrote at `path` after ``addSignatureField(to:)``: patches `/ByteRange`, writes the
    /// CMS into `/Contents` and syncs the file. Sign it under a temporary name and rename it afterwards.
    ///
    /// - Throws: ``SigningError``: `signature-placeholder-not-found` when the file does not hold exactly
    ///   one untouched placeholder of this signature, `signature-too-large`, `signing-failed` or `io`.
    @discardableResult
    public func sign(fileAt path: String) throws -> PAdESSignedFile {
        var descriptor: Int32
        repeat { descriptor = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW) } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw Self.ioError(path, "open", "abrir") }
        defer { close(descriptor) }
        return try sign(descriptor: descriptor, name: path)
    }

    /// Signs the PDF qpdf wrote to the open file `descriptor` (open for reading and writing, such as the
    /// temporary file ``DocumentOutput`` hands its writer), so that it is signed before it is published.
    /// `name` names the file in errors. The file is synced; the descriptor stays open.
    ///
    /// - Throws: as ``sign(fileAt:)``.
    @discardableResult
    public func sign(descriptor: Int32, name: String) throws -> PAdESSignedFile {
        // qpdf reads by path: the descriptor's own file, through /dev/fd, as the writer wrote it.
        let objectNumber = try SignaturePlaceholder.objectNumber(in: "/dev/fd/\(descriptor)", name: name,
                                                                 reservedBytes: reservedBytes)
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Self.ioError(name, "inspect", "examinar") }
        let size = Int(status.st_size)
        let path = name
        let placeholder = try SignaturePlaceholder.locate(objectNumber, in: descriptor, size: size, path: path,
                                                          reservedBytes: reservedBytes)

        let before = placeholder.contents.lowerBound
        let after = placeholder.contents.upperBound
        let byteRange = [0, before, after, size - after]
        var rangeText = Array("[0 \(before) \(after) \(size - after)".utf8)
        let width = placeholder.byteRange.count
        guard rangeText.count + 1 <= width else {
            throw SigningError(.signatureTooLarge, english: "the file is too large for its /ByteRange placeholder",
                               portuguese: "o arquivo é grande demais para o espaço reservado ao /ByteRange")
        }
        rangeText += [UInt8](repeating: 0x20, count: width - rangeText.count - 1) + [0x5D]
        try Self.write(rangeText, at: placeholder.byteRange.lowerBound, to: descriptor, path: path)

        let digest = try FileDigest.sha256(descriptor, ranges: [(0, before), (after, size - after)], path: path)
        let signedData = try SignedDataBuilding.signedData(digest: digest, identity: identity, signingTime: nil)
        guard signedData.count <= reservedBytes else {
            throw SigningError(.signatureTooLarge,
                               english: "the signature (\(signedData.count) bytes) does not fit the \(reservedBytes) bytes reserved",
                               portuguese: "a assinatura (\(signedData.count) bytes) não cabe nos \(reservedBytes) bytes reservados")
        }
        let hex = Array(signedData.map { String(format: "%02X", $0) }.joined().utf8)
        try Self.write(hex, at: before + 1, to: descriptor, path: path)
        guard fsync(descriptor) == 0 else { throw Self.ioError(path, "sync", "sincronizar com o disco") }
        return PAdESSignedFile(byteRange: byteRange, signedDataBytes: signedData.count, reservedBytes: reservedBytes,
                               signer: identity.signer, signingTime: signingTime)
    }

    private static func write(_ bytes: [UInt8], at offset: Int, to descriptor: Int32, path: String) throws {
        var done = 0
        while done < bytes.count {
            let count = bytes[done...].withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset + done)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw ioError(path, "write", "gravar") }
            done += count
        }
    }

    static func ioError(_ path: String, _ english: String, _ portuguese: String) -> SigningError {
        let reason = String(cString: strerror(errno))
        return SigningError(.io, english: "cannot \(english) \(path): \(reason)",
                            portuguese: "não foi possível \(portuguese) \(path): \(reason)")
    }
}

/// What signing a PDF did, for custody records.
public struct PAdESSignedFile: Sendable, Hashable, Codable {
    /// The signed byte ranges: `[0, a, b, c]`, every byte of the file but the `/Contents` value at `a..<b`.
    public var byteRange: [Int]
    /// The size of the CMS SignedData written into `/Contents`.
    public var signedDataBytes: Int
    /// The bytes reserved for it.
    public var reservedBytes: Int
    /// Who signed.
    public var signer: SignerCertificate
    /// The claimed signing time (`/M`).
    public var signingTime: Date
}
