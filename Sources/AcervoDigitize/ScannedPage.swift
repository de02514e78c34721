public import AcervoCore
/// What a scanned page's headers say about it, before any pixel is read.
public struct ScannedPage: Sendable, Hashable, Codable {
    /// The page's place in the document, from 1, across every file given.
    public var number: Int
    /// The page's place inside its own file, from 0 (a multi-page TIFF's directory).
    public var indexInFile: Int
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Horizontal resolution the file declares, in dots per inch; `nil` when it declares none.
    public var dpiX: Double?
    /// Vertical resolution the file declares, in dots per inch; `nil` when it declares none.
    public var dpiY: Double?
    /// The colour the pixels can hold.
    public var colour: PageColour
    /// Bits in each sample (1 for bitonal pages, usually 8).
    public var bitsPerSample: Int
    /// Samples in each pixel (1 grey or bitonal, 3 RGB, 4 with alpha or CMYK).
    public var samplesPerPixel: Int
    /// The compression the scanner used, by its common name (`ccitt-g4`, `lzw`, `deflate`, `jpeg`, …).
    public var compression: String
    /// Whether that compression discards information (JPEG): the page stays as captured and is flagged.
    public var lossyCompression: Bool
    /// Quarter turns clockwise that set the page upright, from the file's orientation tag (0 to 3).
    public var quarterTurns: Int

    /// Makes a page description.
    public init(number: Int, indexInFile: Int, width: Int, height: Int, dpiX: Double?, dpiY: Double?,
                colour: PageColour, bitsPerSample: Int, samplesPerPixel: Int, compression: String,
                lossyCompression: Bool, quarterTurns: Int = 0) {
        self.number = number
        self.indexInFile = indexInFile
        self.width = width
        self.height = height
        self.dpiX = dpiX
        self.dpiY = dpiY
        self.colour = colour
        self.bitsPerSample = bitsPerSample
        self.samplesPerPixel = samplesPerPixel
        self.compression = compression
        self.lossyCompression = lossyCompression
        self.quarterTurns = quarterTurns
    }
}
