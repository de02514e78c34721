/// What normalization did with an image's colours.
///
/// Grey and RGB images keep their colours and, when they carry one, their ICC profile. CMYK has no
/// colours of its own until a press profile says what its inks look like, so a CMYK JPEG (a flyer or a
/// contract page from a print shop) is converted to sRGB, and the derivative then carries no profile:
/// sRGB is what an untagged image means to every viewer. This says which profile made the conversion.
public enum ColourHandling: String, Sendable, Hashable, CaseIterable {
    /// The colours are as stored.
    case asStored = "as-stored"
    /// CMYK converted to sRGB through the ICC profile embedded in the file.
    case cmykEmbeddedProfile = "srgb-from-cmyk-embedded-profile"
    /// CMYK with no usable embedded profile, converted through the fallback CMYK profile
    /// (``NormalizeOptions/cmykProfile``).
    case cmykFallbackProfile = "srgb-from-cmyk-fallback-profile"
    /// CMYK with no usable profile at all, converted by the plain formula: the colours are approximate.
    case cmykUncalibrated = "srgb-from-cmyk-uncalibrated"
}
