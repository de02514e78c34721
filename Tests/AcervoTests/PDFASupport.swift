import AcervoCore
import AcervoDigitize
import CTIFF
import Foundation

/// Synthetic scanned pages for the PDF/A tests: pixels in the raster convention, made from a formula so
/// that every test can recompute them, and the words a test "read" on them.
enum SyntheticPage {
    static func page(_ number: Int, width: Int, height: Int, colour: PageColour, dpi: Double = 300,
                     quarterTurns: Int = 0, compression: String = "none") -> ScannedPage {
        ScannedPage(number: number, indexInFile: number - 1, width: width, height: height, dpiX: dpi, dpiY: dpi,
                    colour: colour, bitsPerSample: colour == .bitonal ? 1 : 8,
                    samplesPerPixel: colour == .rgb ? 3 : 1, compression: compression,
                    lossyCompression: compression == "jpeg", quarterTurns: quarterTurns)
    }

    /// Black bars of "text" on white, with a few noise dots: what a printed page looks like to G4.
    static func bitonal(_ number: Int = 1, width: Int = 850, height: Int = 1100, dpi: Double = 300,
                        quarterTurns: Int = 0) -> PageRaster {
        let rowBytes = (width + 7) / 8
        var pixels = [UInt8](repeating: 0, count: rowBytes * height)
        for y in 0..<height {
            for x in 0..<width where isInk(x, y, width: width) {
                pixels[y * rowBytes + x / 8] |= 0x80 >> UInt8(x % 8)
            }
        }
        return PageRaster(page: page(number, width: width, height: height, colour: .bitonal, dpi: dpi,
                                     quarterTurns: quarterTurns),
                          width: width, height: height, colour: .bitonal, pixels: Data(pixels))
    }

    static func isInk(_ x: Int, _ y: Int, width: Int) -> Bool {
        let inLine = (y % 60) >= 20 && (y % 60) < 44
        let inWord = (x % 97) < 70 && x > 40 && x < width - 40
        let noise = (x &* 7919 &+ y &* 104_729) % 997 == 0
        return (inLine && inWord && (x / 3 + y / 5) % 4 != 0) || noise
    }

    /// A grey page: paper tone with darker text bands and a gradient.
    static func grey(_ number: Int = 1, width: Int = 600, height: Int = 800, dpi: Double = 300) -> PageRaster {
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                pixels[y * width + x] = isInk(x, y, width: width) ? UInt8(30 + (x + y) % 40) : UInt8(200 + (x * 3 + y) % 50)
            }
        }
        return PageRaster(page: page(number, width: width, height: height, colour: .greyscale, dpi: dpi),
                          width: width, height: height, colour: .greyscale, pixels: Data(pixels))
    }

    /// A colour page: tinted paper, blue "ink" and a red stamp.
    static func rgb(_ number: Int = 1, width: Int = 500, height: Int = 700, dpi: Double = 300) -> PageRaster {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                let stamp = (x - 350) * (x - 350) + (y - 500) * (y - 500) < 60 * 60
                if stamp {
                    pixels[i] = 200; pixels[i + 1] = UInt8(20 + x % 30); pixels[i + 2] = 30
                } else if isInk(x, y, width: width) {
                    pixels[i] = 20; pixels[i + 1] = 30; pixels[i + 2] = UInt8(120 + y % 60)
                } else {
                    pixels[i] = 245; pixels[i + 1] = UInt8(235 + x % 10); pixels[i + 2] = 220
                }
            }
        }
        return PageRaster(page: page(number, width: width, height: height, colour: .rgb, dpi: dpi),
                          width: width, height: height, colour: .rgb, pixels: Data(pixels))
    }

    /// Two lines of Portuguese words set on the text bands of a synthetic page, in reading order.
    static let lines: [[String]] = [["Reclamação", "do", "consumidor"], ["Endereço:", "São", "Paulo,", "é", "ótimo"]]

    /// The words of ``lines`` as an OCR engine reports them on a 300 dpi page: 10-point text, boxes 40 px
    /// high, about 12 px between words, tops wandering by a pixel or two as on a real scan.
    static func words() -> [RecognizedWord] {
        var words: [RecognizedWord] = []
        for (line, texts) in lines.enumerated() {
            var left = 60
            for (i, text) in texts.enumerated() {
                let width = 18 * text.count
                words.append(RecognizedWord(text: text, left: left, top: 100 + line * 60 + i % 3, width: width,
                                            height: 40 - i % 2 * 10, line: line, confidence: 90))
                left += width + 12
            }
        }
        return words
    }

    static let metadata = ArchivalMetadata(
        title: "Contrato de prestação de serviços", subject: "Reclamação sobre cobrança indevida",
        author: "Maria José da Conceição", documentType: "contrato", digitizedBy: "Procon-MS, setor de protocolo",
        digitizationPlace: "Campo Grande, MS", digitizedAt: Date(timeIntervalSince1970: 1_780_000_000),
        identifier: "MS-2026-000123/0001", documentClass: "061.1", producedOn: "2025-11-03",
        intendedDisposition: .permanent, genre: "textual", retentionPeriod: "5 anos")
}

/// The validators the PDF/A tests run, each `nil` when not installed so that its test skips.
enum PDFValidators {
    static let preflightClassPath = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging",
                                     "javax.activation", "jaxb-api"].map { "/usr/share/java/\($0).jar" }

    static var preflightAvailable: Bool {
        which("java") != nil && preflightClassPath.allSatisfy { FileManager.default.fileExists(atPath: $0) }
    }

    /// Preflight's verdict on `url` as PDF/A-1b.
    static func preflight(_ url: URL) throws -> CommandResult {
        try runCommand(which("java")!, ["-cp", preflightClassPath.joined(separator: ":"),
                                        "org.apache.pdfbox.preflight.Validator_A1b", url.path], timeout: 300)
    }

    static var pikepdfAvailable: Bool {
        guard let python = which("python3") else { return false }
        return (try? runCommand(python, ["-c", "import pikepdf"]).status) == 0
    }

    /// Runs a Python script with the PDF's path as `sys.argv[1]`.
    static func python(_ script: String, _ url: URL) throws -> CommandResult {
        try runCommand(which("python3")!, ["-c", script, url.path])
    }
}
