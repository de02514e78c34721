import AcervoCore
@testable import AcervoStore
import Foundation
import Testing

@Suite struct StoreCommitTests {
    @Test func aNewStoreHasTheDocumentedLayout() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let fm = FileManager.default
        let root = fixture.directory
        for path in ["acervo-store.json", "objects", "staging", "quarantine", "ledger.sqlite", ".lock",
                     "objects/ocfl_layout.json"] {
            #expect(fm.fileExists(atPath: root.appendingPathComponent(path).path), "\(path)")
        }
        #expect(try String(contentsOf: root.appendingPathComponent("objects/0=ocfl_1.1"), encoding: .utf8) == "ocfl_1.1\n")
        let layout = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("objects/ocfl_layout.json"))) as? [String: String]
        #expect(layout?["extension"] == "0002-flat-direct-storage-layout")
        let marker = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("acervo-store.json"))) as? [String: Any]
        #expect(marker?["format"] as? String == "acervo-store")
        #expect(fixture.store.stagingDirectory.path.hasPrefix(root.appendingPathComponent("staging").path))
    }

    @Test func firstIntakeCreatesVersionOneWithOriginalsRecordsAndCustody() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let bytes = storeSamplePDF(1)
        let item = try fixture.stage(bytes, name: "../Conta de luz.pdf", kind: .proofOfAddress, case: storeCaseA)
        let outcome = try fixture.commit([item], case: storeCaseA)
        #expect(outcome.version == 1)
        let id = item.record.id.uuidString.lowercased()
        let path = "originals/\(id)/Conta de luz.pdf"
        #expect(outcome.items.first?.placement == .stored(path: path))
        let object = fixture.objectURL(storeCaseA)
        // The exact bytes, moved out of staging.
        #expect(try Data(contentsOf: object.appendingPathComponent("v1/content/\(path)")) == Data(bytes))
        #expect(!FileManager.default.fileExists(atPath: item.stagedFile!.path))
        #expect(try String(contentsOf: object.appendingPathComponent("0=ocfl_object_1.1"), encoding: .utf8) == "ocfl_object_1.1\n")
        let record = try String(contentsOf: object.appendingPathComponent("v1/content/metadata/evidence/\(id).json"), encoding: .utf8)
        #expect(record.contains("\n  \"byteCount\" : 3000,\n"))
        #expect(record.contains("\"receivedAt\" : \"2024-05-01T10:40:00.123Z\""))
        #expect(record.contains("\"storedPath\" : \"\(path)\""))
        let inventory = try fixture.rootInventory(storeCaseA)
        #expect(inventory["digestAlgorithm"] as? String == "sha512")
        #expect(inventory["head"] as? String == "v1")
        let v1 = (inventory["versions"] as? [String: Any])?["v1"] as? [String: Any]
        #expect(v1?["message"] as? String == "intake of 1 attachments via cli")
        #expect((v1?["user"] as? [String: String]) == ["name": "ana", "address": "urn:acervo:cli"])
        let fixity = (inventory["fixity"] as? [String: [String: [String]]])?["sha256"]
        #expect(fixity?[item.record.sha256] == ["v1/content/\(path)"])
        let events = outcome.events.map(\.type)
        #expect(events == [.opened, .received, .stored])
        let custody = try String(contentsOf: object.appendingPathComponent("v1/content/metadata/custody/v1.jsonl"), encoding: .utf8)
        #expect(custody.split(separator: "\n").count == 3)
        #expect(fixture.store.verify().isClean)
    }

    @Test func laterIntakesAddVersionsCarryingFullStateWithoutCopyingUnchangedContent() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let first = try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseA)
        try fixture.commit([first], case: storeCaseA)
        let second = try fixture.stage(storeSamplePDF(2), name: "b.pdf", kind: .contract, case: storeCaseA)
        // The same bytes under another kind: a second record, but the content is stored once.
        let sameBytesOtherKind = try fixture.stage(storeSamplePDF(1), name: "a-again.pdf", kind: .contract, case: storeCaseA)
        let outcome = try fixture.commit([second, sameBytesOtherKind], case: storeCaseA)
        #expect(outcome.version == 2)
        let object = fixture.objectURL(storeCaseA)
        let inventory = try fixture.rootInventory(storeCaseA)
        #expect(inventory["head"] as? String == "v2")
        let versions = inventory["versions"] as? [String: [String: Any]]
        let v2State = versions?["v2"]?["state"] as? [String: [String]] ?? [:]
        let v2Paths = Set(v2State.values.flatMap { $0 })
        let firstID = first.record.id.uuidString.lowercased()
        #expect(v2Paths.contains("originals/\(firstID)/a.pdf"))
        // The chain of custody is one segment per version, each kept in every later state: never copied.
        #expect(v2Paths.contains("metadata/custody/v1.jsonl") && v2Paths.contains("metadata/custody/v2.jsonl"))
        #expect(v2Paths.count == 8)
        let v2Content = try FileManager.default.subpathsOfDirectory(atPath: object.appendingPathComponent("v2/content").path)
            .filter { !$0.hasSuffix("/") && FileManager.default.fileExists(atPath: object.appendingPathComponent("v2/content/\($0)").path) }
        #expect(!v2Content.contains { $0.contains(firstID) && $0.hasPrefix("originals") })
        #expect(!v2Content.contains("originals/\(sameBytesOtherKind.record.id.uuidString.lowercased())/a-again.pdf"))
        #expect(v2Content.contains("metadata/custody/v2.jsonl"))
        #expect(!v2Content.contains("metadata/custody/v1.jsonl"))
        let manifest = inventory["manifest"] as? [String: [String]] ?? [:]
        #expect(manifest.values.allSatisfy { $0.count == 1 })
        #expect(try fixture.store.caseDetail(storeCaseA)?.versions.map(\.number) == [1, 2])
        #expect(fixture.store.verify().isClean)
    }

    @Test func theSameBytesForTheSameKindAreStoredOnce() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let bytes = storeSamplePDF(7)
        let original = try fixture.stage(bytes, name: "nota.pdf", case: storeCaseA)
        let twinInSameIntake = try fixture.stage(bytes, name: "nota (1).pdf", case: storeCaseA)
        let outcome = try fixture.commit([original, twinInSameIntake], case: storeCaseA)
        let path = "originals/\(original.record.id.uuidString.lowercased())/nota.pdf"
        #expect(outcome.items[1].placement == .deduplicated(of: original.record.id, path: path))
        // The store reports the repetition; grading it is the policy's (see VerdictTests).
        #expect(outcome.items[1].record.duplicateOf == original.record.id)
        #expect(!outcome.items[1].record.reasons.contains { $0.code == .duplicate })
        #expect(outcome.events.contains { $0.type == .deduplicated && $0.evidence == twinInSameIntake.record.id })

        #expect(try fixture.store.existingEvidence(case: storeCaseA, kind: .receipt, sha256: original.record.sha256)?.id
                == original.record.id)
        #expect(try fixture.store.existingEvidence(case: storeCaseA, kind: .contract, sha256: original.record.sha256) == nil)
        #expect(try fixture.store.existingEvidence(case: storeCaseB, kind: .receipt, sha256: original.record.sha256) == nil)

        // A later intake that did not check first is deduplicated by the store under its lock.
        let later = try fixture.stage(bytes, name: "again.pdf", case: storeCaseA)
        let second = try fixture.commit([later], case: storeCaseA)
        #expect(second.items[0].placement == .deduplicated(of: original.record.id, path: path))
        let originals = try FileManager.default.subpathsOfDirectory(atPath: fixture.objectURL(storeCaseA).path)
            .filter { $0.contains("/content/originals/") && $0.hasSuffix(".pdf") }
        #expect(originals.count == 1)
        let detail = try #require(try fixture.store.caseDetail(storeCaseA))
        #expect(detail.evidence.count == 3)
        #expect(detail.evidence.filter { $0.duplicateOf == original.record.id }.count == 2)
        #expect(fixture.store.verify().isClean)
    }

    @Test func rejectedAndReviewFilesGoToTheQuarantineWithTheirEventsInTheCase() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let good = try fixture.stage(storeSamplePDF(1), name: "ok.pdf", case: storeCaseA)
        let bad = try fixture.stage(storeSamplePDF(2), name: "polyglot.pdf", case: storeCaseA, verdict: .rejected)
        let review = try fixture.stage(storeSamplePDF(3), name: "scan.pdf", case: storeCaseA, verdict: .review)
        let outcome = try fixture.commit([good, bad, review], case: storeCaseA)
        let badID = bad.record.id.uuidString.lowercased()
        #expect(outcome.items[1].placement == .quarantined(path: "quarantine/\(badID)/polyglot.pdf"))
        let quarantined = fixture.directory.appendingPathComponent("quarantine/\(badID)/polyglot.pdf")
        #expect(try Data(contentsOf: quarantined) == Data(storeSamplePDF(2)))
        let sidecar = try StoreJSON.decode(EvidenceRecord.self,
                                           from: Data(contentsOf: fixture.directory.appendingPathComponent("quarantine/\(badID).json")))
        #expect(sidecar.verdict == .rejected)
        #expect(sidecar.reasons.map(\.code) == [.appendedData])
        // No payload in the case.
        let caseFiles = try FileManager.default.subpathsOfDirectory(atPath: fixture.objectURL(storeCaseA).path)
        #expect(!caseFiles.contains { $0.contains(badID) })
        #expect(outcome.events.filter { $0.type == .quarantined }.map(\.evidence) == [bad.record.id, review.record.id])
        let summary = try #require(try fixture.store.cases().first)
        #expect((summary.acceptedCount, summary.rejectedCount, summary.reviewCount, summary.evidenceCount) == (1, 1, 1, 3))
        #expect(fixture.store.verify().isClean)
    }

    @Test func aRetriedIntakeChangesNothing() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let item = try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseA)
        try fixture.commit([item], case: storeCaseA)
        try Data(storeSamplePDF(1)).write(to: item.stagedFile!)
        let retry = try fixture.commit([item], case: storeCaseA)
        #expect(retry.version == 1)
        #expect(retry.events.isEmpty)
        #expect(retry.items.first?.placement == .stored(path: "originals/\(item.record.id.uuidString.lowercased())/a.pdf"))
        #expect(try fixture.store.cases().first?.headVersion == 1)
    }

    @Test func aStagedFileThatDisagreesWithItsRecordIsRefusedAndKept() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let item = try fixture.stage(storeSamplePDF(1), name: "a.pdf", case: storeCaseA)
        try Data(storeSamplePDF(2)).write(to: item.stagedFile!)
        #expect(throws: AcervoError.self) { try fixture.commit([item], case: storeCaseA) }
        #expect(FileManager.default.fileExists(atPath: item.stagedFile!.path))
        #expect(!FileManager.default.fileExists(atPath: fixture.objectURL(storeCaseA).path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory.appendingPathComponent("staging/tx").path).isEmpty)
        #expect(try fixture.store.cases().isEmpty)
    }

    @Test func derivativesAreStoredBesideTheOriginal() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        var item = try fixture.stage(storeSamplePDF(1), name: "foto.jpg", kind: .photo, case: storeCaseA)
        let thumb = fixture.store.stagingDirectory.appendingPathComponent("thumb-\(UUID())")
        try Data(storeSamplePDF(9, size: 500)).write(to: thumb)
        item.derivatives = [.init(name: "thumb.jpg", stagedFile: thumb)]
        try fixture.commit([item], case: storeCaseA)
        let id = item.record.id.uuidString.lowercased()
        let stored = fixture.objectURL(storeCaseA).appendingPathComponent("v1/content/derivatives/\(id)/thumb.jpg")
        #expect(try Data(contentsOf: stored) == Data(storeSamplePDF(9, size: 500)))
        #expect(fixture.store.verify().isClean)
    }

    @Test func aForeignDirectoryIsRefusedAndLeftUntouched() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("acervo-foreign-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("photos"), withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: directory.appendingPathComponent("notes.txt"))
        let before = try FileManager.default.subpathsOfDirectory(atPath: directory.path).sorted()
        do {
            _ = try EvidenceStore.open(at: directory, logger: StoreFixture.logger)
            Issue.record("a foreign directory was opened")
        } catch {
            #expect(error.code == .storeRefused)
            #expect(error.message.contains("not empty"))
            #expect(error.message.contains("não está vazio"))
        }
        #expect(try FileManager.default.subpathsOfDirectory(atPath: directory.path).sorted() == before)
        #expect(try String(contentsOf: directory.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me")
    }

    @Test func anEmptyDirectoryBecomesAStoreAndReopens() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("acervo-empty-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        _ = try EvidenceStore.open(at: directory, logger: StoreFixture.logger)
        let again = try EvidenceStore.open(at: directory, logger: StoreFixture.logger)
        #expect(again.verify().isClean)
    }
}
