import AcervoCore
import AcervoImaging
import AcervoPolicy
import Foundation

/// The normalize stage: for an accepted JPEG, PNG or HEIC, an upright, metadata-free display image and a
/// thumbnail, staged beside the original for the store to keep under `derivatives/<evidence-id>/`.
///
/// An image that identification accepted but the decoder cannot read, or whose header asks for more
/// pixels or memory than the limits allow, is reported as a decode failure, a fact the policy grades
/// (rejected by the built-in policy: its original then goes to the quarantine like any rejected file).
/// Derivatives that cannot be written (a full disk) are an operational error, never a fact about the image.
enum NormalizeStage {
    /// What normalizing one staged image came to.
    enum Result: Sendable {
        /// The derivatives are staged.
        case made(NormalizedImage)
        /// The image does not decode within the limits: a fact about the upload.
        case notDecoded(Finding)
        /// Acervo could not write the derivatives: an operational failure that stops the intake.
        case notWritten(AcervoError)
    }

    /// Formats the normalizer decodes; HEIC/HEIF through libheif.
    static let formats: Set<FileFormat> = [.jpeg, .png, .heic]

    static func normalize(_ staged: URL, evidence: UUID, format: FileFormat, options: NormalizeOptions,
                          with normalizer: ImageNormalizer) -> Result {
        let base = staged.deletingLastPathComponent()
        let stem = "incoming-\(evidence.uuidString.lowercased())"
        let displayName = format == .png ? "display.png" : "display.jpg"
        let display = base.appending(path: "\(stem)-\(displayName)")
        let thumbnail = base.appending(path: "\(stem)-thumb.jpg")
        let outcome = normalizer.normalize(fileAt: staged, options: options, writingTo: display, thumbnailTo: thumbnail)
        if let error = outcome.writeError {
            return .notWritten(error)
        }
        if let failure = outcome.failure {
            return .notDecoded(Finding(failure.code, failure.detail))
        }
        var details: [String: String] = [
            "display": displayName, "width": String(outcome.width), "height": String(outcome.height),
            "source_width": String(outcome.sourceWidth), "source_height": String(outcome.sourceHeight),
            "orientation": String(outcome.orientation), "icc_profile": outcome.iccProfileKept ? "kept" : "none",
        ]
        if let warning = outcome.warning { details["decoder_warning"] = warning }
        if outcome.colour != .asStored {
            // The derivative's colours are a conversion, not the original's: say how it was made.
            details["colour"] = outcome.colour.rawValue
            if let profile = outcome.colourProfile { details["colour_profile"] = profile }
        }
        var files = [(name: displayName, staged: display)]
        if outcome.thumbnail != nil {
            files.append((name: "thumb.jpg", staged: thumbnail))
            details["thumbnail"] = "thumb.jpg"
        }
        return .made(NormalizedImage(files: files, details: details, at: Date()))
    }
}
