/// What the policy lets an image ask for before it is decoded, and the derivatives made from it: the
/// `images:` section of a policy file.
///
/// A plain value: the pipeline turns it into the imaging module's limits and options, so the policy
/// module never depends on the decoders. The defaults are the built-in policy's values.
public struct ImagePolicy: Sendable, Hashable {
    /// Most pixels (width × height) an image may have (`max_pixels`).
    public var maxPixels: Int64
    /// Longest width or height, in pixels (`max_side`).
    public var maxSide: Int
    /// Most scans a progressive JPEG may have; each one is a pass over the whole image (`max_progressive_scans`).
    public var maxProgressiveScans: Int
    /// Most bytes a decoder may allocate: libjpeg's `max_memory_to_use`, a progressive JPEG's coefficient
    /// buffer, an interlaced PNG held whole (`decoder_memory`).
    public var decoderMemory: Int64
    /// Largest PNG chunk libpng may allocate, `png_set_chunk_malloc_max` (`png_chunk_max`).
    public var pngChunkMax: Int64
    /// Longest side of the display derivative, in pixels; smaller images keep their size (`display_side`).
    public var displaySide: Int
    /// Longest side of the thumbnail, in pixels (`thumbnail_side`).
    public var thumbnailSide: Int
    /// JPEG quality of the display image and the thumbnail, 1...100 (`jpeg_quality`).
    public var jpegQuality: Int
    /// The press profile for CMYK images that carry no usable profile of their own (`cmyk_profile`).
    public var cmykProfile: CMYKProfileSetting

    /// Makes an image policy; the defaults are the built-in policy's.
    public init(maxPixels: Int64 = 100_000_000, maxSide: Int = 30_000, maxProgressiveScans: Int = 100,
                decoderMemory: Int64 = 512 << 20, pngChunkMax: Int64 = 8 << 20, displaySide: Int = 2048,
                thumbnailSide: Int = 320, jpegQuality: Int = 85, cmykProfile: CMYKProfileSetting = .automatic) {
        self.maxPixels = maxPixels
        self.maxSide = maxSide
        self.maxProgressiveScans = maxProgressiveScans
        self.decoderMemory = decoderMemory
        self.pngChunkMax = pngChunkMax
        self.displaySide = displaySide
        self.thumbnailSide = thumbnailSide
        self.jpegQuality = jpegQuality
        self.cmykProfile = cmykProfile
    }

    /// The values a policy without an `images:` section gets.
    public static let standard = ImagePolicy()
}

/// Which press profile converts CMYK images that carry no usable profile of their own to sRGB.
public enum CMYKProfileSetting: Sendable, Hashable {
    /// `auto`: the profile `ACERVO_CMYK_PROFILE` names, else a generic coated profile the system has
    /// (Ghostscript's `default_cmyk.icc`), else none.
    case automatic
    /// A path: this ICC profile file, e.g. a FOGRA39 (ISO Coated v2) profile for Brazilian print shops.
    case file(String)
    /// `none`: such images are converted by the plain formula, with approximate colours.
    case none
}
