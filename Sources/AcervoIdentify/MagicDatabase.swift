public import AcervoCore
import Foundation

/// Where libmagic's compiled database lives. Acervo always names it explicitly, so a stray `MAGIC`
/// environment variable or a user's `~/.magic` can never change what an upload is judged to be.
public enum MagicDatabase {
    /// The environment variable that overrides the search, for tests and unusual installations.
    public static let environmentKey = "ACERVO_MAGIC_DB"

    /// Where Debian, Ubuntu, Fedora and Homebrew-like layouts put `magic.mgc`, in the order tried.
    public static let standardPaths = [
        "/usr/lib/file/magic.mgc",
        "/usr/share/misc/magic.mgc",
        "/usr/share/file/magic.mgc",
    ]

    /// The candidate paths, in order: `ACERVO_MAGIC_DB` first when set, then the standard paths.
    ///
    /// - Parameter environment: the variables to read; the process's own when `nil`.
    public static func candidates(environment: [String: String]? = nil) -> [String] {
        var paths: [String] = []
        let variables = environment ?? ProcessInfo.processInfo.environment
        if let override = variables[environmentKey], !override.isEmpty { paths.append(override) }
        return paths + standardPaths
    }

    /// The first candidate that exists as a readable file.
    ///
    /// - Parameter environment: the variables to read; the process's own when `nil`.
    ///
    /// - Throws: `AcervoError` with code `.library` naming every path tried when none exists.
    public static func locate(environment: [String: String]? = nil) throws(AcervoError) -> String {
        let paths = candidates(environment: environment)
        for path in paths where FileManager.default.isReadableFile(atPath: path) {
            return path
        }
        throw AcervoError(.library, "no libmagic database found (tried \(paths.joined(separator: ", "))); install libmagic-mgc or set \(environmentKey)")
    }
}
