import Acervo
import Foundation
import Testing

/// The library as a web API links it: one `import Acervo`, nothing else, for intake, queries, dossiers
/// and the stored bytes; reports that encode to the command's JSON; ledger failures that throw.
@Suite("Library surface")
struct LibrarySurfaceTests {
    static let caseNumber = CaseNumber(rawValue: "MS-2026-000913")!

    /// A store holding one accepted image (with its derivatives), one accepted PDF and one rejected file.
    func populatedArchive(in dir: TemporaryDirectory) async throws -> (EvidenceArchive, IntakeReport) {
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"))
        let report = try await archive.intake(case: Self.caseNumber, attachments: [
            .bytes(TinyImages.png, kind: .screenshot, name: "tela.png", mime: "image/png"),
            .bytes(TinyDocuments.pdf(), kind: .receipt, name: "nota.pdf", mime: "application/pdf"),
            .bytes(Data("not a screenshot\n".utf8), kind: .screenshot, name: "tela.txt", mime: "image/png"),
        ], operatorName: "portal")
        #expect(report.items.map(\.verdict) == [.accepted, .accepted, .rejected])
        return (archive, report)
    }

    func collect(_ stream: ContentStream) async throws -> (bytes: Data, largestChunk: Int, chunks: Int) {
        var bytes = Data()
        var largest = 0
        var chunks = 0
        for try await chunk in stream {
            bytes += chunk
            largest = max(largest, chunk.count)
            chunks += 1
        }
        return (bytes, largest, chunks)
    }

    @Test("cases, case detail, evidence by id and custody events answer from one import")
    func queries() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let (archive, report) = try await populatedArchive(in: dir)
        let cases = try await archive.cases()
        #expect(cases.map(\.caseNumber) == [Self.caseNumber])
        #expect(cases.first?.acceptedCount == 2 && cases.first?.rejectedCount == 1)

        let detail = try #require(try await archive.caseDetail(Self.caseNumber))
        #expect(Set(detail.evidence.map(\.id)) == Set(report.items.map(\.evidenceID)))
        #expect(try await archive.caseDetail(CaseNumber(rawValue: "MS-2026-999999")!) == nil)

        let rejected = report.items[2]
        let record = try #require(try await archive.evidence(rejected.evidenceID))
        #expect(record.verdict == .rejected && record.caseNumber == Self.caseNumber && record.declaredName == "tela.txt")
        #expect(try await archive.evidence(UUID()) == nil)

        let events = try await archive.custodyEvents(of: Self.caseNumber)
        #expect(events == detail.events)
        #expect(events.map(\.sequence) == Array(1...events.count))
        await #expect(throws: AcervoError.self) { try await archive.custodyEvents(of: CaseNumber(rawValue: "MS-2026-999999")!) }
    }

    @Test("an original, a quarantined file and a derivative stream back in bounded chunks, byte for byte")
    func contents() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let (archive, report) = try await populatedArchive(in: dir)

        let pdf = try await archive.contents(of: report.items[1].evidenceID, chunkSize: 100)
        #expect(pdf.byteCount == Int64(TinyDocuments.pdf().count))
        let read = try await collect(pdf)
        #expect(read.bytes == TinyDocuments.pdf())
        #expect(read.largestChunk <= 100 && read.chunks == (TinyDocuments.pdf().count + 99) / 100)

        // Iterating again starts from the first byte.
        #expect(try await collect(pdf).bytes == TinyDocuments.pdf())

        let quarantined = try await collect(try await archive.contents(of: report.items[2].evidenceID))
        #expect(quarantined.bytes == Data("not a screenshot\n".utf8))

        let image = try #require(try await archive.evidence(report.items[0].evidenceID))
        let thumbnail = try #require(image.derivatives?.first { $0.hasSuffix("thumb.jpg") })
        let derivative = try await collect(try await archive.contents(of: image.id, derivative: thumbnail))
        #expect(derivative.bytes.starts(with: [0xFF, 0xD8, 0xFF]))

        await #expect(throws: AcervoError.self) { try await archive.contents(of: UUID()) }
        await #expect(throws: AcervoError.self) {
            try await archive.contents(of: image.id, derivative: "derivatives/../../ledger.sqlite")
        }
    }

    @Test("a dossier is built, streamed, verified and extracted through the archive, with progress")
    func dossiers() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let (archive, _) = try await populatedArchive(in: dir)
        let output = dir.url.appending(path: "dossier.tar")
        let steps = StepCounter(0)
        let built = try await archive.buildDossier(case: Self.caseNumber, recordedBy: "portal", to: output) { _ in
            steps.withLock { $0 += 1 }
        }
        #expect(built.version == 1 && built.payloadFiles > 0)
        #expect(steps.withLock { $0 } > 0)
        #expect(try await archive.custodyEvents(of: Self.caseNumber).last?.type == .bundled)

        let streamed = try await collect(try ContentStream(reading: output, chunkSize: 4096))
        #expect(streamed.bytes == (try Data(contentsOf: output)))
        #expect(Int64(streamed.bytes.count) == built.archiveBytes)

        let check = try await archive.verifyDossier(at: output)
        #expect(check.isValid, "\(check.problems)")
        #expect(try await archive.dossierEntries(at: output).contains { $0.path.hasSuffix("bag-info.txt") })
        let extracted = try await archive.extractDossier(at: output, to: dir.url.appending(path: "out"))
        #expect(extracted.isValid && extracted.payloadFiles == built.payloadFiles)
    }

    @Test("the command's JSON decodes into the library's report types and equals what the library returns")
    func commandJSONDecodes() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let (archive, report) = try await populatedArchive(in: dir)
        let store = dir.url.appending(path: "store").path
        let decoder = JSONDecoder()
        /// A value as the JSON form holds it: encoded and read back.
        func asJSON<T: Codable>(_ value: T) throws -> T {
            try decoder.decode(T.self, from: try JSONEncoder().encode(value))
        }

        let list = try runCommand(acervoExecutable, ["case", "list", "--store", store, "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        let listed = try list.stdout.split(separator: "\n").map { try decoder.decode(CaseSummary.self, from: Data($0.utf8)) }
        let libraryCases = try await archive.cases().map { try asJSON($0) }
        #expect(listed == libraryCases)

        let show = try runCommand(acervoExecutable, ["case", "show", Self.caseNumber.rawValue, "--store", store, "--json"])
        let shown = try decoder.decode(CaseDetail.self, from: Data(show.stdout.utf8))
        let detail = try #require(try await archive.caseDetail(Self.caseNumber))
        #expect(shown == (try asJSON(detail)))
        #expect(shown.evidence.map(\.id) == detail.evidence.map(\.id))

        let output = dir.url.appending(path: "case.tar")
        let build = try runCommand(acervoExecutable, ["dossier", "build", "--store", store, "--case", Self.caseNumber.rawValue,
                                                      "--output", output.path, "--no-custody", "--json"])
        let built = try decoder.decode(DossierBuild.self, from: Data(build.stdout.utf8))
        #expect(built.archiveBytes == Int64(try Data(contentsOf: output).count) && built.archiveSHA256.count == 64)
        let verify = try runCommand(acervoExecutable, ["dossier", "verify", output.path, "--json"])
        #expect(try decoder.decode(DossierVerification.self, from: Data(verify.stdout.utf8))
            == (try asJSON(try await archive.verifyDossier(at: output))))

        let file = try dir.file("nota.pdf", TinyDocuments.pdf())
        let intake = try runCommand(acervoExecutable, ["intake", "--store", store, "--case", Self.caseNumber.rawValue,
                                                       "--kind", "receipt", "--json", file.path])
        let item = try decoder.decode(IntakeReport.Item.self, from: Data(intake.stdout.utf8))
        // The same bytes again for the same kind: the library's first item is the original.
        #expect(item.duplicateOf == report.items[1].evidenceID)
        #expect(item.sha256 == report.items[1].sha256 && item.declaredName == "nota.pdf")
        #expect(try asJSON(report) == report)
    }

    @Test("a broken ledger throws from the library and makes `case list` exit 70, never 'no cases'")
    func brokenLedger() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let (archive, _) = try await populatedArchive(in: dir)
        let ledger = dir.url.appending(path: "store/ledger.sqlite")
        let broken = try runCommand(URL(fileURLWithPath: "/usr/bin/env"), [
            "python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('DROP TABLE cases'); c.commit()",
            ledger.path,
        ])
        #expect(broken.status == 0, "\(broken.stderr)")

        await #expect(throws: AcervoError.self) { try await archive.cases() }
        await #expect(throws: AcervoError.self) { try await archive.caseDetail(Self.caseNumber) }

        let list = try runCommand(acervoExecutable, ["case", "list", "--store", dir.url.appending(path: "store").path])
        #expect(list.status == 70)
        #expect(!list.stdout.contains("no cases"))
        #expect(list.stderr.contains("cannot read the ledger"), "\(list.stderr)")
        #expect(list.stderr.contains("não foi possível ler o índice"))
        let show = try runCommand(acervoExecutable, ["case", "show", Self.caseNumber.rawValue,
                                                     "--store", dir.url.appending(path: "store").path])
        #expect(show.status == 70)
    }

    @Test("errors keep English and Portuguese apart, and print as before")
    func bilingualErrors() throws {
        do {
            _ = try CaseNumber(validating: "no good")
            Issue.record("accepted an invalid protocol number")
        } catch {
            #expect(error.english.hasPrefix("invalid protocol number 'no good'"))
            #expect(error.portuguese == "número de protocolo inválido")
            #expect(error.description == "\(error.english) / número de protocolo inválido")
        }
        let plain = AcervoError(.io, "cannot read /x: No such file or directory")
        #expect(plain.portuguese == nil && plain.description == plain.english)
    }
}

/// A counter the progress closures share.
final class StepCounter<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
