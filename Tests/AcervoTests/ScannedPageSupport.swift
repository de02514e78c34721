import AcervoCore
import AcervoDigitize
import CTIFF
import Foundation

/// A realistic scanned page made by `scripts/scanned_pages.py`: Portuguese text rendered at 300 dpi by
/// Ghostscript, slightly skewed, with scanner noise, as a bitonal, grey or colour TIFF, and its truth.
struct ScannedTestPage: Sendable {
    /// One word as it was drawn: its text, its line in reading order, and its box in the TIFF's pixels.
    struct Word: Decodable, Sendable {
        var text: String
        var line: Int
        var left: Int
        var top: Int
        var width: Int
        var height: Int
    }

    private struct Record: Decodable {
        var file: String
        var colour: String
        var width: Int
        var height: Int
        var columns: Int
        var text: String
        var words: [Word]
    }

    var name: String
    var tiff: URL
    var colour: String
    var width: Int
    var height: Int
    var columns: Int
    /// The page's text in reading order, a line of the page to a line of text.
    var truth: String
    var words: [Word]

    /// The generator, shared with the digitization benchmark.
    static let script = packageRoot.appending(path: "scripts/scanned_pages.py")

    /// Renders the named pages (see `scanned_pages.py list`) into `directory`.
    static func make(_ names: [String], in directory: URL) throws -> [ScannedTestPage] {
        let python = which("python3") ?? URL(fileURLWithPath: "/usr/bin/python3")
        let result = try runCommand(python, [script.path, "make", "--out", directory.path] + names, timeout: 300)
        guard result.status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "scanned_pages.py: \(result.stderr)"])
        }
        return try make(from: directory, names)
    }

    /// The named pages of a folder `make` rendered into.
    static func make(from directory: URL, _ names: [String]) throws -> [ScannedTestPage] {
        try names.map { name in
            let record = try JSONDecoder().decode(Record.self, from: Data(contentsOf: directory.appending(path: "\(name).json")))
            return ScannedTestPage(name: name, tiff: directory.appending(path: record.file), colour: record.colour,
                                   width: record.width, height: record.height, columns: record.columns,
                                   truth: record.text, words: record.words)
        }
    }

    /// The TIFF's pixels as the digitizer holds them, read row by row through libtiff.
    func raster(number: Int = 1) throws -> PageRaster {
        guard let tiff = TIFFOpen(self.tiff.path, "r") else { throw CocoaError(.fileReadUnknown) }
        defer { TIFFClose(tiff) }
        var width: UInt32 = 0, height: UInt32 = 0, bits: UInt16 = 0, samples: UInt16 = 0, photometric: UInt16 = 0
        _ = withVaList([withUnsafeMutablePointer(to: &width) { $0 }]) { TIFFVGetField(tiff, UInt32(TIFFTAG_IMAGEWIDTH), $0) }
        _ = withVaList([withUnsafeMutablePointer(to: &height) { $0 }]) { TIFFVGetField(tiff, UInt32(TIFFTAG_IMAGELENGTH), $0) }
        _ = withVaList([withUnsafeMutablePointer(to: &bits) { $0 }]) { TIFFVGetFieldDefaulted(tiff, UInt32(TIFFTAG_BITSPERSAMPLE), $0) }
        _ = withVaList([withUnsafeMutablePointer(to: &samples) { $0 }]) { TIFFVGetFieldDefaulted(tiff, UInt32(TIFFTAG_SAMPLESPERPIXEL), $0) }
        _ = withVaList([withUnsafeMutablePointer(to: &photometric) { $0 }]) { TIFFVGetField(tiff, UInt32(TIFFTAG_PHOTOMETRIC), $0) }
        let colour: PageColour = bits == 1 ? .bitonal : samples >= 3 ? .rgb : .greyscale
        let rowBytes = Int(TIFFScanlineSize(tiff))
        var pixels = Data(count: rowBytes * Int(height))
        try pixels.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
            for row in 0..<Int(height) {
                guard TIFFReadScanline(tiff, buffer.baseAddress! + row * rowBytes, UInt32(row), 0) == 1 else {
                    throw CocoaError(.fileReadCorruptFile)
                }
            }
            // The digitizer's bitonal rasters are 1 = black, greyscale 0 = black, whatever the file says.
            let inverted = (colour == .bitonal && photometric == UInt16(PHOTOMETRIC_MINISBLACK))
                || (colour == .greyscale && photometric == UInt16(PHOTOMETRIC_MINISWHITE))
            if inverted { for i in 0..<buffer.count { buffer[i] = ~buffer[i] } }
        }
        let page = ScannedPage(number: number, indexInFile: 0, width: Int(width), height: Int(height), dpiX: 300, dpiY: 300,
                               colour: colour, bitsPerSample: Int(bits), samplesPerPixel: Int(samples),
                               compression: colour == .bitonal ? "ccitt-g4" : "none", lossyCompression: false)
        return PageRaster(page: page, width: Int(width), height: Int(height), colour: colour, bytesPerRow: rowBytes, pixels: pixels)
    }
}

/// The words of `truth` found in order in `ocr`, over the words of `truth` (`scanned_pages.py accuracy`,
/// the same measure the digitization benchmark reports).
func wordAccuracy(truth: String, ocr: String) throws -> Double {
    let directory = TemporaryDirectory("acervo-accuracy")
    defer { directory.cleanUp() }
    let truthFile = try directory.file("truth.txt", Array(truth.utf8))
    let ocrFile = try directory.file("ocr.txt", Array(ocr.utf8))
    let python = which("python3") ?? URL(fileURLWithPath: "/usr/bin/python3")
    let result = try runCommand(python, [ScannedTestPage.script.path, "accuracy", truthFile.path, ocrFile.path])
    guard result.status == 0, let value = Double(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "scanned_pages.py accuracy: \(result.stderr)"])
    }
    return value
}

/// Recognized words as text: one line of text per line the engine read.
func text(of words: [RecognizedWord]) -> String {
    var lines: [Int: [String]] = [:]
    for word in words { lines[word.line, default: []].append(word.text) }
    return lines.keys.sorted().map { lines[$0]!.joined(separator: " ") }.joined(separator: "\n")
}
