import Foundation

/// Turns a sender's declared file name into one that is safe to store on any common filesystem.
///
/// The declared name is untrusted: it may climb directories (`../../etc/passwd`), hide itself
/// (`.hidden`), smuggle control or bidirectional characters that disguise an extension, use names
/// Windows reserves (`CON`, `aux.txt`), or be longer than a filesystem allows. The original is kept in
/// the evidence record; only the stored name is changed.
package enum StoredName {
    /// The longest stored name, in UTF-8 bytes: the limit of ext4, APFS and NTFS alike.
    public static let maximumByteCount = 255
    /// The name used when nothing usable is left.
    public static let fallback = "file"

    /// Characters Windows, macOS or common tools refuse or misread in a file name.
    private static let unsafe: Set<Character> = ["<", ">", ":", "\"", "|", "?", "*"]
    private static let reservedBaseNames: Set<String> = {
        var names: Set<String> = ["CON", "PRN", "AUX", "NUL"]
        for i in 1...9 { names.insert("COM\(i)"); names.insert("LPT\(i)") }
        return names
    }()
    /// The longest extension kept apart when a name is cut; a longer tail is not an extension.
    private static let maximumExtensionByteCount = 32

    /// A safe name for `declared`, and whether it differs from it other than by Unicode normalization
    /// (a decomposed `Certidão` becomes NFC without counting as a change).
    public static func sanitize(_ declared: String) -> (name: String, changed: Bool) {
        let nfc = declared.precomposedStringWithCanonicalMapping
        // Both separators count: a name from Windows arrives with backslashes.
        let components = nfc.split(whereSeparator: { $0 == "/" || $0 == "\\" }).map(String.init)
        var name = components.last(where: { !isDotsOnly(cleaned($0)) }).map(cleaned) ?? ""
        name = String(name.map { unsafe.contains($0) ? "_" : $0 })
        name = String(name.drop(while: { $0 == "." || $0 == " " }))
        // Windows drops trailing dots and spaces silently, which would make two names collide.
        while let last = name.last, last == "." || last == " " { name.removeLast() }
        if name.isEmpty { name = fallback }
        let base = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
        if reservedBaseNames.contains(base.uppercased()) { name = "_" + name }
        name = truncated(name)
        return (name, name != declared)
    }

    /// Drops control characters (Cc: NUL, newlines, ESC) and format characters (Cf: the bidirectional
    /// overrides that make `gpj.exe` read as `exe.jpg`, zero-width spaces), and trims whitespace.
    private static func cleaned(_ component: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in component.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars).trimmingCharacters(in: .whitespaces)
    }

    private static func isDotsOnly(_ s: String) -> Bool { s.allSatisfy { $0 == "." } }

    /// Cuts a name to `maximumByteCount` UTF-8 bytes on a character boundary, keeping its extension.
    private static func truncated(_ name: String) -> String {
        guard name.utf8.count > maximumByteCount else { return name }
        var stem = name
        var ext = ""
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let candidate = String(name[dot...])
            if candidate.utf8.count <= maximumExtensionByteCount {
                ext = candidate
                stem = String(name[..<dot])
            }
        }
        let budget = maximumByteCount - ext.utf8.count
        var kept = ""
        var used = 0
        // Characters are grapheme clusters, so a combining accent never loses its letter.
        for character in stem {
            let size = String(character).utf8.count
            if used + size > budget { break }
            kept.append(character)
            used += size
        }
        if kept.isEmpty { kept = fallback }
        return kept + ext
    }
}
