import AcervoCore
import Foundation

/// The documents a station is filing at the same time, and whether another may start.
///
/// A document keeps every core busy only while at least as many of its pages are left as the digitizer
/// reads at once; its last page, and then its PDF/A, signature and store commit, run on one core. The next
/// document starts then, so the other core is not left idle between documents: at most two at a time, and
/// never two of one case (each filing records what its case held before it, which the other's pages must
/// not be part of). The journal keeps each document's states on its own, so a kill while two are filed
/// recovers both as it recovers one.
struct FilingOverlap {
    /// A document being filed.
    struct Filing {
        var caseNumber: CaseNumber
        /// Pages not yet read by the digitizer; `nil` until the filer first reports (a filer that never does
        /// is taken to need every core until it is done).
        var pagesLeft: Int?
    }

    /// At most this many documents are filed at once: the one finishing and the one starting.
    static let limit = 2

    /// The documents being filed, by their key (the inbox path of the file or document folder).
    var filings: [String: Filing] = [:]
    /// Who waits for a filing to progress or end.
    var waiters: [CheckedContinuation<Void, Never>] = []
    /// The cores there are to keep busy (the digitizer reads as many pages of a document at once).
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// The cores the documents being filed keep busy: one per page still to read, up to every core; one
    /// while a document is written, signed and stored.
    var busyCores: Int {
        filings.values.reduce(0) { total, filing in total + (filing.pagesLeft.map { min(cores, max(1, $0)) } ?? cores) }
    }

    /// Whether another document may start now.
    var hasRoom: Bool { filings.count < Self.limit && busyCores < cores }

    /// Whether a document of `caseNumber` is being filed.
    func holds(_ caseNumber: CaseNumber) -> Bool { filings.values.contains { $0.caseNumber == caseNumber } }

    /// The key of the filing that holds `document`, whose page files lie at or under it in the inbox.
    func key(of document: RoutedDocument) -> String? {
        guard let path = document.pages.first?.inboxPath else { return nil }
        return filings.keys.first { path == $0 || path.hasPrefix($0 + "/") }
    }

    /// Wakes everyone waiting: something changed.
    mutating func wake() {
        let woken = waiters
        waiters = []
        for waiter in woken { waiter.resume() }
    }
}

extension Station {
    /// Takes the document at `key` and files it beside the one being filed, once a core is free for it; returns
    /// once it is under way. A document whose case is being filed waits for a later tick, and nothing starts
    /// while the station pauses after an operational failure.
    func startFiling(key: String, route: Route, members: [String]) async {
        while !stopping && !paused {
            guard overlap.filings[key] == nil, !overlap.holds(route.caseNumber) else { return }
            if overlap.hasRoom {
                overlap.filings[key] = FilingOverlap.Filing(caseNumber: route.caseNumber)
                Task {
                    await self.take(key: key, route: route, members: members)
                    self.overlap.filings[key] = nil
                    self.overlap.wake()
                }
                return
            }
            await withCheckedContinuation { overlap.waiters.append($0) }
        }
    }

    /// Notes that the filer finished a page of `document`.
    func filingProgressed(_ document: RoutedDocument, _ step: FilingProgress) {
        guard let key = overlap.key(of: document) else { return }
        overlap.filings[key]?.pagesLeft = max(0, step.pageCount - step.pagesDone)
        overlap.wake()
    }

    /// Waits until no document is being filed: before what files documents one by one (stacks, retries) and
    /// before the station stops.
    func drainFilings() async {
        while !overlap.filings.isEmpty {
            await withCheckedContinuation { overlap.waiters.append($0) }
        }
    }
}
