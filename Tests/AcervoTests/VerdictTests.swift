@testable import Acervo
import AcervoCore
import AcervoPolicy
import AcervoStore
import Foundation
import Testing

/// Only the policy turns facts into reasons: a renamed file, an image that does not decode and a repeated
/// upload are facts the pipeline and the store report, graded by whatever the policy file says.
@Suite("One verdict, one place")
struct VerdictTests {
    /// The built-in policy with the duplicate's gravity changed in its YAML text.
    static func policy(duplicate: Verdict) throws -> Policy {
        let text = builtInPolicyTextForTests.replacingOccurrences(of: "  duplicate: accepted",
                                                                  with: "  duplicate: \(duplicate.rawValue)")
        #expect(text != builtInPolicyTextForTests)
        return try Policy(yaml: text, source: "duplicate-\(duplicate.rawValue).yml")
    }

    static var builtInPolicyTextForTests: String {
        (try? String(contentsOf: packageRoot.appending(path: "Pipelines/complaint-intake.yml"), encoding: .utf8)) ?? ""
    }

    @Test("the policy grades a renamed file, a decode failure and a duplicate by its own gravities")
    func policyGradesFacts() throws {
        let png = Identification(format: .png, mime: "image/png", description: "PNG image")
        let original = UUID()
        let facts = IntakeFacts(kind: .photo, identification: png, byteCount: 100, declaredName: "a/b.png",
                                sanitizedName: "b.png", duplicateOf: original)
        let accepting = Policy.builtIn.judge(facts)
        #expect(accepting.verdict == .accepted)
        #expect(accepting.reasons.contains(Reason(code: .duplicate, verdict: .accepted, detail: original.uuidString.lowercased())))
        #expect(accepting.reasons.contains { $0.code == .nameSanitized && $0.detail == "b.png" })

        let reviewing = try Self.policy(duplicate: .review).judge(facts)
        #expect(reviewing.verdict == .review)
        #expect(reviewing.reasons.first?.code == .duplicate)

        var broken = facts
        broken.duplicateOf = nil
        broken.decodeFailure = Finding(.corrupt, "Huffman table missing")
        let rejected = Policy.builtIn.judge(broken)
        #expect(rejected.verdict == .rejected)
        #expect(rejected.reasons.contains { $0.code == .corrupt && $0.detail == "Huffman table missing" })
    }

    @Test("a policy with duplicate: review puts a repeated upload in review, in the quarantine, not in the case")
    func duplicateUnderReview() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), policy: try Self.policy(duplicate: .review),
                                               logger: testLogger)
        let caseNumber = try CaseNumber(validating: "MS-2026-000131")
        let png = TinyImages.png
        // In one intake: the first copy is the original, the second repeats it.
        let first = try await archive.intake(case: caseNumber, attachments: [
            .bytes(png, kind: .screenshot, name: "conversa.png"), .bytes(png, kind: .screenshot, name: "conversa-2.png"),
        ])
        let original = first.items[0]
        #expect(original.verdict == .accepted, "\(original.reasons)")
        #expect(original.storedPath?.hasPrefix("originals/") == true)
        // In a later intake: the case already holds it.
        let later = try await archive.intake(case: caseNumber, attachments: [.bytes(png, kind: .screenshot, name: "de-novo.png")])
        for repeated in [first.items[1], later.items[0]] {
            #expect(repeated.verdict == .review, "\(repeated.reasons)")
            #expect(repeated.reasons.contains(Reason(code: .duplicate, verdict: .review,
                                                     detail: original.evidenceID.uuidString.lowercased())))
            // Review means a person decides: the copy waits in the quarantine, bytes and record, under its own id.
            #expect(repeated.evidenceID != original.evidenceID)
            #expect(repeated.duplicateOf == nil)
            #expect(repeated.storedPath == nil)
            let quarantined = dir.url.appending(path: "store/quarantine/\(repeated.evidenceID.uuidString.lowercased())")
            let names = try FileManager.default.contentsOfDirectory(atPath: quarantined.path)
            #expect(names.count == 1)
            #expect(try Data(contentsOf: quarantined.appending(path: names[0])) == png)
        }
        let detail = try #require(try archive.store.caseDetail(caseNumber))
        #expect(detail.evidence.filter { $0.verdict == .accepted }.map(\.id) == [original.evidenceID])
        #expect(detail.evidence.filter { $0.verdict == .review }.count == 2)
        // The validated event says the verdict the policy gave, not the one before the duplicate was known.
        let validated = detail.events.filter { $0.type == .validated && $0.evidence == later.items[0].evidenceID }
        #expect(validated.map { $0.details["verdict"] } == ["review"])
        #expect(archive.store.verify().isClean)
    }

    @Test("the store only reports a duplicate: an item it deduplicates gets no reason from it")
    func storeOnlyReports() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        let caseNumber = try CaseNumber(validating: "MS-2026-000132")
        let png = TinyImages.png
        let first = try await archive.intake(case: caseNumber, attachments: [.bytes(png, kind: .screenshot, name: "a.png")])
        // Straight to the store, as a caller that skipped the policy: the store records the repetition only.
        let sha = first.items[0].sha256
        let staged = archive.store.stagingDirectory.appending(path: "incoming-direct")
        try png.write(to: staged)
        let id = UUID()
        let record = EvidenceRecord(
            id: id, caseNumber: caseNumber, kind: .screenshot, declaredName: "b.png", declaredMIME: nil,
            sanitizedName: "b.png", byteCount: Int64(png.count), sha256: sha,
            identification: first.items[0].identification, verdict: .accepted, reasons: [], receivedAt: Date(),
            channel: .api, operatorName: "tests")
        let outcome = try archive.store.commit(IntakeCommit(
            caseNumber: caseNumber, operatorName: "tests", channel: .api, message: "direct",
            items: [.init(record: record, stagedFile: staged, disposition: .store)], events: []))
        #expect(outcome.items[0].record.duplicateOf == first.items[0].evidenceID)
        #expect(outcome.items[0].record.reasons.isEmpty)
    }

    @Test("custody events are dated after the facts they report: validated comes after normalized")
    func validatedAfterDecode() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        let caseNumber = try CaseNumber(validating: "MS-2026-000133")
        let report = try await archive.intake(case: caseNumber, attachments: [.bytes(TinyImages.png, kind: .photo, name: "foto.png")])
        let id = report.items[0].evidenceID
        #expect(report.items[0].verdict == .accepted)
        let detail = try #require(try archive.store.caseDetail(caseNumber))
        let events = detail.events.filter { $0.evidence == id }
        let types = events.map(\.type)
        #expect(types.prefix(4) == [.received, .identified, .normalized, .validated], "\(types)")
        for (earlier, later) in zip(events, events.dropFirst()) {
            #expect(earlier.at <= later.at, "\(earlier.type) at \(earlier.at) after \(later.type) at \(later.at)")
        }
    }

    @Test("concurrent intakes of the same bytes for one case: one is stored, the others are graded duplicates")
    func concurrentDuplicates() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"),
                                               policy: try Self.policy(duplicate: .review), logger: testLogger)
        let caseNumber = try CaseNumber(validating: "MS-2024-000321")
        let reports = try await withThrowingTaskGroup(of: IntakeReport.self) { group in
            for n in 0..<6 {
                group.addTask {
                    try await archive.intake(case: caseNumber, attachments: [
                        .bytes(TinyImages.png, kind: .photo, name: "foto-\(n).png"),
                    ], operatorName: "tests")
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let items = reports.flatMap(\.items)
        #expect(items.filter { $0.verdict == .accepted }.count == 1)
        #expect(items.filter { $0.verdict == .review && $0.reasons.contains { $0.code == .duplicate } }.count == 5)
        #expect(archive.store.verify().isClean)
    }
}
