/// Names a station never takes: scanners' temporary files, which become real files by a rename when they
/// are complete, and the litter operating systems leave in shared folders.
enum IgnoredNames {
    /// System litter, files and folders alike.
    static let litter: Set<String> = ["thumbs.db", "ehthumbs.db", ".ds_store", "@eadir", "desktop.ini", "$recycle.bin",
                                      ".trash", ".trashes", "lost+found", "#recycle"]

    /// Whether a file or folder named `name` is ignored: dot files, `~$…` lock files, `.tmp`, `.part`,
    /// `.crdownload`, `.partial` and `.swp` names, and system litter.
    static func ignores(_ name: String) -> Bool {
        if name.hasPrefix(".") || name.hasPrefix("~$") || name.hasPrefix("~") && name.hasSuffix(".tmp") { return true }
        let lower = name.lowercased()
        if litter.contains(lower) { return true }
        for suffix in [".tmp", ".part", ".partial", ".crdownload", ".swp", ".filepart", "~"] where lower.hasSuffix(suffix) {
            return true
        }
        return false
    }

    /// Whether any component of a path relative to the inbox is ignored.
    static func ignores(relativePath: String) -> Bool {
        relativePath.split(separator: "/").contains { ignores(String($0)) }
    }
}
