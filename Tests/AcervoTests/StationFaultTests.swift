import Acervo
import AcervoCore
import AcervoStation
import Foundation
import Testing

/// The station on disks that fail: an inbox on a full disk, an inbox that becomes read-only, a full store.
/// Each is an operational error the status shows, never a verdict on a file: nothing goes to the
/// quarantine, the station keeps running, and it files the document once the disk takes writes again.
/// Mounting needs root; elsewhere these tests are skipped.
@Suite("Scanning station on failing disks", .serialized, .enabled(if: SmallFileSystem.mountable, "mounting a tmpfs is not permitted here"))
struct StationFaultTests {
    static let settings = "settle_seconds: 0.5\nincomplete_seconds: 10\npoll_seconds: 1\n"

    @Test func anInboxOnAFullDiskIsAnOperationalErrorAndTheStationResumesWhenThereIsRoom() async throws {
        let disk = try SmallFileSystem(bytes: 16 << 20)
        defer { disk.unmount() }
        let station = try StationHarness(Self.settings, inboxBase: disk.url)
        defer { station.cleanUp() }
        station.start()
        let page = try StationFiles.tiff(1)
        let relative = "MS-2024-000901/other/pagina.tif"
        try station.drop(relative, page)
        // Seen and journaled, then the disk fills before it settles: the copy into the station's hand fails.
        try await station.wait("the page journaled") {
            try JournalFile.all(station.layout).contains { $0.path == relative }
        }
        try disk.fill(leaving: 0)
        try await station.wait("an operational failure") { !station.events(.failed).isEmpty }
        try await Task.sleep(for: .seconds(2.5))   // two pauses: tried again, still failing, said once

        let status = try StationStatus.read(station.layout)
        // One disk holds the inbox, done/, quarantine/ and station/: it is named once, under the inbox.
        #expect(status.diskProblems.map(\.path) == [station.layout.inbox.path] && status.diskProblems.first?.problem == .full)
        #expect(station.events(.failed).count == 1)
        let failure = try #require(station.events(.failed).first?.message)
        #expect(failure.contains("disco cheio/disk full"))
        #expect(station.events(.quarantined).isEmpty && station.events(.filed).isEmpty)
        #expect(FileManager.default.fileExists(atPath: station.layout.inbox.appending(path: relative).path))
        #expect(StationHarness.files(under: station.layout.quarantine).isEmpty)

        try FileManager.default.removeItem(at: disk.url.appending(path: "filler"))
        try await station.wait("the page filed once there is room") { !station.events(.filed).isEmpty }
        try await station.wait("the station says it resumed") { !station.events(.resumed).isEmpty }
        try await station.stop()
        #expect(StationHarness.files(under: station.layout.done) == [relative])
        let detail = try #require(try await station.archive.caseDetail(try CaseNumber(validating: "MS-2024-000901")))
        #expect(detail.evidence.map(\.sha256) == [StationFiles.sha256(page)])
        #expect(try StationStatus.read(station.layout).diskProblems.isEmpty)
    }

    @Test func aFileThatCannotBeJournaledOnAFullDiskIsFoundAgainSoonAfterThereIsRoom() async throws {
        let disk = try SmallFileSystem(bytes: 16 << 20)
        defer { disk.unmount() }
        // Full rescans only every 300 s: the file must be found again by the one that follows the pause.
        let station = try StationHarness(Self.settings + "rescan_seconds: 300\n", inboxBase: disk.url)
        defer { station.cleanUp() }
        station.start()
        try await station.wait("the station started") { !station.events(.started).isEmpty }
        var page = try StationFiles.tiff(4)
        page.append(Data(count: 4096 - page.count % 4096))   // whole pages of the disk: it fits exactly
        let folder = station.layout.inbox.appending(path: "MS-2024-000905/other")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try disk.fill(leaving: page.count)
        try page.write(to: folder.appending(path: "pagina.tif"))
        try await station.wait("an operational failure") { !station.events(.failed).isEmpty }
        #expect(station.events(.failed).first?.message?.contains("journal") == true)
        #expect(try JournalFile.all(station.layout).isEmpty)

        try FileManager.default.removeItem(at: disk.url.appending(path: "filler"))
        try await station.wait("the page filed soon after there is room") { !station.events(.filed).isEmpty }
        try await station.stop()
        #expect(StationHarness.files(under: station.layout.done) == ["MS-2024-000905/other/pagina.tif"])
        #expect(station.events(.quarantined).isEmpty)
    }

    @Test func anInboxThatTurnsReadOnlyKeepsItsOriginalsUntilItCanBeWrittenAndStoresNothingTwice() async throws {
        let station = try StationHarness(Self.settings)
        defer { station.cleanUp() }
        let page = try StationFiles.tiff(2)
        let relative = "MS-2024-000902/other/pagina.tif"
        try station.drop(relative, page)
        // The scanners' share goes read-only: the document can be read and filed, but its original cannot
        // leave the inbox for done/ (on another mount, so the move is a copy, then an unlink that fails).
        let inbox = try ReadOnlyBind(station.layout.inbox)
        defer { inbox.release() }
        station.start()
        try await station.wait("an operational failure") { !station.events(.failed).isEmpty }
        let failure = try #require(station.events(.failed).first?.message)
        #expect(failure.contains("Read-only file system"))
        #expect(failure.contains("disco somente leitura/read-only disk"))
        let status = try StationStatus.read(station.layout)
        #expect(status.diskProblems.map(\.problem) == [.readOnly])
        #expect(status.documents["filed"] == 1)
        #expect(StationHarness.files(under: station.layout.done).isEmpty)
        #expect(station.events(.quarantined).isEmpty)
        try await Task.sleep(for: .seconds(2.5))
        #expect(station.events(.filed).isEmpty)

        try inbox.makeWritable()
        try await station.wait("the original moved once the inbox can be written") { !station.events(.filed).isEmpty }
        try await station.wait("the station says it resumed") { !station.events(.resumed).isEmpty }
        try await station.stop()
        #expect(StationHarness.files(under: station.layout.done) == [relative])
        #expect(!FileManager.default.fileExists(atPath: station.layout.inbox.appending(path: relative).path))
        let detail = try #require(try await station.archive.caseDetail(try CaseNumber(validating: "MS-2024-000902")))
        #expect(detail.evidence.map(\.sha256) == [StationFiles.sha256(page)])
        #expect(station.events(.filed).count == 1)
    }

    @Test func aFullStoreIsAnOperationalErrorNeverAVerdictOnTheDocument() async throws {
        let disk = try SmallFileSystem(bytes: 32 << 20)
        defer { disk.unmount() }
        let station = try StationHarness(Self.settings, storeBase: disk.url)
        defer { station.cleanUp() }
        station.start()
        try await station.wait("the station started") { !station.events(.started).isEmpty }
        try disk.fill(leaving: 0)
        let page = try StationFiles.tiff(3)
        let relative = "MS-2024-000903/other/pagina.tif"
        try station.drop(relative, page)
        try await station.wait("an operational failure") { !station.events(.failed).isEmpty }
        try await Task.sleep(for: .seconds(2.5))
        #expect(station.events(.quarantined).isEmpty && station.events(.refused).isEmpty && station.events(.filed).isEmpty)
        #expect(FileManager.default.fileExists(atPath: station.layout.inbox.appending(path: relative).path))
        // The status names the store's disk: the station recorded which store it files to.
        let problems = try StationStatus.read(station.layout).diskProblems
        #expect(problems.map(\.problem) == [.full] && problems.first?.path == station.storeURL.standardizedFileURL.path)

        try FileManager.default.removeItem(at: disk.url.appending(path: "filler"))
        try await station.wait("the page filed once the store has room") { !station.events(.filed).isEmpty }
        try await station.wait("the station says it resumed") { !station.events(.resumed).isEmpty }
        try await station.stop()
        let detail = try #require(try await station.archive.caseDetail(try CaseNumber(validating: "MS-2024-000903")))
        #expect(detail.evidence.map(\.sha256) == [StationFiles.sha256(page)])
        #expect(StationHarness.files(under: station.layout.done) == [relative])
    }

    @Test func aFullStoreWhileDigitizingIsAnOperationalErrorAndTheDocumentIsFiledLater() async throws {
        let disk = try SmallFileSystem(bytes: 32 << 20)
        defer { disk.unmount() }
        let station = try StationHarness(Self.settings + "ocr: none\n", digitizing: true, storeBase: disk.url)
        defer { station.cleanUp() }
        station.start()
        try await station.wait("the station started") { !station.events(.started).isEmpty }
        try disk.fill(leaving: 0)
        let scan = station.dir.url.appending(path: "contrato.tif")
        try TestTIFF.write([TestPage(width: 320, height: 240), TestPage(width: 320, height: 200)], to: scan)
        let bytes = try Data(contentsOf: scan)
        try station.drop("MS-2026-000904/contract/contrato.tif", bytes)
        try await station.wait("an operational failure", timeout: StationDigitizingTests.patience) { !station.events(.failed).isEmpty }
        try await Task.sleep(for: .seconds(2.5))
        #expect(station.events(.quarantined).isEmpty && station.events(.refused).isEmpty && station.events(.filed).isEmpty)

        try FileManager.default.removeItem(at: disk.url.appending(path: "filler"))
        try await station.wait("the contract filed once the store has room", timeout: StationDigitizingTests.patience) {
            !station.events(.filed).isEmpty
        }
        try await station.stop()
        let filed = try #require(station.events(.filed).first)
        let firstID = try #require(filed.evidenceIDs?.first)
        let record = try #require(try await station.archive.evidence(firstID))
        #expect(record.sha256 == StationFiles.sha256(bytes))
        #expect(record.digitized?.pageCount == 2)
        #expect(station.events(.refused).isEmpty && station.events(.quarantined).isEmpty)
    }
}

/// A folder bind-mounted on itself and made read-only, as a share that the server turned read-only.
final class ReadOnlyBind: Sendable {
    let url: URL

    init(_ url: URL) throws {
        self.url = url
        for arguments in [["--bind", url.path, url.path], ["-o", "remount,bind,ro", url.path]] {
            let result = try runCommand(URL(fileURLWithPath: "/bin/mount"), arguments)
            guard result.status == 0 else {
                _ = try? runCommand(URL(fileURLWithPath: "/bin/umount"), [url.path])
                throw SmallFileSystemError(description: "mount \(arguments.joined(separator: " ")): \(result.stderr)")
            }
        }
    }

    func makeWritable() throws {
        let result = try runCommand(URL(fileURLWithPath: "/bin/mount"), ["-o", "remount,bind,rw", url.path])
        guard result.status == 0 else { throw SmallFileSystemError(description: "remount rw: \(result.stderr)") }
    }

    func release() {
        let result = try? runCommand(URL(fileURLWithPath: "/bin/umount"), [url.path])
        if result?.status != 0 { _ = try? runCommand(URL(fileURLWithPath: "/bin/umount"), ["-l", url.path]) }
    }
}
