import AcervoCore
import AcervoDigitize
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// Stacks routed by cover sheets: files no folder routes, read for sheets, split at them into documents of
/// their cases, and their originals kept in the inbox until every one of those documents is done.
///
/// A stack is a file at the inbox's root, or the files of a folder that names no case and kind, in the
/// order of their paths. Each document of the split is journaled like a routed document, in the same
/// transaction that marks the stack's originals `split`: its page files are the originals the document
/// holds whole (their copies in hand) and, where a document holds only some pages of an original, those
/// pages copied into a file of their own (``PageExtraction``: TIFF strips and PDF page streams as stored),
/// each with its own SHA-256. The sheet that starts a document is kept beside it (its own file, or its page
/// copied out the same way). Once the last document of the stack is done, the originals go to `done/`
/// (to `quarantine/`, as `refused`, when the store refused one of its documents: `retry` sends the stack
/// again, and its other documents come back as duplicates, never stored twice).
extension Station {
    /// The stack a file with no route belongs to: the file itself at the inbox's root, else its folder.
    static func stackKey(_ relative: String) -> String {
        let parent = (relative as NSString).deletingLastPathComponent
        return parent.isEmpty ? relative : parent
    }

    /// `first-last` (from 0), as the journal keeps a part's pages.
    static func pageRange(_ text: String) -> ClosedRange<Int>? {
        let bounds = text.split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] >= 0, bounds[0] <= bounds[1] else { return nil }
        return bounds[0]...bounds[1]
    }

    /// One page file of a split document: the original's copy when the document holds all of it, else the
    /// document's pages of it copied into a file of their own.
    private struct Part {
        var page: PageFile
        var handName: String
        /// The original it comes from (its index in the stack's files) and, for a copy of some pages, which.
        var source: Int
        var pages: ClosedRange<Int>?
    }

    /// Takes the stack `key` (its files `members`, all ready): reads it for cover sheets, and journals and
    /// files its documents, or sets it aside in the quarantine with the reason.
    func takeStack(key: String, members: [String]) async {
        guard let reader = sheets, let (handName, hand, copies) = copyIntoHand(members) else { return }
        let stack = ReadyStack(pages: copies.map(\.page), route: nil)
        // Decoding every page for its QR codes is work for a processor of its own, not the station's.
        let reading = await Task.detached { () -> Result<SheetSplit?, AcervoError> in
            do throws(AcervoError) { return .success(try reader.split(stack)) } catch { return .failure(error) }
        }.value
        let split: SheetSplit
        switch reading {
        case .failure(let error):
            operationalFailure(error)
            return discard(hand)
        case .success(nil):
            for copy in copies { quarantine(copy.relative, reason: .noRoute) }
            return discard(hand)
        case .success(let found?):
            if let reason = found.quarantine {
                for copy in copies { quarantine(copy.relative, reason: reason) }
                return discard(hand)
            }
            split = found
        }

        var documents: [(document: SplitDocument, parts: [Part], sheet: Part?)] = []
        do throws(AcervoError) {
            for (index, document) in split.documents.enumerated() {
                var parts: [Part] = []
                for (file, pages) in document.files(in: stack) {
                    parts.append(try part(of: file, pages: pages, stack: stack, hand: hand,
                                          name: "d\(index + 1)-\(parts.count + 1)-"))
                }
                var sheet: Part?
                if let page = document.sheetPage, let (file, indexInFile) = stack.location(ofPage: page) {
                    sheet = try part(of: file, pages: indexInFile...indexInFile, stack: stack, hand: hand,
                                     name: "d\(index + 1)-folha-")
                }
                documents.append((document, parts, sheet))
            }
        } catch {
            discard(hand)
            if error.code == .invalidArgument {
                for copy in copies { quarantine(copy.relative, reason: .cannotSplit(error.english)) }
            } else {
                operationalFailure(error)
            }
            return
        }
        FileMoves.syncFile(hand.path)

        let ids: [Int64]
        do {
            ids = try journal.write { db in
                let now = StationJournal.now()
                var originalIDs: [Int64] = []
                for copy in copies {
                    try db.execute(sql: """
                        UPDATE files SET state = 'split', stack = ?, sha256 = ?, format = ?, pages = ?, byte_count = ?, mtime_ns = ?,
                               hand_name = ?, updated = ? WHERE id = ?
                        """, arguments: [handName, copy.page.sha256, copy.page.format.rawValue, copy.page.pageCount,
                                         copy.observation.identity.size, copy.observation.identity.mtimeNanoseconds,
                                         copy.page.url.lastPathComponent, now, copy.observation.journalID])
                    originalIDs.append(copy.observation.journalID)
                }
                var ids: [Int64] = []
                for (index, planned) in documents.enumerated() {
                    let route = planned.document.route
                    let profile = route.profile ?? settings.defaultProfile
                    let sheet = planned.sheet.map { String(decoding: (try? JSONEncoder.sorted.encode($0.page)) ?? Data(), as: UTF8.self) }
                    try db.execute(sql: """
                        INSERT INTO documents(document_key, case_number, kind, profile, profile_named, hand, state, title, cover_sheet,
                                              stack, created, updated)
                        VALUES (?, ?, ?, ?, ?, ?, 'routed', ?, ?, ?, ?, ?)
                        """, arguments: [key + "#\(index + 1)", route.caseNumber.rawValue, route.kind.rawValue, profile.rawValue,
                                         route.profile != nil, handName, planned.document.title, sheet, handName, now, now])
                    let id = db.lastInsertedRowID
                    for (position, part) in planned.parts.enumerated() {
                        try db.execute(sql: """
                            INSERT INTO files(path, byte_count, mtime_ns, sha256, format, pages, state, document_id, position, hand_name,
                                              source_id, source_pages, first_seen, updated)
                            VALUES (?, ?, 0, ?, ?, ?, 'in-hand', ?, ?, ?, ?, ?, ?, ?)
                            """, arguments: [part.page.inboxPath, part.page.byteCount, part.page.sha256, part.page.format.rawValue,
                                             part.page.pageCount, id, position, part.handName, originalIDs[part.source],
                                             part.pages.map { "\($0.lowerBound)-\($0.upperBound)" }, now, now])
                    }
                    ids.append(id)
                }
                return ids
            }
        } catch {
            operationalFailure(error)
            return discard(hand)
        }
        for copy in copies {
            tracked[copy.relative] = nil
            held.insert(copy.relative)
            progress.pagesRead += copy.page.pageCount
        }
        var event = StationEvent(.split, path: key, message: "\(split.documents.count) documento(s)/document(s), "
            + "\(split.sheets.count) folha(s) de rosto/cover sheet(s)")
        event.files = copies.map(\.relative)
        emit(event)
        publishProgress()
        for id in ids where !stopping {
            await proceed(documentID: id, recovering: false)
        }
    }

    /// The page file of `pages` (from 0) of the stack's `file`: its copy in hand when that is all of it,
    /// else those pages copied into `hand` under a name starting with `name`.
    private func part(of file: PageFile, pages: ClosedRange<Int>, stack: ReadyStack, hand: URL,
                      name: String) throws(AcervoError) -> Part {
        let source = stack.pages.firstIndex(of: file) ?? 0
        if pages == 0...(file.pageCount - 1) {
            return Part(page: file, handName: file.url.lastPathComponent, source: source, pages: nil)
        }
        let handName = name + "p\(pages.lowerBound + 1)-\(pages.upperBound + 1)-" + String(file.name.suffix(80))
        let target = hand.appending(path: handName)
        try PageExtraction.extract(pages: pages, of: file.url.path, to: target)
        guard let sha256 = HashedCopy.sha256(target.path),
              let size = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? NSNumber)?.int64Value else {
            throw AcervoError(.io, english: "cannot read back \(target.path)", portuguese: "não foi possível reler \(target.path)",
                              path: target.path)
        }
        let inboxPath = file.inboxPath + "#p\(pages.lowerBound + 1)" + (pages.count > 1 ? "-\(pages.upperBound + 1)" : "")
        return Part(page: PageFile(url: target, inboxPath: inboxPath, sha256: sha256, byteCount: size, format: file.format,
                                   pageCount: pages.count),
                    handName: handName, source: source, pages: pages)
    }

    /// Recreates what a split document's files need in hand when a crash lost it (they are synced, so only
    /// a lost disk cache does): each original's copy from the inbox, then the pages copied out of it. Both
    /// must hash as journaled.
    func ensureStackHand(_ current: JournalDocument) throws(AcervoError) {
        let hand = layout.hand.appending(path: current.hand)
        var pages = current.document.pages
        if let sheet = current.document.coverSheet { pages.append(sheet) }
        for page in pages where HashedCopy.sha256(page.url.path) != page.sha256 {
            // A part's inbox path is its original's, with `#p<first>-<last>` after it for some pages of it.
            let originalPath = page.inboxPath.split(separator: "#", omittingEmptySubsequences: false).dropLast(
                page.inboxPath.contains("#") ? 1 : 0).joined(separator: "#")
            let original = try journal.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM files WHERE stack = ? AND path = ? AND source_id IS NULL",
                                 arguments: [current.hand, originalPath])
            }
            guard let original, let path = original["path"] as String?, let handName = original["hand_name"] as String?,
                  let sha256 = original["sha256"] as String? else {
                throw AcervoError(.io, english: "the journal has no original for \(page.inboxPath)",
                                  portuguese: "o diário não tem o original de \(page.inboxPath)")
            }
            let copy = hand.appending(path: handName)
            if HashedCopy.sha256(copy.path) != sha256 {
                try? FileManager.default.removeItem(at: copy)
                guard try HashedCopy.copy(layout.inbox.path + "/" + path, to: copy.path).sha256 == sha256 else {
                    try? FileManager.default.removeItem(at: copy)
                    throw AcervoError(.io, english: "\(path) changed before it was filed; it will be read again",
                                      portuguese: "\(path) mudou antes de ser arquivado; será lido de novo")
                }
            }
            guard copy != page.url else { continue }
            let marker = page.inboxPath.split(separator: "#").last.map(String.init) ?? ""
            let bounds = marker.dropFirst().split(separator: "-").compactMap { Int($0) }
            guard let first = bounds.first else { continue }
            try? FileManager.default.removeItem(at: page.url)
            try PageExtraction.extract(pages: (first - 1)...((bounds.last ?? first) - 1), of: copy.path, to: page.url)
            guard HashedCopy.sha256(page.url.path) == page.sha256 else {
                throw AcervoError(.io, english: "the pages copied again from \(path) differ from the first copy",
                                  portuguese: "as páginas copiadas de novo de \(path) diferem da primeira cópia")
            }
        }
    }

    /// Once every document of the stack `stack` is done: moves its originals to `done/` (deletes them, by
    /// setting), or to `quarantine/` as `refused` when the store refused one of its documents; then lets
    /// the hand go.
    func finishStack(_ stack: String) throws(AcervoError) {
        let (open, originals, filings) = try journal.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documents WHERE stack = ? AND state != 'done'", arguments: [stack]) ?? 0,
             try Row.fetchAll(db, sql: "SELECT * FROM files WHERE stack = ? AND state = 'split' ORDER BY id", arguments: [stack]),
             try Row.fetchAll(db, sql: "SELECT case_number, filed FROM documents WHERE stack = ?", arguments: [stack]))
        }
        guard open == 0 else { return }
        var refusal: StationReason?
        for row in filings {
            guard let json = row["filed"] as String?,
                  let filed = try? JSONDecoder().decode(FiledDocument.self, from: Data(json.utf8)), filed.refused else { continue }
            refusal = .refused(filed.reasonCodes, caseNumber: row["case_number"])
            break
        }
        for row in originals {
            let relative: String = row["path"]
            let identity = FileMoves.Identity(size: row["byte_count"], mtimeNanoseconds: row["mtime_ns"], inode: 0)
            let source = URL(fileURLWithPath: layout.inbox.path + "/" + relative)
            // Only the file that was split: one dropped again under the same name since is a new file.
            var movedTo: String?
            if let now = FileMoves.identity(source.path), now.size == identity.size, now.mtimeNanoseconds == identity.mtimeNanoseconds {
                if let refusal {
                    let target = FileMoves.freeName(layout.quarantine.appending(path: relative))
                    movedTo = layout.relative(target, to: layout.quarantine) ?? relative
                    try journal.write { db in
                        try db.execute(sql: "UPDATE files SET moved_to = ?, updated = ? WHERE id = ?",
                                       arguments: [movedTo, StationJournal.now(), row["id"] as Int64])
                    }
                    try place(relative: relative, target: target, identity: identity, reason: refusal)
                } else if settings.after == .done {
                    try FileMoves.move(source, to: FileMoves.freeName(layout.done.appending(path: relative)))
                } else if unlink(source.path) != 0 && errno != ENOENT {
                    throw AcervoError.system("unlink", path: source.path, errno: errno)
                }
            }
            try journal.write { db in
                try db.execute(sql: "UPDATE files SET state = ?, reason_code = ?, reason = ?, updated = ? WHERE id = ?",
                               arguments: [refusal == nil ? "done" : "quarantined", refusal?.code, refusal?.english,
                                           StationJournal.now(), row["id"] as Int64])
            }
            held.remove(relative)
        }
        if let first = originals.first.map({ $0["path"] as String }) {
            let folder = (first as NSString).deletingLastPathComponent
            if !folder.isEmpty { removeEmptyFolders(layout.inbox.path + "/" + folder) }
        }
        discard(layout.hand.appending(path: stack))
    }
}
