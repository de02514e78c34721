public import AcervoCore
public import Foundation
import GRDB

/// Puts quarantined files back in the inbox, where the running station takes them again: to the path
/// they have under `quarantine/` (so an operator fixes a route by moving the file inside the quarantine,
/// e.g. to `quarantine/MS-2024-000123/contract/`), or to the route given.
public enum StationRetry {
    /// One file put back.
    public struct Retried: Sendable, Hashable, Encodable {
        /// Where it was in the quarantine.
        public var from: String
        /// Where it is now in the inbox, relative to it.
        public var to: String
    }

    /// Puts `files` (all the quarantine when empty) back in the inbox; with `route`, into that route's folder.
    /// Their `.motivo.txt` and `.motivo.json` notes are removed, and the journal records the retry.
    public static func retry(_ layout: StationLayout, files: [URL], route: Route? = nil) throws(AcervoError) -> [Retried] {
        let chosen = files.isEmpty ? everything(in: layout.quarantine) : files.map(\.standardizedFileURL)
        let journal = try StationJournal(url: layout.journal)
        var retried: [Retried] = []
        for file in chosen {
            guard let relative = layout.relative(file, to: layout.quarantine) else {
                throw AcervoError(.invalidArgument, english: "\(file.path) is not in the quarantine \(layout.quarantine.path)",
                                  portuguese: "\(file.path) não está na quarentena \(layout.quarantine.path)", path: file.path)
            }
            guard FileMoves.identity(file.path) != nil else {
                throw AcervoError(.notFound, english: "\(file.path) is not a file in the quarantine",
                                  portuguese: "\(file.path) não é um arquivo da quarentena", path: file.path)
            }
            let destinationRelative: String
            if let route {
                var parts = [route.caseNumber.rawValue, route.kind.rawValue]
                if let profile = route.profile { parts.append(profile.rawValue) }
                destinationRelative = (parts + [file.lastPathComponent]).joined(separator: "/")
            } else {
                destinationRelative = relative
            }
            let target = FileMoves.freeName(layout.inbox.appending(path: destinationRelative))
            try FileMoves.move(file, to: target)
            var notes = QuarantineNote.notes(of: file)
            let size = FileMoves.identity(target.path)?.size ?? -1
            let recorded = try journal.read { db in
                // Where the station put it; or, for a file the operator moved inside the quarantine to fix its
                // route, the quarantined file of the same name and size no longer where the station put it.
                let exact = try String.fetchAll(db, sql: "SELECT moved_to FROM files WHERE state = 'quarantined' AND moved_to = ?",
                                                arguments: [relative])
                if !exact.isEmpty { return exact }
                let name = (relative as NSString).lastPathComponent
                return try String.fetchAll(db, sql: "SELECT moved_to FROM files WHERE state = 'quarantined' AND moved_to IS NOT NULL AND byte_count = ?",
                                           arguments: [size]).filter {
                    ($0 as NSString).lastPathComponent == name && FileMoves.identity(layout.quarantine.appending(path: $0).path) == nil
                }.prefix(1).map { $0 }
            }
            for original in recorded { notes += QuarantineNote.notes(of: layout.quarantine.appending(path: original)) }
            for note in notes { try? FileManager.default.removeItem(at: note) }
            try journal.write { db in
                for original in recorded {
                    try db.execute(sql: "UPDATE files SET state = 'retried', updated = ? WHERE state = 'quarantined' AND moved_to = ?",
                                   arguments: [StationJournal.now(), original])
                }
            }
            retried.append(Retried(from: relative, to: layout.relativePath(of: target) ?? destinationRelative))
        }
        return retried
    }

    /// Every quarantined file (not the notes), in path order.
    static func everything(in quarantine: URL) -> [URL] {
        var found: [URL] = []
        var pending = [quarantine.path]
        while let folder = pending.popLast() {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where !name.hasPrefix(".") {
                let path = folder + "/" + name
                switch FileMoves.kind(path) {
                case .folder: pending.append(path)
                case .file where !QuarantineNote.isNote(name): found.append(URL(fileURLWithPath: path))
                default: continue
                }
            }
        }
        return found.sorted { $0.path < $1.path }
    }
}
