/// One word the OCR engine read on a page, with where it stands on the page's image.
///
/// Coordinates are in the raster's pixels, origin at the top-left corner, as the engine reports them;
/// the PDF writer turns them into points with the page's resolution.
public struct RecognizedWord: Sendable, Hashable, Codable {
    /// The word's text (UTF-8, no spaces).
    public var text: String
    /// Left edge, in pixels from the left of the image.
    public var left: Int
    /// Top edge, in pixels from the top of the image.
    public var top: Int
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// The line the word belongs to, counted from 0 in reading order across the page.
    public var line: Int
    /// The engine's confidence, 0 to 100.
    public var confidence: Double

    /// Makes a word.
    public init(text: String, left: Int, top: Int, width: Int, height: Int, line: Int, confidence: Double) {
        self.text = text
        self.left = left
        self.top = top
        self.width = width
        self.height = height
        self.line = line
        self.confidence = confidence
    }
}
