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
    /// A PDF page's `JBIG2Decode` image as the file holds it, for the writer to embed untouched; `nil`
    /// for any other page.
    public var capturedJBIG2: CapturedJBIG2?

    /// Makes a decoded page.
    public init(raster: PageRaster, capturedJPEG: Data? = nil, capturedJBIG2: CapturedJBIG2? = nil) {
        self.raster = raster
        self.capturedJPEG = capturedJPEG
        self.capturedJBIG2 = capturedJBIG2
    }
}

/// A bitonal page as scanner software stored it in JBIG2: the page's stream and the symbols it shares
/// with other pages (`/JBIG2Globals`, decoded from whatever filter held them).
///
/// JBIG2 is how scanner software makes bitonal PDFs small: its generic coding is lossless and about a
/// quarter of CCITT G4's size on a text page. Kept as stored, the pixels are exactly the scan's and the
/// page costs what the scanner made it cost; decoded and written again as G4 it grew four times (the
/// corpus's four-page `cardinal.pdf`: 115 KB against 466 KB). A page coded by symbol matching may show
/// one glyph in place of a similar one whatever Acervo does: it is kept the same way, and flagged.
public struct CapturedJBIG2: Sendable, Hashable {
    /// The page's embedded JBIG2 stream (no file header), as the PDF holds it.
    public var data: Data
    /// The shared symbol dictionaries, or `nil` when the page has none.
    public var globals: Data?

    /// Makes a captured JBIG2 page.
    public init(data: Data, globals: Data? = nil) {
        self.data = data
        self.globals = globals
    }
}
