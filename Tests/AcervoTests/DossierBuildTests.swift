import Acervo
import AcervoCore
@testable import AcervoDossier
@testable import AcervoStore
import Foundation
import Synchronization
import Testing

/// Dossiers of a case stored through the real pipeline, in every format, checked by Acervo and by
/// the validators archivists run.
@Suite("Dossier build")
struct DossierBuildTests {
    @Test("a dossier holds the case version's files and the reserved and Acervo labels; verify accepts it",
          arguments: DossierFormat.allCases)
    func buildsAndVerifies(format: DossierFormat) async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        let url = try await fixture.build("dossier.\(format.fileExtension)", format: format, algorithms: [.sha256, .sha512])
        let version = try fixture.store.caseVersion(fixture.caseNumber)
        let bag = "MS-2024-000123-v\(version.number)"

        let check = try await Dossier.verify(url)
        #expect(check.isValid, "\(check.problems)")
        #expect(check.bagName == bag)
        // The version's files, and its chain of custody whole as `metadata/custody.jsonl`.
        #expect(check.payloadFiles == version.files.count + 1)
        #expect(check.payloadBytes == version.files.reduce(0) { $0 + $1.byteCount } + Int64(version.custodyLog.count))

        let entries = try readEntries(url)
        let names = entries.map(\.path)
        #expect(names.first == bag + "/")
        #expect(names.last == bag + "/tagmanifest-sha256.txt")
        for file in version.files { #expect(names.contains("\(bag)/data/\(file.logicalPath)"), "\(file.logicalPath)") }
        #expect(names.contains("\(bag)/data/metadata/custody.jsonl"))
        #expect(names.contains("\(bag)/manifest-sha512.txt"))

        let info = try #require(check.bagInfo)
        #expect(info["External-Identifier"] == "MS-2024-000123")
        #expect(info["Source-Organization"] == "Procon")
        #expect(info["Bagging-Date"] == String(DossierBuilder.instant(version.created).prefix(10)))
        #expect(info["Payload-Oxum"] == "\(check.payloadBytes).\(check.payloadFiles)")
        #expect(info["Acervo-Dossier-Version"] == "v\(version.number)")
        #expect(info["Acervo-Evidence-Accepted"] == String(version.records.count))
        #expect(info["Acervo-Evidence-Rejected"] == "1", "the truncated photo is quarantined and counted")
        let rawInfo = String(decoding: try #require(entries.first { $0.path == "\(bag)/bag-info.txt" }).bytes, as: UTF8.self)
        // A line may pass the width only when it holds a single word (a digest) that cannot be broken.
        #expect(rawInfo.split(separator: "\n").allSatisfy { $0.count <= BagInfo.foldWidth || $0.split(separator: " ").count <= 2 },
                "long values are folded")
        #expect(rawInfo.contains("\n "), "External-Description is long enough to fold")
    }

    @Test("bagit-python validates every extracted dossier and bdbag validates the archive",
          .enabled(if: which("bagit.py") != nil || which("bdbag") != nil), arguments: DossierFormat.allCases)
    func externalValidators(format: DossierFormat) async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        let url = try await fixture.build("dossier.\(format.fileExtension)", format: format, algorithms: [.sha256, .sha512])
        let out = fixture.directory.url.appending(path: "extracted")
        let extracted = try await Dossier.extract(url, to: out)
        #expect(extracted.isValid, "\(extracted.problems)")
        let bagDirectory = out.appending(path: try #require(extracted.bagName))
        if let result = try runValidator("bagit.py", ["--validate", bagDirectory.path]) {
            #expect(result.status == 0, "bagit.py: \(result.stderr)")
            #expect(result.stderr.contains("is valid"))
        }
        // bdbag opens zip and tar (not zstd) itself; a tar.zst dossier is checked extracted.
        let target = format == .tarZstd ? bagDirectory.path : url.path
        if let result = try runValidator("bdbag", ["--validate", "full", target]) {
            #expect(result.status == 0, "bdbag: \(result.stdout) \(result.stderr)")
        }
    }

    @Test("two builds of the same version are identical byte for byte, even after the case moves on",
          arguments: DossierFormat.allCases)
    func reproducible(format: DossierFormat) async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        let first = try await fixture.build("a.\(format.fileExtension)", format: format)
        let second = try await fixture.build("b.\(format.fileExtension)", format: format)
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))

        let head = try fixture.store.caseVersion(fixture.caseNumber).number
        _ = try await fixture.archive.intake(case: fixture.caseNumber, attachments: [
            .file(packageRoot.appending(path: "SampleDocs/screenshot/conversa-whatsapp.png"), kind: .screenshot),
        ], operatorName: "tests")
        let later = try await fixture.build("c.\(format.fileExtension)", format: format, version: head)
        #expect(try Data(contentsOf: first) == Data(contentsOf: later), "v\(head) rebuilt after v\(head + 1) exists")
        let newest = try await fixture.build("d.\(format.fileExtension)", format: format)
        #expect(try Data(contentsOf: first) != Data(contentsOf: newest))
        #expect(try await Dossier.verify(newest).bagName == "MS-2024-000123-v\(head + 1)")
    }

    @Test("a stored file whose bytes no longer match the inventory stops the build; no archive appears")
    func refusesDamagedStore() async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        let version = try fixture.store.caseVersion(fixture.caseNumber)
        let victim = try #require(version.files.first { $0.logicalPath.hasSuffix(".jpg") })
        var bytes = try Data(contentsOf: victim.contentURL)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: victim.contentURL)
        let url = fixture.directory.url.appending(path: "damaged.tar")
        await #expect(throws: AcervoError.self) {
            _ = try await Dossier.build(DossierRequest(caseNumber: fixture.caseNumber), from: fixture.store, to: url,
                                        logger: testLogger)
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.directory.url.path)
        #expect(!leftovers.contains { $0.contains(".partial-") })
    }

    @Test("building records a bundled event with the archive's SHA-256 once; new evidence makes a new dossier version")
    func custody() async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        // The fixture's second intake waits in the case's open version; a build seals it first.
        let sealed = try fixture.store.caseVersion(fixture.caseNumber)
        try fixture.store.seal(fixture.caseNumber)
        let before = try fixture.store.caseVersion(fixture.caseNumber)
        #expect(before.number == sealed.number + 1)
        let request = DossierRequest(caseNumber: fixture.caseNumber, recordedBy: "arquivista")
        let first = try await Dossier.build(request, from: fixture.store, to: fixture.directory.url.appending(path: "1.tar"),
                                            logger: testLogger)
        #expect(first.version == before.number)
        let after = try fixture.store.caseVersion(fixture.caseNumber)
        #expect(after.number == before.number + 1)
        let event = try #require(after.events.last)
        #expect(event.type == .bundled)
        #expect(event.actor == "arquivista")
        #expect(event.details["sha256"] == first.archiveSHA256)
        #expect(event.details["dossier"] == "v\(before.number)")
        #expect(CustodyLog(caseNumber: fixture.caseNumber, events: after.events).firstBreak() == nil)

        // The bookkeeping version is not a new dossier: the same bytes, and no second event.
        let again = try await Dossier.build(request, from: fixture.store, to: fixture.directory.url.appending(path: "2.tar"),
                                            logger: testLogger)
        #expect(again.version == before.number)
        #expect(again.archiveSHA256 == first.archiveSHA256)
        #expect(try FileDigest.of(fixture.directory.url.appending(path: "1.tar")).sha256 == first.archiveSHA256,
                "the SHA-256 computed while writing is that of the file")
        #expect(try fixture.store.caseVersion(fixture.caseNumber).number == after.number)

        _ = try await fixture.archive.intake(case: fixture.caseNumber, attachments: [
            .file(packageRoot.appending(path: "SampleDocs/screenshot/pedido-app-loja.png"), kind: .screenshot),
        ], operatorName: "tests")
        let newer = try await Dossier.build(request, from: fixture.store, to: fixture.directory.url.appending(path: "3.tar"),
                                            logger: testLogger)
        #expect(newer.version == after.number + 1)
        #expect(newer.archiveSHA256 != first.archiveSHA256)
        let check = try await Dossier.verify(fixture.directory.url.appending(path: "3.tar"))
        #expect(check.isValid)
        #expect(check.bagInfo?["Acervo-Dossier-Version"] == "v\(after.number + 1)")
    }

    @Test("progress reaches every payload byte in order; a cancelled build stops and publishes nothing")
    func progressAndCancellation() async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        let seen = Mutex<[DossierProgress]>([])
        let built = try await Dossier.build(DossierRequest(caseNumber: fixture.caseNumber), from: fixture.store,
                                            to: fixture.directory.url.appending(path: "p.tar"), logger: testLogger) { step in
            seen.withLock { $0.append(step) }
        }
        let steps = seen.withLock { $0 }
        #expect(steps.count == built.payloadFiles + 1)
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0.bytesDone <= $1.bytesDone })
        #expect(steps.last?.bytesDone == built.payloadBytes && steps.last?.bytesTotal == built.payloadBytes)

        let cancelledOutput = fixture.directory.url.appending(path: "cancelled.tar")
        let task = Task {
            try await Dossier.build(DossierRequest(caseNumber: fixture.caseNumber), from: fixture.store,
                                    to: cancelledOutput, logger: testLogger)
        }
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("a cancelled build finished")
        } catch let error as AcervoError {
            #expect(error.code == .cancelled)
        }
        #expect(!FileManager.default.fileExists(atPath: cancelledOutput.path))
    }

    @Test("a version the case does not have is not found")
    func unknownVersion() async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        do {
            _ = try await fixture.build("x.tar", format: .tar, version: 99)
            Issue.record("built a dossier of a version that does not exist")
        } catch let error as AcervoError {
            #expect(error.code == .notFound)
        }
    }
}
