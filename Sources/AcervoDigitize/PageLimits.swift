import AcervoCore
/// The largest page a scan may be, checked from its header before a pixel is read.
///
/// A bitonal page costs one bit a pixel, so it may be larger: an A0 plan at 600 dpi is about 560 million
/// pixels (70 MB). Grey and colour pages are held to an A0 sheet at 300 dpi (about 140 million pixels).
public struct PageLimits: Sendable, Hashable {
    /// Longest width or height, in pixels.
    public var side: Int
    /// Most pixels a bitonal page may have.
    public var bitonalPixels: Int
    /// Most pixels a greyscale or colour page may have.
    public var pixels: Int
    /// Most pages one file may hold (a TIFF's directories, a PDF's pages).
    public var pagesPerFile: Int

    /// Makes limits; the defaults are Acervo's.
    public init(side: Int = 30_000, bitonalPixels: Int = 600_000_000, pixels: Int = 150_000_000,
                pagesPerFile: Int = 2_000) {
        self.side = side
        self.bitonalPixels = bitonalPixels
        self.pixels = pixels
        self.pagesPerFile = pagesPerFile
    }

    /// Acervo's limits.
    public static let standard = PageLimits()

    /// Why a page of this size and colour is refused, or `nil` when it fits.
    func excess(width: Int, height: Int, colour: PageColour) -> (en: String, pt: String)? {
        if width <= 0 || height <= 0 { return ("\(width) × \(height) px", "\(width) × \(height) px") }
        if width > side || height > side {
            return ("\(width) × \(height) px; at most \(side) px a side", "\(width) × \(height) px; no máximo \(side) px por lado")
        }
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        let most = colour == .bitonal ? bitonalPixels : pixels
        if overflow || count > most {
            return ("\(width) × \(height) px; at most \(most) pixels", "\(width) × \(height) px; no máximo \(most) pixels")
        }
        return nil
    }
}
