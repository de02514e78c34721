public import AcervoCore
import Foundation

/// The pages of one document as the operator gave them: every page file in order, told apart by its
/// content, each page's header read and numbered across the document, and each page's pixels read on
/// demand, one page at a time, so memory holds one page however long the document is.
///
/// A file that cannot be read, is of no kind Acervo reads, or holds a page it refuses gives a finding
/// naming the file and the page; the other pages are kept. Only what the operator got wrong about the
/// files themselves (no such file, a directory, a link) is an error.
public struct ScannedDocument: Sendable, Hashable {
    /// The pages read, in document order.
    public var pages: [DocumentPage]
    /// What was found while reading the headers: unreadable, unknown, unsupported or over-limit pages.
    public var findings: [DigitizationFinding]
    /// The limits pages were held to, and their pixels will be.
    public var limits: PageLimits
    /// How grave each finding is.
    public var grades: DigitizationGrades

    /// Makes a document from pages already read.
    public init(pages: [DocumentPage], findings: [DigitizationFinding], limits: PageLimits = .standard,
                grades: DigitizationGrades = .builtIn) {
        self.pages = pages
        self.findings = findings
        self.limits = limits
        self.grades = grades
    }

    /// The scanned pages alone, for the quality gate.
    public var scannedPages: [ScannedPage] { pages.map(\.page) }

    /// Reads the headers of every page of `paths`, in order: a TIFF or a PDF gives all its pages, a PNG
    /// or a JPEG one. Pages are numbered from 1 across the document; a file that gives a finding and no
    /// page still takes its place in the numbering.
    public static func read(paths: [String], limits: PageLimits = .standard,
                            grades: DigitizationGrades = .builtIn) throws(AcervoError) -> ScannedDocument {
        var document = ScannedDocument(pages: [], findings: [], limits: limits, grades: grades)
        var next = 1
        for path in paths {
            let name = (path as NSString).lastPathComponent
            let reading = try readFile(path, firstPageNumber: next, limits: limits, grades: grades)
            document.pages += reading.pages.map { DocumentPage(page: $0.page, path: path, format: $0.format) }
            document.findings += reading.findings.map { finding in
                finding.prefixed(name)
            }
            let last = (reading.pages.map(\.page.number) + reading.findings.compactMap(\.page)).max() ?? next
            next = max(next, last) + 1
        }
        return document
    }

    /// The pixels of `page` (and for a JPEG-captured page its JPEG as captured), read from its file now.
    ///
    /// Pixels are checked as they are decoded: a page truncated or corrupt after a sound header is a
    /// finding with its page number, thrown.
    ///
    /// - Throws: ``DigitizationFinding`` for what is wrong with the page; `AcervoError` when the machine
    ///   failed while reading it (a full disk, a read error): an operational error, never a verdict.
    public func image(of page: DocumentPage) throws -> DecodedPage {
        try decoded(page).get()
    }

    /// The pixels of `page`, or the finding of what is wrong with it; a failure of the machine while it is
    /// read (a full disk, a read error) is thrown, an operational error and never a verdict on the page.
    public func decoded(_ page: DocumentPage) throws(AcervoError) -> Result<DecodedPage, DigitizationFinding> {
        do {
            return .success(try Self.image(of: page, limits: limits))
        } catch {
            if let operational = error.operational {
                // Libraries read the page through its descriptor's /proc name: say which page it was.
                throw AcervoError(operational.code, english: "page \(page.page.number) (\(page.path)): \(operational.english)",
                                  portuguese: "página \(page.page.number) (\(page.path)): \(operational.portuguese ?? operational.english)",
                                  path: page.path, errno: operational.errno)
            }
            return .failure(error.finding(page: page.page.number, grades: grades)
                .prefixed((page.path as NSString).lastPathComponent))
        }
    }

    static func image(of page: DocumentPage, limits: PageLimits) throws(PageRefusal) -> DecodedPage {
        let file: OpenPageFile
        do { file = try OpenPageFile(page.path) } catch {
            // Too many open files, an I/O error: the machine's failure. A file gone or turned into a link
            // since its header was read is the page's.
            throw error.code == .io ? .operational(error) : .unreadable(error.english, error.portuguese)
        }
        switch page.format {
        case .png:
            return try PNGPages.image(path: PageFileBytes.path(of: file.descriptor), page: page.page, limits: limits)
        case .jpeg:
            guard file.size <= JPEGPages.mostBytes else {
                throw .tooLarge("\(file.size) bytes; a JPEG page may have at most \(JPEGPages.mostBytes)",
                                "\(file.size) bytes; uma página JPEG pode ter no máximo \(JPEGPages.mostBytes)")
            }
            let jpeg = try PageFileBytes.prefix(file.descriptor, file.size, name: page.path)
            return try JPEGPages.image(path: PageFileBytes.path(of: file.descriptor), jpeg: Data(jpeg), page: page.page,
                                       limits: limits)
        case .pdf:
            return try PDFPages.image(path: PageFileBytes.path(of: file.descriptor), page: page.page, limits: limits)
        case .tiff:
            do {
                return DecodedPage(raster: try TIFFPages.raster(path: page.path, index: page.page.indexInFile,
                                                              page: page.page, limits: limits))
            } catch let error as PageDecodingError {
                throw PageRefusal(code: error.code, detail: error.detail, detailPortuguese: error.detailPortuguese)
            } catch let error as AcervoError {
                throw error.code == .io ? .operational(error) : .unreadable(error.english, error.portuguese)
            } catch {
                throw .unreadable(String(describing: error))
            }
        }
    }

    struct FileReading {
        var pages: [(page: ScannedPage, format: PageFileFormat)] = []
        var findings: [DigitizationFinding] = []
    }

    static func readFile(_ path: String, firstPageNumber: Int, limits: PageLimits,
                         grades: DigitizationGrades) throws(AcervoError) -> FileReading {
        let file = try OpenPageFile(path)
        var reading = FileReading()
        func refuse(_ refusal: PageRefusal) {
            reading.findings.append(refusal.finding(page: firstPageNumber, grades: grades))
        }
        let head: [UInt8]
        do { head = try PageFileBytes.prefix(file.descriptor, 8, name: path) } catch {
            if let operational = error.operational { throw operational }
            refuse(error)
            return reading
        }
        guard let format = PageFileFormat(signature: head) else {
            refuse(head.isEmpty ? .unreadable("empty file", "arquivo vazio")
                   : .unreadable("not a TIFF, PNG, JPEG or PDF", "não é TIFF, PNG, JPEG nem PDF"))
            return reading
        }
        if format == .tiff {
            let tiff = try TIFFPages.read(path: path, firstPageNumber: firstPageNumber, limits: limits, grades: grades)
            reading.pages = tiff.pages.map { ($0, .tiff) }
            reading.findings = tiff.findings
            return reading
        }
        do throws(PageRefusal) {
            switch format {
            case .png:
                let header = try PageFileBytes.prefix(file.descriptor, min(file.size, PNGPages.headerBytes), name: path)
                reading.pages = [(try PNGPages.page(header: header, number: firstPageNumber, limits: limits), .png)]
            case .jpeg:
                let header = try PageFileBytes.prefix(file.descriptor, min(file.size, JPEGPages.headerBytes), name: path)
                reading.pages = [(try JPEGPages.page(header: header, number: firstPageNumber, limits: limits), .jpeg)]
            case .pdf, .tiff:
                let pdf = PDFPages.read(path: PageFileBytes.path(of: file.descriptor), firstPageNumber: firstPageNumber,
                                        limits: limits, grades: grades)
                reading.pages = pdf.pages.map { ($0, .pdf) }
                reading.findings = pdf.findings
            }
        } catch {
            if let operational = error.operational { throw operational }
            refuse(error)
        }
        return reading
    }
}

/// One page of a document: what its header says, and the file it is read from.
public struct DocumentPage: Sendable, Hashable {
    /// The page as its header describes it, numbered in the document.
    public var page: ScannedPage
    /// The page file it is in.
    public var path: String
    /// That file's kind, from its content.
    public var format: PageFileFormat

    /// Makes a document page.
    public init(page: ScannedPage, path: String, format: PageFileFormat) {
        self.page = page
        self.path = path
        self.format = format
    }
}

/// A finding is what a page read on demand throws when its pixels cannot be had.
extension DigitizationFinding: Error {}
