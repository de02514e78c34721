import Foundation

/// Names inside a bag: NFC, kept apart when they collide, and percent-encoded in manifests as
/// RFC 8493 §2.1.3 requires.
enum BagPath {
    /// The name in Unicode NFC, the form every validator compares (bagit-python normalizes to NFC
    /// before matching the filesystem against a manifest).
    static func nfc(_ path: String) -> String { path.precomposedStringWithCanonicalMapping }

    /// The path as a manifest line spells it: `%`, CR and LF percent-encoded, nothing else, so a
    /// name holding a line break cannot forge another manifest line.
    static func manifestEncoded(_ path: String) -> String {
        var out = ""
        out.reserveCapacity(path.utf8.count)
        for scalar in path.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The inverse of `manifestEncoded`: only `%25`, `%0D` and `%0A` (either case) are decoded; any
    /// other `%` sequence stays as written, as bagit-python reads it.
    /// With `keepingPercent`, `%25` stays as written: the reading of writers that encode only CR and LF.
    static func manifestDecoded(_ text: Substring, keepingPercent: Bool = false) -> String {
        var out = [UInt8]()
        let bytes = Array(text.utf8)
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count {
                let code = String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self).uppercased()
                let decoded: UInt8? = switch code {
                case "25": keepingPercent ? nil : UInt8(ascii: "%")
                case "0D": 0x0D
                case "0A": 0x0A
                default: nil
                }
                if let decoded {
                    out.append(decoded)
                    i += 3
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Orders paths by their UTF-8 bytes: the same order on every machine and in every locale.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// NFC forms of `paths`, in the same order, with any that would collide with an earlier one (same
    /// NFC form, or the same apart from letter case, as on the filesystems of macOS and Windows)
    /// renamed `name~2.ext`, `name~3.ext`, ... so that no file overwrites another when extracted.
    static func keptApart(_ paths: [String]) -> [String] {
        var taken = Set<String>()
        var out: [String] = []
        out.reserveCapacity(paths.count)
        for path in paths {
            let normalized = nfc(path)
            var candidate = normalized
            var n = 1
            while taken.contains(candidate.lowercased()) {
                n += 1
                candidate = numbered(normalized, n)
            }
            taken.insert(candidate.lowercased())
            out.append(candidate)
        }
        return out
    }

    /// `dir/name.ext` → `dir/name~n.ext`.
    private static func numbered(_ path: String, _ n: Int) -> String {
        let slash = path.lastIndex(of: "/")
        let nameStart = slash.map { path.index(after: $0) } ?? path.startIndex
        let name = path[nameStart...]
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            return String(path[..<dot]) + "~\(n)" + String(path[dot...])
        }
        return path + "~\(n)"
    }

    /// Why an archive entry's path cannot be accepted, or `nil` when it is a plain relative path:
    /// no absolute path, no `.` or `..` component, no empty component, no backslash (a separator to
    /// Windows tools), no NUL or control characters other than the CR and LF a bag name may hold.
    static func refusal(_ path: String, maximumBytes: Int) -> String? {
        if path.isEmpty { return "empty path" }
        if path.utf8.count > maximumBytes { return "path longer than \(maximumBytes) bytes" }
        if path.hasPrefix("/") { return "absolute path" }
        if path.contains("\\") { return "backslash in path" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\r" && $0 != "\n" || $0.value == 0x7F }) {
            return "control character in path"
        }
        var components = path.split(separator: "/", omittingEmptySubsequences: false)
        if components.last == "" { components.removeLast() }
        for component in components {
            if component.isEmpty { return "empty path component" }
            if component == ".." { return "parent directory (..) in path" }
            if component == "." { return "current directory (.) in path" }
        }
        if let first = components.first, first.count == 2, first.last == ":" { return "drive letter in path" }
        return nil
    }
}
