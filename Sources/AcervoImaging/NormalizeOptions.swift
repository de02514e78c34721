/// What derivatives to make from an image.
public struct NormalizeOptions: Sendable, Hashable {
    /// Longest side of the display image in pixels; smaller images keep their size.
    public var maxDimension: Int
    /// JPEG quality of the display image and the thumbnail, 1...100.
    public var quality: Int
    /// Longest side of the thumbnail in pixels, when one is asked for.
    public var thumbnailDimension: Int
    /// What the source may ask for before it is decoded.
    public var limits: ImageLimits
    /// The CMYK ICC profile for CMYK images that carry none, or none usable; nil converts those by the
    /// plain formula. Defaults to what ``CMYKProfile/locate(environment:)`` finds.
    public var cmykProfile: String?

    /// Makes options; the defaults are those of the display copy the front ends show.
    public init(maxDimension: Int = 2048, quality: Int = 85, thumbnailDimension: Int = 320,
                limits: ImageLimits = .standard, cmykProfile: String? = CMYKProfile.locate()) {
        self.maxDimension = maxDimension
        self.quality = quality
        self.thumbnailDimension = thumbnailDimension
        self.limits = limits
        self.cmykProfile = cmykProfile
    }
}
