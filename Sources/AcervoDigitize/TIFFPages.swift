public import AcervoCore
import CTIFF
#if canImport(Glibc)
import Glibc
#endif

/// Reads the pages of a TIFF as scanners write them (one page or many; CCITT G3/G4, LZW, Deflate,
/// PackBits, JPEG), through libtiff, from their headers only.
///
/// The file is read through a descriptor opened without following links and without memory mapping (a
/// file cut short under a map would kill the process). libtiff refuses any single allocation over 64 MB,
/// so a header that lies about its tables cannot exhaust memory.
public enum TIFFPages {
    /// Reads every page of the TIFF at `path`, numbering them from `firstPageNumber`.
    ///
    /// A page that cannot be read, is too large or is of a kind Acervo does not take is a finding with its
    /// page number; the pages before it are kept. Failing to open the file at all is an error.
    public static func read(path: String, firstPageNumber: Int, limits: PageLimits = .standard,
                            grades: DigitizationGrades = .builtIn) throws(AcervoError) -> PageFileReading {
        let (fd, _) = try PageFileOpening.open(path)
        let messages = TIFFMessages()
        let options = messages.options(maxAllocation: 64 << 20)
        defer { TIFFOpenOptionsFree(options) }
        // "r": read; "m": no memory mapping. libtiff owns the descriptor from here and closes it.
        guard let tiff = TIFFFdOpenExt(fd, path, "rm", options) else {
            close(fd)
            return PageFileReading(findings: [DigitizationFinding(
                code: .unreadablePage, page: firstPageNumber, verdict: grades.verdict(for: .unreadablePage),
                detail: messages.first.isEmpty ? "not a TIFF" : messages.first,
                detailPortuguese: messages.first.isEmpty ? "não é um TIFF" : nil)])
        }
        defer { TIFFClose(tiff) }

        var reading = PageFileReading()
        var index = 0
        while true {
            // The page a finding concerns is the next one the document would have had.
            func refuse(_ code: DigitizationFindingCode, _ detail: String, _ portuguese: String? = nil) {
                reading.findings.append(DigitizationFinding(
                    code: code, page: firstPageNumber + reading.pages.count, verdict: grades.verdict(for: code),
                    detail: detail, detailPortuguese: portuguese))
            }
            if reading.pages.count >= limits.pagesPerFile {
                refuse(.pageTooLarge, "more than \(limits.pagesPerFile) pages in one file",
                       "mais de \(limits.pagesPerFile) páginas num só arquivo")
                break
            }
            let subfile: UInt32 = field(tiff, TIFFTAG_SUBFILETYPE, defaulted: true) ?? 0
            // A reduced-resolution copy (a thumbnail) is not a page.
            if subfile & UInt32(FILETYPE_REDUCEDIMAGE) == 0 {
                switch page(tiff, number: firstPageNumber + reading.pages.count, index: index, limits: limits) {
                case .success(let page): reading.pages.append(page)
                case .failure(let refusal):
                    refuse(refusal.code, refusal.detail.isEmpty ? messages.first : refusal.detail, refusal.detailPortuguese)
                    // The pages after a broken one are numbered after it: stop rather than renumber.
                    return reading
                }
            }
            index += 1
            let before = messages.errors.count
            if TIFFReadDirectory(tiff) != 1 {
                // 0 with no new error is the last directory; with one, the next page is broken.
                if messages.errors.count > before {
                    refuse(.unreadablePage, messages.errors[before])
                }
                break
            }
        }
        return reading
    }

    /// The current directory as a page.
    static func page(_ tiff: OpaquePointer, number: Int, index: Int, limits: PageLimits) -> Result<ScannedPage, PageRefusal> {
        guard let width: UInt32 = field(tiff, TIFFTAG_IMAGEWIDTH, defaulted: false),
              let height: UInt32 = field(tiff, TIFFTAG_IMAGELENGTH, defaulted: false) else {
            return .failure(.unreadable("no image width or length", "sem largura ou altura da imagem"))
        }
        let bits = Int(field(tiff, TIFFTAG_BITSPERSAMPLE, defaulted: true) as UInt16? ?? 1)
        let samples = Int(field(tiff, TIFFTAG_SAMPLESPERPIXEL, defaulted: true) as UInt16? ?? 1)
        let compression = Int32(field(tiff, TIFFTAG_COMPRESSION, defaulted: true) as UInt16? ?? 1)
        guard let photometric: UInt16 = field(tiff, TIFFTAG_PHOTOMETRIC, defaulted: false) else {
            return .failure(.unreadable("no photometric interpretation", "sem interpretação fotométrica"))
        }
        // The archival image keeps 8 bits a sample; halving 16-bit samples would lose what was scanned, and
        // PDF/A-1 cannot carry them. The operator rescans at 8 bits (PNG pages are held to the same rule).
        if bits == 16 {
            return .failure(.unsupported("16 bits per sample; scan at 8 bits per sample", "16 bits por amostra; digitalize com 8 bits por amostra"))
        }
        let colour: PageColour
        switch Int32(photometric) {
        case PHOTOMETRIC_MINISWHITE, PHOTOMETRIC_MINISBLACK:
            guard samples == 1 || samples == 2, [1, 2, 4, 8, 16].contains(bits) else {
                return .failure(.unsupported("\(samples) samples of \(bits) bits, grey", "\(samples) amostras de \(bits) bits, cinza"))
            }
            colour = bits == 1 ? .bitonal : .greyscale
        case PHOTOMETRIC_RGB, PHOTOMETRIC_YCBCR:
            guard samples == 3 || samples == 4, bits == 8 || bits == 16 else {
                return .failure(.unsupported("\(samples) samples of \(bits) bits, colour", "\(samples) amostras de \(bits) bits, cor"))
            }
            colour = .rgb
        case PHOTOMETRIC_PALETTE:
            guard samples == 1, [1, 2, 4, 8].contains(bits) else {
                return .failure(.unsupported("palette of \(bits) bits", "paleta de \(bits) bits"))
            }
            colour = .rgb
        case PHOTOMETRIC_SEPARATED:
            return .failure(.unsupported("CMYK"))
        default:
            return .failure(.unsupported("photometric interpretation \(photometric)", "interpretação fotométrica \(photometric)"))
        }
        if let excess = limits.excess(width: Int(width), height: Int(height), colour: colour) {
            return .failure(.tooLarge(excess.en, excess.pt))
        }
        let (dpiX, dpiY) = resolution(tiff)
        let orientation = Int32(field(tiff, TIFFTAG_ORIENTATION, defaulted: true) as UInt16? ?? 1)
        return .success(ScannedPage(
            number: number, indexInFile: index, width: Int(width), height: Int(height), dpiX: dpiX, dpiY: dpiY,
            colour: colour, bitsPerSample: bits, samplesPerPixel: samples,
            compression: compressionName(compression), lossyCompression: isLossy(compression),
            quarterTurns: quarterTurns(orientation)))
    }

    /// The resolution in dots per inch, or `nil` on an axis the file gives none (or no unit for).
    static func resolution(_ tiff: OpaquePointer) -> (Double?, Double?) {
        let unit = Int32(field(tiff, TIFFTAG_RESOLUTIONUNIT, defaulted: true) as UInt16? ?? UInt16(RESUNIT_INCH))
        let scale: Double
        switch unit {
        case RESUNIT_INCH: scale = 1
        case RESUNIT_CENTIMETER: scale = 2.54
        default: return (nil, nil)  // RESUNIT_NONE: only an aspect ratio
        }
        func dpi(_ tag: Int32) -> Double? {
            guard let value: Float = field(tiff, tag, defaulted: false), value.isFinite, value > 0 else { return nil }
            return Double(value) * scale
        }
        return (dpi(TIFFTAG_XRESOLUTION), dpi(TIFFTAG_YRESOLUTION))
    }

    static func compressionName(_ scheme: Int32) -> String {
        switch scheme {
        case COMPRESSION_NONE: "none"
        case COMPRESSION_CCITTRLE, COMPRESSION_CCITTRLEW: "ccitt-rle"
        case COMPRESSION_CCITTFAX3: "ccitt-g3"
        case COMPRESSION_CCITTFAX4: "ccitt-g4"
        case COMPRESSION_LZW: "lzw"
        case COMPRESSION_OJPEG, COMPRESSION_JPEG: "jpeg"
        case COMPRESSION_ADOBE_DEFLATE, COMPRESSION_DEFLATE: "deflate"
        case COMPRESSION_PACKBITS: "packbits"
        case COMPRESSION_JBIG: "jbig"
        case COMPRESSION_LZMA: "lzma"
        case COMPRESSION_ZSTD: "zstd"
        case COMPRESSION_WEBP: "webp"
        case COMPRESSION_JP2000: "jpeg2000"
        default: "compression \(scheme)"
        }
    }

    /// JPEG always discards; WebP and JPEG 2000 as scanners use them do too.
    static func isLossy(_ scheme: Int32) -> Bool {
        [COMPRESSION_OJPEG, COMPRESSION_JPEG, COMPRESSION_WEBP, COMPRESSION_JP2000].contains(scheme)
    }

    /// Quarter turns clockwise that set the page upright. Mirrored orientations (2, 4, 5, 7), which no
    /// scanner writes, are taken as their unmirrored turn.
    static func quarterTurns(_ orientation: Int32) -> Int {
        switch orientation {
        case ORIENTATION_BOTRIGHT, ORIENTATION_BOTLEFT: 2
        case ORIENTATION_RIGHTTOP, ORIENTATION_LEFTTOP: 1
        case ORIENTATION_LEFTBOT, ORIENTATION_RIGHTBOT: 3
        default: 0
        }
    }

    /// One tag's value through `TIFFVGetField` (`TIFFGetField` is variadic, which Swift cannot call).
    static func field<T>(_ tiff: OpaquePointer, _ tag: Int32, defaulted: Bool) -> T? {
        // Room for the largest value a tag read here gives (a UInt32 or a Float), zeroed.
        let storage = UnsafeMutablePointer<UInt64>.allocate(capacity: 2)
        defer { storage.deallocate() }
        storage.initialize(repeating: 0, count: 2)
        let found = withVaList([storage]) { arguments in
            defaulted ? TIFFVGetFieldDefaulted(tiff, UInt32(tag), arguments) : TIFFVGetField(tiff, UInt32(tag), arguments)
        }
        return found == 1 ? UnsafeRawPointer(storage).load(as: T.self) : nil
    }
}
