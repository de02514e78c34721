public import AcervoCore
public import Foundation

/// What normalizing one image made, or why it made nothing.
public struct NormalizeOutcome: Sendable, Hashable {
    /// The source file.
    public var source: URL
    /// The source's format, when it is one the normalizer decodes.
    public var format: ImageSourceFormat?
    /// The display image written, or nil when normalization failed.
    public var display: URL?
    /// The thumbnail written, when one was asked for and normalization succeeded.
    public var thumbnail: URL?
    /// Width and height of the display image, upright.
    public var width: Int
    /// Height of the display image, upright.
    public var height: Int
    /// Width of the source as stored (before orientation), when its header could be read.
    public var sourceWidth: Int
    /// Height of the source as stored, when its header could be read.
    public var sourceHeight: Int
    /// Width and height of the thumbnail, when one was made.
    public var thumbnailWidth: Int
    /// Height of the thumbnail, when one was made.
    public var thumbnailHeight: Int
    /// The EXIF orientation (1...8) that was applied; 1 when the source had none.
    public var orientation: Int
    /// The DCT scale denominator a JPEG was decoded at (1, 2, 4 or 8): the shrink on load.
    public var scaleDenominator: Int
    /// Whether the source's ICC profile was copied into the derivatives.
    public var iccProfileKept: Bool
    /// What was done with the colours: kept as stored, or CMYK converted to sRGB (and through which profile).
    public var colour: ColourHandling = .asStored
    /// The description of the CMYK profile that converted the colours, when one did.
    public var colourProfile: String?
    /// The decoder's first warning about damaged data it could read past, if any.
    public var warning: String?
    /// Wall time spent on this image, in milliseconds.
    public var milliseconds: Double
    /// Why no derivative was made: `too-large` (over the limits), `corrupt`, `truncated`,
    /// `type-not-allowed` (not a JPEG or PNG) or `unreadable`; nil on success.
    public var failure: Reason?
    /// Why the derivatives could not be written, when the source decoded but Acervo's own output files
    /// could not be created or written (a full disk, an I/O error): an operational failure, never a fact
    /// about the source, so it carries no reason code. Nothing is left at the output paths.
    public var writeError: AcervoError? {
        writeFailure.map {
            AcervoError(.io, english: "cannot write the derivatives of \(source.lastPathComponent): \($0)",
                        portuguese: "não foi possível gravar as imagens derivadas de \(source.lastPathComponent): \($0)")
        }
    }
    /// The writer's own words on why the derivatives could not be written, as in `writeError`.
    public var writeFailure: String?

    /// Whether the derivatives were written.
    public var succeeded: Bool { failure == nil && writeFailure == nil }
}
