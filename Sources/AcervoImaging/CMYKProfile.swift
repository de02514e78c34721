import Foundation

/// Where the fallback CMYK profile for untagged CMYK images is found.
///
/// A CMYK JPEG without a profile of its own is converted to sRGB as if printed with a generic coated
/// press profile. Debian's `libgs-common` installs one (Ghostscript's `default_cmyk.icc`); the
/// `ACERVO_CMYK_PROFILE` environment variable names another, and an empty value turns the fallback off.
public enum CMYKProfile {
    /// The environment variable that names the fallback profile.
    public static let environmentKey = "ACERVO_CMYK_PROFILE"

    /// Where Debian puts generic CMYK profiles, in the order tried.
    public static let standardPaths = [
        "/usr/share/color/icc/ghostscript/default_cmyk.icc",
        "/usr/share/color/icc/colord/FOGRA39L_coated.icc",
    ]

    /// The fallback profile to use: `ACERVO_CMYK_PROFILE` when set (nil when set empty), else the first
    /// standard path that exists, else nil (untagged CMYK is then converted by the plain formula).
    ///
    /// - Parameter environment: the variables to read; the process's own when `nil`.
    public static func locate(environment: [String: String]? = nil) -> String? {
        let variables = environment ?? ProcessInfo.processInfo.environment
        if let chosen = variables[environmentKey] { return chosen.isEmpty ? nil : chosen }
        return standardPaths.first { FileManager.default.isReadableFile(atPath: $0) }
    }
}
