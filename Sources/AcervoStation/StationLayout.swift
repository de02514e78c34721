public import Foundation

/// Where a station keeps things: the inbox the scanners write to, and beside it `done/` (filed
/// originals), `quarantine/` (what could not be filed, with its reasons) and `station/` (the journal and
/// the copies of the documents in hand).
public struct StationLayout: Sendable, Hashable {
    /// The hot folder the scanners write to.
    public let inbox: URL
    /// Filed originals, under the path they had in the inbox (with `after: done`).
    public let done: URL
    /// Files that could not be filed, each with `<name>.motivo.txt` and `<name>.motivo.json`.
    public let quarantine: URL
    /// The station's own directory: `journal.sqlite` and `hand/`.
    public let stationDirectory: URL

    /// The layout around `inbox`: its siblings `done/`, `quarantine/` and `station/`.
    public init(inbox: URL) {
        let inbox = inbox.standardizedFileURL
        self.inbox = inbox
        let parent = inbox.deletingLastPathComponent()
        done = parent.appending(path: "done", directoryHint: .isDirectory)
        quarantine = parent.appending(path: "quarantine", directoryHint: .isDirectory)
        stationDirectory = parent.appending(path: "station", directoryHint: .isDirectory)
    }

    /// The folders the station writes to: the inbox (originals leave it), `done/`, `quarantine/` and its own.
    public var writtenFolders: [URL] { [inbox, done, quarantine, stationDirectory] }

    /// The journal's database.
    public var journal: URL { stationDirectory.appending(path: "journal.sqlite") }
    /// Copies of the pages of the documents being filed, one directory per document.
    var hand: URL { stationDirectory.appending(path: "hand", directoryHint: .isDirectory) }

    /// `url`'s path relative to the inbox, or `nil` when it is not inside it.
    func relativePath(of url: URL) -> String? {
        relative(url, to: inbox)
    }

    /// `url`'s path relative to `root`, or `nil` when it is not inside it.
    func relative(_ url: URL, to root: URL) -> String? {
        let base = root.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        guard path.hasPrefix(base + "/") else { return nil }
        return String(path.dropFirst(base.count + 1))
    }
}
