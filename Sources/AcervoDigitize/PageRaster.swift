public import AcervoCore
public import Foundation

/// A scanned page's pixels as the scanner captured them, in memory, rows top to bottom.
///
/// The archival image is written from these pixels unchanged: bitonal pages stay one bit per pixel,
/// greyscale and colour pages eight bits per sample. Anything done for the OCR engine (cleaning,
/// binarizing) works on a copy.
public struct PageRaster: Sendable, Hashable {
    /// The page this raster belongs to (number, resolution, compression, orientation).
    public var page: ScannedPage
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// What each pixel holds: `bitonal` packs 8 pixels in a byte (most significant bit first, 1 = black),
    /// `greyscale` is one byte per pixel (0 = black), `rgb` three bytes per pixel.
    public var colour: PageColour
    /// Bytes from the start of one row to the start of the next.
    public var bytesPerRow: Int
    /// The rows, `bytesPerRow × height` bytes.
    public var pixels: Data

    /// Makes a raster; `bytesPerRow` defaults to the tightest packing for `colour`.
    public init(page: ScannedPage, width: Int, height: Int, colour: PageColour, bytesPerRow: Int? = nil, pixels: Data) {
        self.page = page
        self.width = width
        self.height = height
        self.colour = colour
        self.bytesPerRow = bytesPerRow ?? PageRaster.tightBytesPerRow(width: width, colour: colour)
        self.pixels = pixels
    }

    /// The fewest bytes a row of `width` pixels of `colour` takes.
    public static func tightBytesPerRow(width: Int, colour: PageColour) -> Int {
        switch colour {
        case .bitonal: (width + 7) / 8
        case .greyscale: width
        case .rgb: width * 3
        }
    }
}
