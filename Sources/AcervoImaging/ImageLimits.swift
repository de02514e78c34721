/// What an image may ask for before a single pixel of it is decoded.
///
/// Every limit is checked from the header (or, for progressive scans, as the scans arrive), so a
/// decompression bomb is refused in milliseconds and a few megabytes. Intake and `acervo normalize` take
/// these from the `images:` section of the intake policy (`Pipelines/complaint-intake.yml`), through the
/// `Acervo` module; the defaults here are the built-in policy's values, and a test keeps the two equal.
public struct ImageLimits: Sendable, Hashable {
    /// Most pixels (width × height) an image may have.
    public var pixels: UInt64
    /// Longest width or height, in pixels.
    public var side: UInt32
    /// Most scans a progressive JPEG may have; each one is a pass over the whole image.
    public var progressiveScans: UInt32
    /// Most bytes a decoder may allocate (libjpeg's `max_memory_to_use`, a progressive JPEG's
    /// coefficient buffer, an interlaced PNG held whole).
    public var decoderMemory: UInt64
    /// Largest PNG ancillary chunk libpng may allocate (`png_set_chunk_malloc_max`).
    public var pngChunk: UInt64

    /// Makes limits; the defaults are those of the built-in intake policy.
    public init(
        pixels: UInt64 = 100_000_000,
        side: UInt32 = 30_000,
        progressiveScans: UInt32 = 100,
        decoderMemory: UInt64 = 512 * 1024 * 1024,
        pngChunk: UInt64 = 8 * 1024 * 1024
    ) {
        self.pixels = pixels
        self.side = side
        self.progressiveScans = progressiveScans
        self.decoderMemory = decoderMemory
        self.pngChunk = pngChunk
    }

    /// The built-in intake policy's limits.
    public static let standard = ImageLimits()
}
