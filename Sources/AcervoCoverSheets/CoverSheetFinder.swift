public import AcervoCore
public import AcervoDigitize
public import AcervoStation
import CZbarLoader
import Foundation

/// Finds a cover sheet's QR code in a scanned page's pixels, with zbar.
///
/// Bitonal, greyscale and colour pages are read alike (as grey), and a page fed turned or upside down
/// too: a QR code is found at any angle. Only QR codes are looked for, on the page reduced by averaging
/// to about 100 dpi (a sheet's modules are 1.3 mm or more, so they keep five pixels or more; the longest
/// payload still reads at 75 dpi), which keeps the search on a page with no QR code short. A bitonal page that gives nothing is searched again
/// at about 70 dpi: a scanner's dithering turns a module into a pattern of dots that zbar cannot read
/// until it is averaged back into grey.
///
/// A page with no QR code, or only QR codes that are not a sheet's (a boleto's, a website's), is
/// ``CoverSheetPayload/Reading/notASheet``.
public enum CoverSheetFinder {
    /// What the QR codes on the page say: the sheet when one of them is a sheet's payload, else the fault
    /// of a sheet's payload that cannot be read, else not a sheet.
    public static func read(_ raster: PageRaster) -> CoverSheetPayload.Reading {
        let readings = texts(in: raster).map(CoverSheetPayload.read)
        if let sheet = readings.first(where: { if case .sheet = $0 { true } else { false } }) { return sheet }
        if let faulty = readings.first(where: { if case .faulty = $0 { true } else { false } }) { return faulty }
        return .notASheet
    }

    /// Opens libzbar if not yet open.
    ///
    /// - Throws: `library`, saying why, in Portuguese and English, when it cannot be opened: without it no
    ///   page reads as a sheet, so a stack must wait rather than be taken for one without sheets.
    public static func checkReader() throws(AcervoError) {
        guard let failure = CZbarLoader_failure() else { return }
        let reason = String(cString: failure)
        throw AcervoError(.library, english: "cover sheets cannot be read: \(reason) (install libzbar0)",
                          portuguese: "as folhas de rosto não podem ser lidas: \(reason) (instale libzbar0)")
    }

    /// The text of every QR code zbar finds on the page.
    public static func texts(in raster: PageRaster) -> [String] {
        let targets: [Double] = raster.colour == .bitonal ? [100, 70] : [100]
        var tried: Set<Int> = []
        for target in targets {
            let factor = reduction(raster, to: target)
            guard tried.insert(factor).inserted else { continue }
            let texts = GreyPage(raster, reducedBy: factor).qrTexts()
            if !texts.isEmpty { return texts }
        }
        return []
    }

    /// The whole factor that brings the page nearest `dpi`: by its declared resolution, else by its
    /// width taken as an A4 page's short side (8.27 in).
    static func reduction(_ raster: PageRaster, to dpi: Double) -> Int {
        let declared = min(raster.page.dpiX ?? 0, raster.page.dpiY ?? 0)
        let resolution = declared > 0 ? declared : Double(min(raster.width, raster.height)) / 8.27
        return max(1, Int((resolution / dpi).rounded()))
    }
}

/// A page as 8-bit grey (0 black), reduced by an integer factor by averaging: what zbar reads.
struct GreyPage {
    let width: Int
    let height: Int
    var pixels: [UInt8]

    init(_ raster: PageRaster, reducedBy factor: Int) {
        let width = max(1, raster.width / factor), height = max(1, raster.height / factor)
        self.width = width
        self.height = height
        let columns = width * factor
        let stride = raster.bytesPerRow
        let rowBytes = PageRaster.tightBytesPerRow(width: columns, colour: raster.colour)
        var sums = [UInt32](repeating: 0, count: width)
        var grey = [UInt8](repeating: 255, count: width * height)
        let area = UInt32(factor * factor)
        raster.pixels.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            let bytes = buffer.bindMemory(to: UInt8.self)
            sums.withUnsafeMutableBufferPointer { sums in
                for outY in 0..<height {
                    for x in 0..<width { sums[x] = 0 }
                    for y in (outY * factor)..<((outY + 1) * factor) {
                        let row = y * stride
                        // A short buffer (it never is, from a reader) leaves the rest of the page white.
                        guard row + rowBytes <= bytes.count else { return }
                        switch raster.colour {
                        case .bitonal:
                            // Black pixels are counted: a page is mostly white, and white bytes are skipped whole.
                            for byteIndex in 0..<((columns + 7) / 8) {
                                let byte = bytes[row + byteIndex]
                                guard byte != 0 else { continue }
                                for bit in 0..<8 where byte & (0x80 >> UInt8(bit)) != 0 {
                                    let x = byteIndex * 8 + bit
                                    if x < columns { sums[x / factor] += 1 }
                                }
                            }
                        case .greyscale:
                            for outX in 0..<width {
                                var sum: UInt32 = 0
                                for x in (row + outX * factor)..<(row + (outX + 1) * factor) { sum += UInt32(bytes[x]) }
                                sums[outX] += sum
                            }
                        case .rgb:
                            for outX in 0..<width {
                                var sum: UInt32 = 0
                                for x in (outX * factor)..<((outX + 1) * factor) {
                                    let p = row + 3 * x
                                    // Rec. 601 luma, in integers.
                                    sum += (299 * UInt32(bytes[p]) + 587 * UInt32(bytes[p + 1]) + 114 * UInt32(bytes[p + 2])) / 1000
                                }
                                sums[outX] += sum
                            }
                        }
                    }
                    for x in 0..<width {
                        grey[outY * width + x] = raster.colour == .bitonal ? UInt8(255 - sums[x] * 255 / area) : UInt8(sums[x] / area)
                    }
                }
            }
        }
        pixels = grey
    }

    /// The text of every QR code on the page.
    func qrTexts() -> [String] {
        guard let scanner = CZbarLoader_zbar_image_scanner_create() else { return [] }
        defer { CZbarLoader_zbar_image_scanner_destroy(scanner) }
        CZbarLoader_zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        CZbarLoader_zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
        guard let image = CZbarLoader_zbar_image_create() else { return [] }
        defer { CZbarLoader_zbar_image_destroy(image) }
        CZbarLoader_zbar_image_set_format(image, CZbarLoader_greyFormat())
        CZbarLoader_zbar_image_set_size(image, UInt32(width), UInt32(height))
        return pixels.withUnsafeBytes { buffer -> [String] in
            // zbar reads the buffer in place and frees nothing: no cleanup handler.
            CZbarLoader_zbar_image_set_data(image, buffer.baseAddress, UInt(buffer.count), nil)
            defer { CZbarLoader_zbar_image_set_data(image, nil, 0, nil) }
            guard CZbarLoader_zbar_scan_image(scanner, image) > 0 else { return [] }
            var texts: [String] = []
            var symbol = CZbarLoader_zbar_image_first_symbol(image)
            while let found = symbol {
                if CZbarLoader_zbar_symbol_get_type(found) == ZBAR_QRCODE, let data = CZbarLoader_zbar_symbol_get_data(found) {
                    let count = Int(CZbarLoader_zbar_symbol_get_data_length(found))
                    texts.append(data.withMemoryRebound(to: UInt8.self, capacity: count) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
                    })
                }
                symbol = CZbarLoader_zbar_symbol_next(found)
            }
            return texts
        }
    }
}
