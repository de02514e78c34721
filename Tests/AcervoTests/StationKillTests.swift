import AcervoCore
import AcervoDigitize
import AcervoStation
import AcervoStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// SIGKILL at random moments of a real `acervo station run` while batches arrive, restarting it each
/// time; at the end every page is in exactly one stored document, `store verify` is clean, and the
/// journal agrees with the store. Besides documents routed by folders, stacks at the inbox's root are
/// split by their cover sheets (when the tools to print and scan sheets are there). `ACERVO_KILL_SEED` replays a sequence; `ACERVO_STATION_KILLS` sets how
/// many kills (20 by default).
@Suite("Randomized kill of the station", .serialized)
struct StationKillTests {
    @Test("SIGKILL at random moments of the station loses no page and stores none twice")
    func randomKills() async throws {
        let seed = ProcessInfo.processInfo.environment["ACERVO_KILL_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        let target = ProcessInfo.processInfo.environment["ACERVO_STATION_KILLS"].flatMap { Int($0) } ?? 20
        print("station kill test: seed \(seed) (replay with ACERVO_KILL_SEED=\(seed)), \(target) kills")
        var random = SplitMix64(seed: seed)
        let dir = TemporaryDirectory("acervo-station-kill")
        defer { dir.cleanUp() }
        let inbox = dir.url.appending(path: "inbox")
        let layout = StationLayout(inbox: inbox)
        let store = dir.url.appending(path: "store")
        // The command's default filer: every document digitized (no OCR, to keep the test short).
        let settings = try dir.file("station.yml", Data("settle_seconds: 0.1\nrescan_seconds: 1\nocr: none\n".utf8))
        let staging = dir.url.appending(path: "staging")
        var expected: [String: String] = [:]   // sha256 of every page file the store must hold -> case
        var dropped = 0                        // documents
        var droppedFiles = 0                   // files dropped in the inbox, each to end in done/
        var stacks = 0

        // Two cover sheets, printed and scanned once; each stack is [sheet A, page, page, sheet B, page].
        let sheetCases = ["MS-2024-000910", "MS-2024-000911"]
        var sheetScans: [URL] = []
        if coverSheetToolsPresent {
            for (index, caseNumber) in sheetCases.enumerated() {
                let sheet = try CoverSheet(caseNumber: CaseNumber(validating: caseNumber), kind: index == 0 ? .contract : .receipt)
                let pdf = dir.url.appending(path: "folha-\(index).pdf")
                try CoverSheetPDF.write(sheet, to: pdf)
                let png = dir.url.appending(path: "folha-\(index).png")
                try SheetScans.render(pdf, dpi: 300, to: png)
                sheetScans.append(png)
            }
        }

        /// Drops a 5-page stack at the inbox's root: two documents, in two cases, by their sheets. The pages
        /// the store must hold are those the station copies out of it, which are the same bytes every time.
        func dropStack() throws {
            guard sheetScans.count == 2 else { return }
            let name = "lote-\(stacks).tif"
            let file = staging.appending(path: name)
            try SheetScans.stack(["sheet|\(sheetScans[0].path)|threshold|0", "text|Lote \(stacks) contrato 1", "text|Lote \(stacks) contrato 2",
                                  "sheet|\(sheetScans[1].path)|threshold|0", "text|Lote \(stacks) recibo"], dpi: 300, to: file)
            for (pages, caseNumber) in [(1...2, sheetCases[0]), (4...4, sheetCases[1])] {
                let part = staging.appending(path: "parte.tif")
                try PageExtraction.extract(pages: pages, of: file.path, to: part)
                expected[StationFiles.sha256(try Data(contentsOf: part))] = caseNumber
                try FileManager.default.removeItem(at: part)
            }
            try FileManager.default.moveItem(at: file, to: inbox.appending(path: name))
            stacks += 1
            dropped += 2
            droppedFiles += 1
        }

        /// Drops `count` documents at once: single files, and every third a folder of three pages (small
        /// bitonal TIFFs, each unique).
        func drop(_ count: Int) throws {
            for _ in 0..<count {
                let caseNumber = "MS-2024-00090\(dropped % 3)"
                let kind = ["receipt", "contract", "proof-of-address"][Int(random.next() % 3)]
                let pages = dropped % 3 == 0 ? 3 : 1
                let name = "doc-\(dropped)"
                for page in 0..<pages {
                    let data = try StationFiles.tiff(expected.count)
                    let relative = pages == 1 ? "\(caseNumber)/\(kind)/\(name).tif" : "\(caseNumber)/\(kind)/\(name)/folha-\(page).tif"
                    let url = staging.appending(path: relative)
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try data.write(to: url)
                    expected[StationFiles.sha256(data)] = caseNumber
                    droppedFiles += 1
                }
                let top = pages == 1 ? "\(caseNumber)/\(kind)/\(name).tif" : "\(caseNumber)/\(kind)/\(name)"
                let target = inbox.appending(path: top)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.moveItem(at: staging.appending(path: top), to: target)
                dropped += 1
            }
        }

        func start() throws -> Process {
            let process = Process()
            process.executableURL = acervoExecutable
            process.arguments = ["station", "run", "--inbox", inbox.path, "--store", store.path, "--settings", settings.path, "--json"]
            process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }

        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try drop(12)
        try dropStack()
        var kills = 0
        var attempts = 0
        while kills < target && attempts < target * 3 {
            attempts += 1
            let process = try start()
            let delay = 150_000 + Int(random.next() % 1_350_000)
            if random.next() % 2 == 0 { try drop(3) }   // work arriving while it runs
            try await Task.sleep(for: .microseconds(delay))
            if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
            await exited(process)
            if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL { kills += 1 }
            if attempts % 3 == 0 { try drop(2) }
            if attempts % 7 == 0 { try dropStack() }
        }
        #expect(kills >= target, "only \(kills) of \(attempts) runs were killed")

        // A last run finishes everything, then stops on SIGTERM with status 0.
        let pages = expected.count
        let last = try start()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && StationHarness.files(under: layout.done).count < droppedFiles {
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .milliseconds(300))
        Glibc.kill(last.processIdentifier, SIGTERM)
        await exited(last)
        #expect(last.terminationReason == .exit && last.terminationStatus == 0)

        #expect(StationHarness.files(under: inbox).isEmpty, "left in the inbox: \(StationHarness.files(under: inbox))")
        #expect(StationHarness.files(under: layout.done).count == droppedFiles)
        #expect(StationHarness.files(under: layout.quarantine).isEmpty)
        #expect(StationHarness.files(under: layout.stationDirectory.appending(path: "hand")).isEmpty)

        let verify = try await commandOffPool(acervoExecutable, ["store", "verify", "--store", store.path])
        #expect(verify.status == 0, "store verify: \(verify.stdout)\(verify.stderr)")

        // Every page in exactly one stored document, none recorded twice.
        let opened = try EvidenceStore.openExisting(at: store, logger: testLogger)
        var stored: [String: [EvidenceRecord]] = [:]
        for summary in try opened.cases() {
            for record in try opened.caseDetail(summary.caseNumber)?.evidence ?? [] { stored[record.sha256, default: []].append(record) }
        }
        #expect(stored.count == pages, "\(stored.count) contents stored for \(pages) pages")
        for (sha, caseNumber) in expected {
            let records = stored[sha] ?? []
            #expect(records.count == 1 && records.first?.caseNumber.rawValue == caseNumber && records.first?.verdict == .accepted,
                    "page \(sha.prefix(12)): \(records.count) record(s)")
        }

        // Every document digitized once: its first page's record holds it.
        let digitized = stored.values.flatMap { $0 }.compactMap(\.digitized)
        #expect(digitized.count == dropped, "\(digitized.count) digitized documents for \(dropped) dropped")

        // The journal agrees: every file done, with the evidence the store holds for its content.
        let journal = try JournalFile.all(layout)
        // A stack's original is done without evidence of its own: the store holds the pages copied out of it.
        let filed = journal.filter { $0.state == "done" && expected[$0.sha256 ?? ""] != nil }
        #expect(Set(journal.map(\.state)).isSubset(of: ["done", "gone"]), "states: \(Set(journal.map(\.state)))")
        #expect(filed.count == pages)
        #expect(journal.filter { $0.state == "done" && $0.evidenceID == nil }.count == stacks)
        for file in filed {
            let record = stored[file.sha256 ?? ""]?.first
            #expect(record != nil && record?.id == file.evidenceID, "\(file.path): journal \(String(describing: file.evidenceID)), store \(String(describing: record?.id))")
        }
        let status = try StationStatus.read(layout)
        #expect(status.inHand.isEmpty && status.documents.keys.sorted() == ["done"])
        print("station kill test: seed \(seed): \(kills) kills in \(attempts) runs, \(dropped) documents (\(stacks) stacks), \(pages) pages, each stored once")
    }
}
