import AcervoCore
import CAcervoImaging
public import Foundation

/// Makes the upright, metadata-free display image and thumbnail of a photo or a scan.
///
/// One per worker: it is the unit a stage owns per thread, and it is deliberately not `Sendable` so
/// it never ends up shared. HEIF/HEIC is decoded whole by libheif, with its own transforms applied,
/// then resampled the same way. A JPEG is shrunk on load in the DCT domain, resampled with a separable
/// Lanczos-3 filter over a window of rows as they are decoded, turned upright from its EXIF
/// orientation, and written at the asked quality with only its ICC profile. PNG sources keep a PNG
/// display image. Limits are checked from the header before anything is decoded.
public final class ImageNormalizer {
    /// Makes a normalizer.
    public init() {}

    /// Normalizes the image at `source`, writing its display image to `display` and, when
    /// `thumbnail` is given, a JPEG thumbnail there. Never throws: a file that cannot be normalized
    /// gets an outcome with a reason (`failure`), derivatives that cannot be written (a full disk) an
    /// outcome with a `writeError`, and in both cases nothing is left at the output paths.
    public func normalize(fileAt source: URL, options: NormalizeOptions, writingTo display: URL,
                          thumbnailTo thumbnail: URL?) -> NormalizeOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        var outcome = run(source, options, display, thumbnail)
        outcome.milliseconds = Self.milliseconds(clock.now - start)
        return outcome
    }

    private func run(_ source: URL, _ options: NormalizeOptions, _ display: URL, _ thumbnail: URL?) -> NormalizeOutcome {
        var outcome = NormalizeOutcome(
            source: source, format: nil, display: nil, thumbnail: nil, width: 0, height: 0, sourceWidth: 0,
            sourceHeight: 0, thumbnailWidth: 0, thumbnailHeight: 0, orientation: 1, scaleDenominator: 1,
            iccProfileKept: false, warning: nil, milliseconds: 0, failure: nil)

        guard FileManager.default.isReadableFile(atPath: source.path) else {
            outcome.failure = Reason(code: .unreadable, verdict: .rejected, detail: "cannot open \(source.lastPathComponent)")
            return outcome
        }
        guard let format = ImageSourceFormat.of(fileAt: source) else {
            outcome.failure = Reason(code: .typeNotAllowed, verdict: .rejected, detail: "not a JPEG, PNG or HEIF image")
            return outcome
        }
        outcome.format = format
        var settings = Self.settings(options)
        var report = CAcervoImaging_normalize_report()
        let cFormat = format == .jpeg ? Int32(CAcervoImaging_source_jpeg) : Int32(CAcervoImaging_source_png)
        let status = format == .heif
            ? HEIFDecoding(settings: settings).normalize(source, display: display, thumbnail: thumbnail, report: &report)
            : source.withUnsafeFileSystemRepresentation { sourcePath in
            display.withUnsafeFileSystemRepresentation { displayPath in
                Self.withOptionalPath(thumbnail) { thumbPath in
                    Self.withOptionalCString(options.cmykProfile) { cmykProfile in
                        // The pointer lives only for this call: settings never keeps it past it.
                        settings.cmyk_profile = cmykProfile
                        defer { settings.cmyk_profile = nil }
                        return CAcervoImaging_normalize(sourcePath, cFormat, displayPath, format == .png ? 1 : 0,
                                                      thumbPath, &settings, &report)
                    }
                }
            }
        }
        let message = Self.text(of: &report.message)
        outcome.sourceWidth = Int(report.source_width)
        outcome.sourceHeight = Int(report.source_height)
        if status == Int32(CAcervoImaging_normalize_write_failed) {
            outcome.writeFailure = message.isEmpty ? "the output file could not be written" : message
            return outcome
        }
        guard status == Int32(CAcervoImaging_normalize_ok) else {
            outcome.failure = Reason(code: Self.reasonCode(status), verdict: .rejected, detail: message)
            return outcome
        }
        outcome.display = display
        outcome.thumbnail = thumbnail
        outcome.width = Int(report.width)
        outcome.height = Int(report.height)
        outcome.thumbnailWidth = Int(report.thumb_width)
        outcome.thumbnailHeight = Int(report.thumb_height)
        outcome.orientation = Int(report.orientation)
        outcome.scaleDenominator = Int(report.scale_denom)
        outcome.iccProfileKept = report.icc_copied != 0
        outcome.colour = Self.colour(report.colour)
        let profile = Self.text(of: &report.colour_profile)
        outcome.colourProfile = profile.isEmpty ? nil : profile
        outcome.warning = report.warnings > 0 && !message.isEmpty ? message : nil
        return outcome
    }

    static func settings(_ options: NormalizeOptions) -> CAcervoImaging_normalize_settings {
        var settings = CAcervoImaging_normalize_settings()
        settings.max_dimension = UInt32(clamping: max(1, options.maxDimension))
        settings.thumbnail = UInt32(clamping: max(1, options.thumbnailDimension))
        settings.quality = Int32(clamping: min(100, max(1, options.quality)))
        settings.max_pixels = options.limits.pixels
        settings.max_side = options.limits.side
        settings.max_scans = options.limits.progressiveScans
        settings.max_decoder_memory = options.limits.decoderMemory
        settings.max_png_chunk = UInt(clamping: options.limits.pngChunk)
        return settings
    }

    static func reasonCode(_ status: Int32) -> ReasonCode {
        switch status {
        case Int32(CAcervoImaging_normalize_refused): .tooLarge
        case Int32(CAcervoImaging_normalize_truncated): .truncated
        case Int32(CAcervoImaging_normalize_unsupported): .typeNotAllowed
        case Int32(CAcervoImaging_normalize_io): .unreadable
        default: .corrupt
        }
    }

    /// A fixed-size C character array of the report (a tuple in Swift), up to its NUL, as a String.
    static func text<Field>(of field: inout Field) -> String {
        withUnsafeBytes(of: &field) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
    }

    static func colour(_ code: Int32) -> ColourHandling {
        switch code {
        case Int32(CAcervoImaging_colour_cmyk_embedded_profile): .cmykEmbeddedProfile
        case Int32(CAcervoImaging_colour_cmyk_fallback_profile): .cmykFallbackProfile
        case Int32(CAcervoImaging_colour_cmyk_uncalibrated): .cmykUncalibrated
        default: .asStored
        }
    }

    private static func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let text else { return body(nil) }
        return text.withCString { body($0) }
    }

    private static func withOptionalPath<R>(_ url: URL?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let url else { return body(nil) }
        return url.withUnsafeFileSystemRepresentation { body($0) }
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// A normalizer holds per-worker state by contract; sharing one across threads is a mistake.
@available(*, unavailable)
extension ImageNormalizer: Sendable {}
