public import Foundation

/// One page's pixels, ready for the writer, and for a page captured as JPEG the JPEG as captured.
///
/// A JPEG is lossy: decoding and re-encoding it would lose more. So the writer embeds `capturedJPEG`
/// untouched (a PDF `DCTDecode` image) and uses `raster` only for what reads pixels (OCR, blank-page
/// detection, hashes of what is shown).
public struct DecodedPage: Sendable, Hashable {
    /// The decoded pixels, as stored in the file (not turned upright: see the page's `quarterTurns`).
    public var raster: PageRaster
    /// The JPEG bytes exactly as the file holds them (a JPEG page file, or a PDF page's `DCTDecode`
    /// image), for the writer to embed untouched; `nil` for a page captured losslessly.
    public var capturedJPEG: Data?

    /// Makes a decoded page.
    public init(raster: PageRaster, capturedJPEG: Data? = nil) {
        self.raster = raster
        self.capturedJPEG = capturedJPEG
    }
}
