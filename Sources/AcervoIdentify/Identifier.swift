public import AcervoCore
public import Foundation

/// Tells what an uploaded file really is from its content alone, and what is structurally wrong with it.
///
/// One per worker: it owns a libmagic cookie, which is neither thread-safe nor cheap to create. Each
/// call opens the file once, reads its head once (shared by libmagic and the structural checks), and
/// reads further only where the format needs it: the tail for trailers, headers of boxes and chunks,
/// and the whole file only for formats whose integrity lives in every byte (JPEG scans, PNG and Ogg
/// CRCs, the PDF object scan).
///
/// Where libmagic and a structural check disagree, the structural check wins when it positively
/// recognises its format; a file whose signature matches but whose structure breaks keeps the format
/// and carries a `.corrupt`, `.truncated` or `.appendedData` finding for the policy to judge.
public final class Identifier {
    private let magic: MagicCookie
    private let libmagicDescriptions: Bool
    private let buffers = ReadBuffers()

    /// Makes an identifier with its own libmagic cookie on the database at `databasePath` (or the one
    /// `MagicDatabase.locate()` finds).
    ///
    /// - Parameter libmagicDescriptions: when `true`, every description is libmagic's, at the cost of
    ///   one more libmagic pass for the formats Acervo's own checks confirm. When `false` (the default),
    ///   those formats are described from what their structural walk learnt, and libmagic runs once per
    ///   file at most.
    /// - Throws: `AcervoError` with code `.library` when libmagic cannot start.
    public init(databasePath: String? = nil, libmagicDescriptions: Bool = false) throws(AcervoError) {
        magic = try MagicCookie(databasePath: databasePath)
        self.libmagicDescriptions = libmagicDescriptions
    }

    /// Identifies the file at `url`. Never throws: a file that cannot be read is `.unknown` with an
    /// `.unreadable` finding.
    public func identify(fileAt url: URL, followingSymbolicLinks: Bool = false) -> Identification {
        identify(path: url.path, followingSymbolicLinks: followingSymbolicLinks)
    }

    /// Identifies the file at a file-system path. Never throws, like `identify(fileAt:)`; for batches
    /// whose names come as text (a list file, a hot folder's listing), it saves building a URL per file.
    ///
    /// Only a regular file is read: a symbolic link (unless `followingSymbolicLinks`), a FIFO, a device,
    /// a directory or a `/proc` pseudo-file is `.unknown` with an `.unreadable` finding saying which,
    /// as `InputFile` refuses it.
    public func identify(path: String, followingSymbolicLinks: Bool = false) -> Identification {
        // The C call would stop at a NUL and open whatever the name's first part names.
        guard !path.utf8.contains(0) else { return Self.unreadable("the name contains a NUL byte") }
        do {
            return identify(try ContentReader(path: path, buffers: buffers, followingSymbolicLinks: followingSymbolicLinks))
        } catch {
            return Self.unreadable(error.description)
        }
    }

    private static func unreadable(_ reason: String) -> Identification {
        Identification(format: .unknown, mime: "application/octet-stream", description: "unreadable",
                       findings: [Finding(.unreadable, reason)])
    }

    /// Identifies bytes already in memory, e.g. a small upload that never touched the disk.
    public func identify(data: Data) -> Identification {
        data.withUnsafeBytes { identify(bytes: $0) }
    }

    /// Identifies bytes in a buffer the caller keeps alive for the duration of the call.
    public func identify(bytes: UnsafeRawBufferPointer) -> Identification {
        identify(ContentReader(memory: bytes))
    }

    private func identify(_ reader: ContentReader) -> Identification {
        if reader.size == 0 {
            return Identification(format: .empty, mime: "application/x-empty", description: "empty")
        }
        let head = reader.head
        var report: StructuralReport
        var description: String
        let complete = Int64(head.count) == reader.size
        // Computed at most once: several text checks need it, and it reads the whole head.
        var encodingResult: TextStructure.Encoding??
        func encoding() -> TextStructure.Encoding? {
            if let known = encodingResult { return known }
            let found = TextStructure.encoding(head, complete: complete)
            encodingResult = .some(found)
            return found
        }
        if let confirmed = signatureStructure(of: reader) {
            // The signature is the same one libmagic would match, and the walk went deeper: libmagic
            // would only repeat it, at several times the cost of the walk.
            report = confirmed
            description = libmagicDescriptions || report.description == nil
                ? magic.description(of: head) : report.description!
        } else if !libmagicDescriptions, let text = TextStructure.decisive(head, complete: complete, encoding: encoding()) {
            // Markup, mail and shebang scripts are settled by their first bytes: libmagic's text rules,
            // the most expensive pass it has, would only agree.
            report = text
            description = TextStructure.describe(head, encoding: encoding() ?? .ascii)
        } else if !libmagicDescriptions, TextStructure.opensLikeJSON(head), encoding() != nil,
                  let json = TextStructure.decisiveJSON(head, lastByte: lastNonWhitespaceByte(reader)) {
            report = json
            description = "JSON text data"
        } else {
            // An OLE2 directory often lies past the first 16 KiB: libmagic needs it to name the application.
            let limit = OLEStructure.recognises(head) ? MagicCookie.bytesLimit : MagicCookie.bytesMax
            let magicMIME = magic.mime(of: head, limit: limit)
            report = magicStructure(of: reader, magicMIME: magicMIME, encoding: encoding)
                ?? fallback(reader, magicMIME: magicMIME)
            if !Self.textFormats.contains(report.format) { noteHiddenArchive(reader, in: &report) }
            if libmagicDescriptions || !Self.textFormats.contains(report.format) {
                description = magic.description(of: head, limit: limit)
            } else {
                // libmagic's rules already ran once for the MIME type; a text's description is its
                // encoding and line endings, which need no second pass.
                description = TextStructure.describe(head, encoding: encoding() ?? .ascii)
            }
        }
        if reader.failed {
            report.note(.unreadable, "I/O error while reading")
        }
        return Identification(format: report.format, mime: report.mime, description: description,
                              findings: report.findings)
    }

    static let textFormats: Set<FileFormat> = [.text, .eml, .xml, .nfeXML, .html, .svg, .script, .json, .csv]

    /// The structural check whose signature the content carries, for the formats a signature settles.
    private func signatureStructure(of reader: ContentReader) -> StructuralReport? {
        let head = reader.head
        if JPEGStructure.recognises(head) { return JPEGStructure.inspect(reader) }
        if PNGStructure.recognises(head) { return PNGStructure.inspect(reader) }
        if let start = PDFStructure.headerOffset(head) { return PDFStructure.inspect(reader, headerAt: start) }
        if ZIPStructure.recognises(head) { return ZIPStructure.inspect(reader) { self.magic.mime(of: head) } }
        if ISOBMFFStructure.recognises(head, magicMIME: "") { return ISOBMFFStructure.inspect(reader) }
        if OggStructure.recognises(head) { return OggStructure.inspect(reader) }
        if WAVEStructure.recognises(head) { return WAVEStructure.inspect(reader) }
        if EBMLStructure.recognises(head) { return EBMLStructure.inspect(reader) }
        if AMRStructure.recognises(head) { return AMRStructure.inspect(reader) }
        if head.first == 0xFF || MP3Structure.id3Length(head) > 0, let first = MP3Structure.firstFrame(reader) {
            return MP3Structure.inspect(reader, firstFrame: first)
        }
        return nil
    }

    /// The checks that need libmagic's word: OLE2 documents, QuickTime without `ftyp`, the families
    /// Acervo only names, MP3 libmagic sees but no frame walk confirms, and text.
    private func magicStructure(of reader: ContentReader, magicMIME: String,
                                encoding: () -> TextStructure.Encoding?) -> StructuralReport? {
        let head = reader.head
        if OLEStructure.recognises(head) { return OLEStructure.inspect(reader, magicMIME: magicMIME) }
        if ISOBMFFStructure.recognises(head, magicMIME: magicMIME) { return ISOBMFFStructure.inspect(reader) }
        if let format = MagicFamilies.format(for: magicMIME) {
            // JSON, CSV and RTF are text too, but libmagic's parsers know them better than a sniff.
            return StructuralReport(format: format, mime: magicMIME)
        }
        if magicMIME == "audio/mpeg" {
            var report = StructuralReport(format: .mp3, mime: magicMIME)
            report.note(.corrupt, "no run of \(MP3Structure.framesRequired) valid MPEG audio frames")
            return report
        }
        return TextStructure.inspect(head, complete: Int64(head.count) == reader.size, magicMIME: magicMIME,
                                     lastByte: lastNonWhitespaceByte(reader), encoding: encoding())
    }

    /// The last byte that is not whitespace, looked for in the last 64 bytes only.
    private func lastNonWhitespaceByte(_ reader: ContentReader) -> UInt8? {
        let span = Int(min(64, reader.size))
        guard let tail = reader.bytes(at: reader.size - Int64(span), count: span) else { return nil }
        return tail.last { !PDFStructure.isWhitespace($0) }
    }

    /// A whole ZIP at the end of something else (a self-extractor, a "GIFAR"): an unknown prefix makes
    /// it the archive it is, with the prefix reported; a known format keeps its name and gets a finding.
    private func noteHiddenArchive(_ reader: ContentReader, in report: inout StructuralReport) {
        guard report.format != .archive,
              reader.size >= 22, ZIPStructure.locateEnd(reader) != nil else { return }
        let archive = ZIPStructure.inspect(reader) { report.mime }
        guard !archive.findings.contains(where: { $0.code == .corrupt || $0.code == .truncated }) else { return }
        if report.format == .unknown {
            report = archive
        } else {
            report.note(.appendedData, "a ZIP archive (\(archive.format)) inside the \(report.format) file")
        }
    }

    /// What remains: libmagic's word for something Acervo does not accept.
    private func fallback(_ reader: ContentReader, magicMIME: String) -> StructuralReport {
        var report = StructuralReport(format: .unknown, mime: magicMIME)
        if magicMIME.hasPrefix("text/") {
            report.note(.corrupt, "libmagic says \(magicMIME), but the bytes are not valid text")
        }
        return report
    }
}

@available(*, unavailable)
extension Identifier: Sendable {}
