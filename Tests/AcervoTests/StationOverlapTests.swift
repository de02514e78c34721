import AcervoStation
import Foundation
import Testing

/// The station starts the next document while the one before it no longer needs every core (its last pages
/// read, its PDF/A written, signed and stored), and never files two documents of one case at once.
@Suite("Scanning station, documents filed side by side", .serialized)
struct StationOverlapTests {
    /// Three-page scans, each with bytes of its own.
    static func scan(_ station: StationHarness, _ index: Int) throws -> Data {
        let url = station.dir.url.appending(path: "scan-\(index).tif")
        try TestTIFF.write((0..<3).map { page in TestPage(width: 320 + index, height: 240 + page, fill: 0x55) }, to: url)
        return try Data(contentsOf: url)
    }

    /// For each `filed` event, how many pages the batch had read when it came: a count above the pages filed
    /// so far means a document was taken before the one before it was stored.
    static func takenBeforeFiled(_ events: [StationEvent]) -> [Bool] {
        var read = 0
        var filedPages = 0
        var overlapped: [Bool] = []
        for event in events {
            if event.event == .progress, let progress = event.progress { read = max(read, progress.pagesRead) }
            if event.event == .filed {
                filedPages += 3
                overlapped.append(read > filedPages)
            }
        }
        return overlapped
    }

    @Test func theNextDocumentStartsBeforeThePreviousOneIsStored() async throws {
        guard ProcessInfo.processInfo.activeProcessorCount >= 2 else { return }  // one core: nothing to overlap
        let station = try StationHarness(StationDigitizingTests.settings, label: "acervo-station-overlap", digitizing: true)
        defer { station.cleanUp() }
        let scans = try (0..<3).map { try Self.scan(station, $0) }
        for (index, bytes) in scans.enumerated() {
            let url = station.dir.url.appending(path: "staged-\(index).tif")
            try bytes.write(to: url)
        }
        station.start()
        for index in 0..<3 {
            let target = station.layout.inbox.appending(path: "MS-2026-00080\(index)/contract/doc-\(index).tif")
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: station.dir.url.appending(path: "staged-\(index).tif"), to: target)
        }
        try await station.wait("three documents filed", timeout: StationDigitizingTests.patience) { station.events(.filed).count == 3 }
        try await station.stop()

        #expect(station.events(.failed).isEmpty && station.events(.refused).isEmpty, "\(station.events(.failed).map(\.message))")
        #expect(Set(station.events(.filed).compactMap(\.caseNumber)).count == 3)
        #expect(Self.takenBeforeFiled(station.events).contains(true),
                "no document was taken before the one before it was stored: \(Self.takenBeforeFiled(station.events))")
        let verify = try await commandOffPool(acervoExecutable, ["store", "verify", "--store", station.storeURL.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(StationHarness.files(under: station.layout.done).count == 3)
    }

    @Test func twoDocumentsOfOneCaseAreNeverFiledAtOnce() async throws {
        let station = try StationHarness(StationDigitizingTests.settings, label: "acervo-station-one-case", digitizing: true)
        defer { station.cleanUp() }
        let scans = try (0..<3).map { try Self.scan(station, $0) }
        station.start()
        for (index, bytes) in scans.enumerated() {
            try station.drop("MS-2026-000810/contract/doc-\(index).tif", bytes)
        }
        try await station.wait("three documents filed", timeout: StationDigitizingTests.patience) { station.events(.filed).count == 3 }
        try await station.stop()

        #expect(station.events(.failed).isEmpty && station.events(.duplicate).isEmpty)
        #expect(!Self.takenBeforeFiled(station.events).contains(true),
                "a document of the case was taken while another was being filed: \(Self.takenBeforeFiled(station.events))")
        #expect(Set(station.events(.filed).compactMap(\.version)) == [1, 2, 3])
        let verify = try await commandOffPool(acervoExecutable, ["store", "verify", "--store", station.storeURL.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}
