import Acervo
import AcervoCore
import AcervoCoverSheets
import AcervoStation
import Crypto
import Foundation
import Synchronization
import Testing

/// A station running in this process on a temporary inbox and a real store, with its events collected.
final class StationHarness: Sendable {
    let dir: TemporaryDirectory
    let layout: StationLayout
    let storeURL: URL
    let archive: EvidenceArchive
    let station: Station
    private let collected = EventLog()
    private let task = Mutex<Task<Void, any Error>?>(nil)

    /// A station with these settings (YAML; short timings by default) and watch mode, filing page files as
    /// evidence copies, or, with `digitizing`, as the legal digital document the settings describe; with
    /// `sheets`, stacks no folder routes are split at their cover sheets. `inboxBase` and `storeBase` put the
    /// inbox (with its siblings) and the store on another disk than the temporary directory.
    init(_ yaml: String = "settle_seconds: 0.3\nincomplete_seconds: 2\n", mode: WatchMode? = nil, label: String = "acervo-station",
         digitizing: Bool = false, sheets: Bool = false, inboxBase: URL? = nil, storeBase: URL? = nil) throws {
        dir = TemporaryDirectory(label)
        layout = StationLayout(inbox: (inboxBase ?? dir.url).appending(path: "inbox"))
        storeURL = (storeBase ?? dir.url).appending(path: "store")
        archive = try EvidenceArchive.open(at: storeURL, configuration: .init(openVersion: nil), logger: testLogger)
        let settings = try StationSettings(yaml: yaml)
        let filer: any DocumentFiler = digitizing
            ? try DigitizingFiler(archive: archive, operatorName: "station-test", settings: settings)
            : IntakeFiler(archive: archive, operatorName: "station-test")
        station = try Station(layout: layout, settings: settings, filer: filer, mode: mode,
                              sheets: sheets ? CoverSheetReader() : nil, store: storeURL, logger: testLogger)
    }

    func start() {
        let station = station
        let collected = collected
        let running = Task { try await station.run { event in collected.append(event) } }
        task.withLock { $0 = running }
    }

    func stop() async throws {
        station.stop()
        let running = task.withLock { $0 }
        try await running?.value
    }

    var events: [StationEvent] { collected.all }

    /// The events of one kind.
    func events(_ kind: StationEvent.Kind) -> [StationEvent] { events.filter { $0.event == kind } }

    /// Waits (polling every 50 ms) until `condition` holds; records an issue after `timeout` seconds. The
    /// default is generous: the wait ends as soon as the condition holds, and under the whole suite the
    /// station shares two cores and the cooperative pool with every other test. (With a second suite on the
    /// same two cores, a station's first journaled page once took more than 120 s.)
    @discardableResult
    func wait(_ what: String, timeout: TimeInterval = 300, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out after \(timeout) s waiting for \(what)")
        return false
    }

    /// Writes `bytes` at `relative` under the inbox (making its folders).
    @discardableResult
    func drop(_ relative: String, _ bytes: Data) throws -> URL {
        let url = layout.inbox.appending(path: relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: url)
        return url
    }

    /// Files (not folders) under `root`, relative to it, sorted.
    static func files(under root: URL) -> [String] {
        var found: [String] = []
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                found.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
            }
        }
        return found.sorted()
    }

    func cleanUp() { dir.cleanUp() }
}

enum StationFiles {
    /// A small PDF whose bytes are unique to `label`.
    static func pdf(_ label: String) -> Data {
        TinyDocuments.pdf(catalogExtra: "/Acervo (\(label))")
    }

    /// A small bitonal page at 300 dpi as a one-page TIFF whose bytes are unique to `index`: a scan the
    /// digitizer takes at little cost.
    static func tiff(_ index: Int) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appending(path: "acervo-station-page-\(UUID().uuidString).tif")
        defer { try? FileManager.default.removeItem(at: url) }
        try TestTIFF.write([TestPage(width: 64 + 8 * (index % 61), height: 48 + index / 61)], to: url)
        return try Data(contentsOf: url)
    }

    /// SHA-256 of `data`, lowercase hex.
    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

/// Events collected from the station's executor, read by the test.
final class EventLog: Sendable {
    private let events = Mutex<[StationEvent]>([])
    func append(_ event: StationEvent) { events.withLock { $0.append(event) } }
    var all: [StationEvent] { events.withLock { $0 } }
}
