import AcervoCore
import AcervoDigitize
import Foundation
import Testing

@Suite("Digitize: blank pages")
struct DigitizeBlankPageTests {
    /// An A4 page at 300 dpi of `colour`, white, with a seeded speckle of isolated dark pixels.
    func page(_ colour: PageColour, speckle: Int, seed: UInt64 = 7) -> PageRaster {
        let width = 2480, height = 3508
        let scanned = ScannedPage(number: 3, indexInFile: 0, width: width, height: height, dpiX: 300, dpiY: 300,
                                  colour: colour, bitsPerSample: colour == .bitonal ? 1 : 8,
                                  samplesPerPixel: colour == .rgb ? 3 : 1, compression: "none", lossyCompression: false)
        let bytesPerRow = PageRaster.tightBytesPerRow(width: width, colour: colour)
        var pixels = Data(repeating: colour == .bitonal ? 0 : 245, count: bytesPerRow * height)
        var raster = PageRaster(page: scanned, width: width, height: height, colour: colour, pixels: pixels)
        var state = seed
        for _ in 0..<speckle {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let x = Int((state >> 33) % UInt64(width)), y = Int((state >> 13) % UInt64(height))
            darken(&pixels, raster, x, y)
        }
        raster.pixels = pixels
        return raster
    }

    func darken(_ pixels: inout Data, _ raster: PageRaster, _ x: Int, _ y: Int) {
        let row = y * raster.bytesPerRow
        switch raster.colour {
        case .bitonal: pixels[row + x / 8] |= 0x80 >> UInt8(x % 8)
        case .greyscale: pixels[row + x] = 20
        case .rgb: for c in 0..<3 { pixels[row + x * 3 + c] = 20 }
        }
    }

    /// Draws a rectangle of ink.
    func fill(_ raster: inout PageRaster, x: Range<Int>, y: Range<Int>) {
        var pixels = raster.pixels
        for row in y { for column in x { darken(&pixels, raster, column, row) } }
        raster.pixels = pixels
    }

    @Test("a white page with scanner speckle is blank, in every colour", arguments: PageColour.allCases)
    func speckleIsBlank(colour: PageColour) {
        let raster = page(colour, speckle: 20_000)
        #expect(BlankPages.isBlank(raster))
        let finding = BlankPages.finding(raster)
        #expect(finding?.code == .blankPage && finding?.page == 3 && finding?.verdict == .accepted)
    }

    @Test("a lid shadow along the edge and punch holes do not make a page written")
    func edgesAreIgnored() {
        var raster = page(.bitonal, speckle: 5_000)
        fill(&raster, x: 0..<60, y: 0..<3508)            // the lid's shadow down the left edge
        fill(&raster, x: 0..<2480, y: 3440..<3508)       // and along the bottom
        for hole in [900, 2600] { fill(&raster, x: 70..<130, y: hole..<(hole + 60)) } // two punch holes
        #expect(BlankPages.isBlank(raster))
    }

    @Test("one short handwritten word in the middle makes the page written", arguments: PageColour.allCases)
    func oneWordIsWriting(colour: PageColour) {
        var raster = page(colour, speckle: 20_000)
        // Three letters' strokes, 3 px wide and 60 px tall, like a word at about 5 mm.
        for letter in 0..<3 {
            let x = 1200 + letter * 50
            fill(&raster, x: x..<(x + 3), y: 1700..<1760)
            fill(&raster, x: (x + 30)..<(x + 33), y: 1700..<1760)
            fill(&raster, x: x..<(x + 33), y: 1728..<1731)
        }
        #expect(!BlankPages.isBlank(raster))
        #expect(BlankPages.finding(raster) == nil)
    }
}
