import AcervoCore
import Foundation

/// Reads the pages of an image-only PDF, as scanner software writes them, through qpdf's C API.
///
/// Each page must draw one image covering it; its resolution is the image's pixels against the size
/// it is drawn at (the page's matrices, in points), and the page's turn is the drawing's quarter turns
/// plus `/Rotate`. The image's dictionary decides the rest (size, colour, coding) before any of its data
/// is read, so over-limit pages are refused from it.
enum PDFPages {
    /// Reads every page's header of the PDF at `path`, numbering from `firstPageNumber`.
    static func read(path: String, firstPageNumber: Int, limits: PageLimits, grades: DigitizationGrades) -> PageFileReading {
        var reading = PageFileReading()
        let file: PDFFile
        do { file = try PDFFile(path: path) } catch {
            reading.findings.append(error.finding(page: firstPageNumber, grades: grades))
            return reading
        }
        let count = file.pageCount
        if count <= 0 {
            let refusal = file.lastError.map { PageRefusal.unreadable($0) } ?? .unreadable("the PDF has no pages", "o PDF não tem páginas")
            reading.findings.append(refusal.finding(page: firstPageNumber, grades: grades))
            return reading
        }
        for index in 0..<min(count, limits.pagesPerFile) {
            let number = firstPageNumber + index
            do {
                let found = try page(file, index: index, number: number, limits: limits)
                reading.pages.append(found.page)
                // A masked page is described (the gate says what else is wrong with it) and refused.
                if found.image.masked { reading.findings.append(Self.masked.finding(page: number, grades: grades)) }
            } catch {
                reading.findings.append(error.finding(page: number, grades: grades))
            }
        }
        if count > limits.pagesPerFile {
            reading.findings.append(PageRefusal.tooLarge("more than \(limits.pagesPerFile) pages in one file",
                                                         "mais de \(limits.pagesPerFile) páginas num só arquivo")
                .finding(page: firstPageNumber + limits.pagesPerFile, grades: grades))
        }
        return reading
    }

    /// The pixels of page `page` of the PDF at `path` (its index in the file is `page.indexInFile`).
    static func image(path: String, page: ScannedPage, limits: PageLimits) throws(PageRefusal) -> DecodedPage {
        let file = try PDFFile(path: path)
        guard page.indexInFile < file.pageCount else { throw .unreadable("the PDF no longer has page \(page.indexInFile + 1)", "o PDF não tem mais a página \(page.indexInFile + 1)") }
        let (described, image) = try self.page(file, index: page.indexInFile, number: page.number, limits: limits)
        if image.masked { throw Self.masked }
        guard described.width == page.width, described.height == page.height, described.colour == page.colour else {
            throw .unreadable("the page changed since its header was read", "a página mudou depois de lido o seu cabeçalho")
        }
        return try PDFImageDecoding.image(image, page: page, limits: limits)
    }

    static let masked = PageRefusal.unsupported("the page image has a transparency mask",
                                                "a imagem da página tem máscara de transparência")

    /// Page `index` of `file`: its description and its image's dictionary.
    static func page(_ file: PDFFile, index: Int, number: Int, limits: PageLimits) throws(PageRefusal) -> (page: ScannedPage, image: PDFPageImage) {
        let page = file.page(index)
        try file.check()
        guard let box = page.key("/MediaBox")?.numbers, box.count == 4 else {
            throw .unreadable("the page has no /MediaBox", "a página não tem /MediaBox")
        }
        let placement: PDFImagePlacement
        do {
            placement = try PDFImagePlacement(content: try file.contents(of: page))
        } catch let notAScan as PDFImagePlacement.NotAScan {
            throw .unsupported("not an image-only scan: \(notAScan.detail)", "não é uma digitalização só de imagem: \(notAScan.portuguese)")
        } catch let refusal as PageRefusal {
            throw refusal
        } catch {
            throw .unreadable(String(describing: error))
        }
        guard let stream = page.key("/Resources")?.key("/XObject")?.key("/" + placement.name) else {
            throw .unreadable("the page draws /\(placement.name), which its resources lack",
                              "a página desenha /\(placement.name), que falta nos seus recursos")
        }
        let image = try PDFPageImage(stream)
        try file.check()
        let colour = image.pageColour
        if let excess = limits.excess(width: image.width, height: image.height, colour: colour) { throw .tooLarge(excess.en, excess.pt) }

        let m = placement.matrix
        // The drawing must be an upright rectangle, turned by quarter turns at most.
        let axisAligned = (abs(m[1]) < 1e-6 && abs(m[2]) < 1e-6) || (abs(m[0]) < 1e-6 && abs(m[3]) < 1e-6)
        guard axisAligned else {
            // Scanning software that straightens a page by turning its drawing, not its pixels, writes this.
            // Set upright here, the page would show another angle than the scanner's software showed.
            let angle = QualityGate.format(atan2(m[1], m[0]) * 180 / .pi)
            throw .unsupported("the image is drawn turned by \(angle)°, not by quarter turns; export the pages as TIFF "
                               + "or scan again without straightening",
                               "a imagem é desenhada girada em \(angle.replacingOccurrences(of: ".", with: ","))°, não em "
                               + "quartos de volta; exporte as páginas como TIFF ou digitalize de novo sem endireitar")
        }
        guard m[0] * m[3] - m[1] * m[2] > 0 else { throw .unsupported("not an image-only scan: the image is drawn mirrored",
                                                                  "não é uma digitalização só de imagem: a imagem é desenhada espelhada") }
        // The image's unit square on the page, against the page's box.
        let xs = [m[4], m[4] + m[0], m[4] + m[2], m[4] + m[0] + m[2]]
        let ys = [m[5], m[5] + m[1], m[5] + m[3], m[5] + m[1] + m[3]]
        let (left, right) = (min(box[0], box[2]), max(box[0], box[2]))
        let (bottom, top) = (min(box[1], box[3]), max(box[1], box[3]))
        let slackX = max(1.5, (right - left) * 0.01), slackY = max(1.5, (top - bottom) * 0.01)
        guard xs.min()! <= left + slackX, xs.max()! >= right - slackX, ys.min()! <= bottom + slackY, ys.max()! >= top - slackY
        else {
            throw .unsupported("not an image-only scan: the image does not cover the page",
                               "não é uma digitalização só de imagem: a imagem não cobre a página")
        }
        // Points are 1/72 inch; each of the image's axes is drawn as long as its matrix row.
        let drawnWidth = hypot(m[0], m[1]) / 72, drawnHeight = hypot(m[2], m[3]) / 72
        func dpi(_ pixels: Int, _ inches: Double) -> Double { (Double(pixels) / inches * 1000).rounded() / 1000 }
        // The image's x axis turned counter-clockwise by the drawing, then the page turned clockwise by /Rotate.
        let drawnTurns = m[0] > 0 ? 0 : m[1] > 0 ? 1 : m[0] < 0 ? 2 : 3
        let rotate = (page.key("/Rotate")?.integer ?? 0) / 90
        let quarterTurns = (((rotate - drawnTurns) % 4) + 4) % 4
        let description = ScannedPage(
            number: number, indexInFile: index, width: image.width, height: image.height,
            dpiX: dpi(image.width, drawnWidth), dpiY: dpi(image.height, drawnHeight), colour: colour,
            bitsPerSample: image.bitsPerComponent, samplesPerPixel: image.components,
            compression: image.compressionName, lossyCompression: image.lossy, quarterTurns: quarterTurns)
        return (description, image)
    }
}
