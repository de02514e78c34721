import AcervoCore
import Foundation

/// An outcome encodes to the fields `acervo normalize --json` prints for one image: the display image
/// as `output`, sizes, orientation, wall time to a tenth of a millisecond, the colour handling when it
/// succeeded, and on failure an `error` with `code`, `message` and `message_pt`. The source's name is
/// the caller's to add (the command adds `file`, as it was given).
extension NormalizeOutcome: Encodable {
    /// Writes the outcome as `acervo normalize --json` prints it, without the `file` key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try c.encode(width, forKey: "width")
        try c.encode(height, forKey: "height")
        try c.encode(sourceWidth, forKey: "source_width")
        try c.encode(sourceHeight, forKey: "source_height")
        try c.encode(orientation, forKey: "orientation")
        try c.encode((milliseconds * 10).rounded() / 10, forKey: "milliseconds")
        try c.encodeIfPresent(display?.path, forKey: "output")
        try c.encodeIfPresent(thumbnail?.path, forKey: "thumbnail")
        try c.encodeIfPresent(warning, forKey: "warning")
        if succeeded {
            try c.encode(colour.rawValue, forKey: "colour")
            try c.encodeIfPresent(colourProfile, forKey: "colour_profile")
        }
        if let failure {
            var error = c.nestedContainer(keyedBy: ReportJSON.Key.self, forKey: "error")
            try error.encode(failure.code, forKey: "code")
            try error.encode(failure.english, forKey: "message")
            try error.encode(failure.portuguese, forKey: "message_pt")
        }
    }
}
