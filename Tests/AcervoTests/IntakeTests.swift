@testable import Acervo
import AcervoCore
import AcervoPolicy
import AcervoStore
import AcervoSystem
import Foundation
import Testing

/// The whole pipeline through the library API, as the complaint web API calls it.
@Suite("Intake")
struct IntakeTests {
    @Test("every sample document gets the verdict, reasons and format expected.json gives it",
          .enabled(if: !SampleExpectation.all.isEmpty))
    func sampleDocs() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        let samples = SampleExpectation.all
        let attachments = try samples.map { sample in
            let kind = try #require(DocumentKind(rawValue: sample.kind), "unknown kind in expected.json: \(sample.kind)")
            return Acervo.Attachment.file(packageRoot.appending(path: "SampleDocs/\(sample.file)"), kind: kind, mime: sample.mime)
        }
        let report = try await archive.intake(case: try CaseNumber(validating: "MS-2026-000001"),
                                              attachments: attachments, operatorName: "tests")
        #expect(report.items.count == samples.count)
        for (sample, item) in zip(samples, report.items) {
            #expect(item.verdict.rawValue == sample.verdict,
                    "\(sample.file): \(item.verdict) \(item.reasons.map(\.code)) [\(item.identification.format) \(item.identification.mime)]")
            for code in sample.reasons ?? [] {
                #expect(item.reasons.contains { $0.code.rawValue == code }, "\(sample.file): missing reason \(code); got \(item.reasons.map(\.code))")
            }
            if let format = sample.format {
                #expect(item.identification.format.rawValue == format, "\(sample.file): format \(item.identification.format)")
            }
            #expect(item.sha256.count == 64)
            if item.verdict == .accepted {
                #expect(item.storedPath?.hasPrefix("originals/") == true)
            } else {
                #expect(item.storedPath == nil)
            }
        }
        let verification = archive.store.verify()
        #expect(verification.isClean, "\(verification.problems)")
    }

    @Test("accepted bytes land in the case byte for byte; the same bytes again are stored once")
    func storesOnceByteForByte() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        let png = TinyImages.png
        let caseNumber = try CaseNumber(validating: "SP-2026-000042")
        let first = try await archive.intake(case: caseNumber, attachments: [.bytes(png, kind: .screenshot, name: "conversa.png", mime: "image/png")])
        let item = try #require(first.items.first)
        #expect(item.verdict == .accepted, "\(item.reasons)")
        let path = try #require(item.storedPath)
        let object = dir.url.appending(path: "store/objects/\(caseNumber.rawValue)/v1/content/\(path)")
        #expect(try Data(contentsOf: object) == png)

        let again = try await archive.intake(case: caseNumber, attachments: [
            .bytes(png, kind: .screenshot, name: "de-novo.png"), .bytes(png, kind: .screenshot, name: "de-novo-2.png"),
        ])
        #expect(again.version == 2)
        for repeated in again.items {
            #expect(repeated.verdict == .accepted)
            #expect(repeated.duplicateOf == item.evidenceID)
            #expect(repeated.evidenceID == item.evidenceID)
            #expect(repeated.reasons.contains { $0.code == .duplicate })
        }
        let v2content = dir.url.appending(path: "store/objects/\(caseNumber.rawValue)/v2/content/originals")
        #expect(!FileManager.default.fileExists(atPath: v2content.path), "no second copy of the bytes")
        // Another kind is another piece of evidence, even with the same bytes.
        let otherKind = try await archive.intake(case: caseNumber, attachments: [.bytes(png, kind: .identity, name: "rg.png")])
        #expect(otherKind.items.first?.duplicateOf == nil)
    }

    @Test("accepted images get a display image and a thumbnail; an image that cannot be decoded is rejected",
          .enabled(if: !SampleExpectation.all.isEmpty))
    func normalizeStage() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        let photo = packageRoot.appending(path: "SampleDocs/photo/tela-quebrada-orientacao-6.jpg")
        let caseNumber = try CaseNumber(validating: "MS-2026-000010")
        let report = try await archive.intake(case: caseNumber, attachments: [
            .file(photo, kind: .photo),
            .bytes(TinyImages.png, kind: .screenshot, name: "print.png"),
            .bytes(TinyImages.pngWithBrokenPixels, kind: .screenshot, name: "quebrado.png"),
        ])
        let object = dir.url.appending(path: "store/objects/\(caseNumber.rawValue)/v1/content")
        for (item, display) in zip(report.items.prefix(2), ["display.jpg", "display.png"]) {
            #expect(item.verdict == .accepted, "\(item.declaredName): \(item.reasons)")
            let derivatives = object.appending(path: "derivatives/\(item.evidenceID.uuidString.lowercased())")
            let names = try FileManager.default.contentsOfDirectory(atPath: derivatives.path).sorted()
            #expect(names == [display, "thumb.jpg"].sorted())
        }
        let broken = report.items[2]
        #expect(broken.verdict == .rejected)
        #expect(broken.reasons.contains { $0.code == .corrupt }, "\(broken.reasons)")
        let detail = try #require(try archive.store.caseDetail(caseNumber))
        let normalized = detail.events.filter { $0.type == .normalized }
        #expect(normalized.count == 2)
        #expect(normalized.first?.details["orientation"] == "6")
        let record = try #require(detail.evidence.first { $0.id == report.items[0].evidenceID })
        #expect(record.derivatives?.count == 2)
        #expect(archive.store.verify().isClean)
    }

    @Test("every reason code is given by a real intake")
    func everyReasonCode() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        var policy = Policy.builtIn
        policy.kinds[.other]?.maxBytes = 10_000
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), policy: policy, logger: testLogger)
        // Gone between the listing and the read: a fact about the upload (a FIFO is refused outright).
        let vanished = dir.url.appending(path: "sumiu.jpg")
        var seen = Set<ReasonCode>()
        let caseNumber = try CaseNumber(validating: "RJ-2026-000007")
        let attachments: [Acervo.Attachment] = [
            .bytes(Data(), kind: .photo, name: "vazio.jpg"),                                   // empty
            .bytes(Data(repeating: 0x41, count: 20_000), kind: .other, name: "grande.txt"),   // too-large
            .bytes(TinyImages.png, kind: .audio, name: "som.png"),                            // type-not-allowed
            .bytes(Data("#!/bin/sh\nrm -rf /\n".utf8), kind: .photo, name: "foto.jpg"),        // forbidden-type
            .bytes(Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }), kind: .other, name: "x.bin"), // unknown-type
            .bytes(TinyImages.png.prefix(40), kind: .photo, name: "cortada.png"),            // truncated / corrupt
            .bytes(TinyImages.pngWithBadCRC, kind: .photo, name: "crc.png"),                  // corrupt
            .bytes(TinyImages.png + Data("PK\u{3}\u{4}appended".utf8), kind: .photo, name: "poliglota.png"), // appended-data
            .bytes(TinyDocuments.pdfWithJavaScript, kind: .receipt, name: "nota.pdf"),        // active-content
            .bytes(TinyDocuments.rtf, kind: .contract, name: "contrato.rtf"),                 // needs-review
            .bytes(TinyImages.png, kind: .photo, name: "../../etc/foto\u{0}.pdf", mime: "application/pdf"), // name-sanitized, extension/mime mismatch
            .bytes(TinyImages.png, kind: .photo, name: "foto-de-novo.png"),                   // duplicate
            .file(vanished, kind: .photo),                                                    // unreadable
            .bytes(Data(ExpansionFixture.docx(declaring: 13)), kind: .contract, name: "bomba.docx"), // excessive-expansion
        ]
        let report = try await archive.intake(case: caseNumber, attachments: attachments)
        for item in report.items { seen.formUnion(item.reasons.map(\.code)) }
        let missing = Set(ReasonCode.all).subtracting(seen).subtracting([.macros, .encrypted]).subtracting(ReasonCode.digitization)
        #expect(missing.isEmpty, "no intake gave \(missing.sorted())")
        #expect(report.items[0].reasons.map(\.code) == [.empty])
        #expect(report.items[12].reasons.first?.code == .unreadable)
    }

    @Test("progress reaches every stage for every attachment")
    func progress() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        let events = LockedEvents()
        let attachments = (0..<6).map { i in Acervo.Attachment.bytes(TinyImages.png + Data([UInt8(i)]), kind: .photo, name: "f\(i).png") }
        let report = try await archive.intake(case: try CaseNumber(validating: "MS-2026-000002"), attachments: attachments) {
            events.append($0)
        }
        let all = events.all
        for i in 0..<6 {
            #expect(all.contains(.received(index: i, byteCount: Int64(TinyImages.png.count + 1))))
            #expect(all.contains(.identified(index: i, format: .png)))
            #expect(all.contains { if case .judged(i, _) = $0 { true } else { false } })
        }
        #expect(all.last == .stored(version: report.version ?? -1))
    }

    @Test("an accepted image that cannot be decoded is reported judged once, as rejected, after normalization")
    func judgedIsFinal() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        let events = LockedEvents()
        // 20000 x 20000 in its header: the policy accepts a PNG photo, the decoder refuses it as too large.
        let bomb = packageRoot.appending(path: "SampleDocs/bad/png-400-megapixels.png")
        let attachments: [Acervo.Attachment] = [
            .file(bomb, kind: .photo, name: "bomba.png"),
            .bytes(TinyImages.png, kind: .photo, name: "ok.png"),
        ]
        let report = try await archive.intake(case: try CaseNumber(validating: "MS-2026-000004"), attachments: attachments) {
            events.append($0)
        }
        #expect(report.items[0].verdict == .rejected)
        #expect(report.items[1].verdict == .accepted)
        let all = events.all
        for (index, item) in report.items.enumerated() {
            let verdicts = all.compactMap { event -> Verdict? in
                if case .judged(index, let verdict) = event { verdict } else { nil }
            }
            #expect(verdicts == [item.verdict], "attachment \(index): \(verdicts)")
            let normalizedAt = all.firstIndex { if case .normalized(index, _) = $0 { true } else { false } }
            let judgedAt = all.firstIndex { if case .judged(index, _) = $0 { true } else { false } }
            #expect(normalizedAt != nil && judgedAt != nil && normalizedAt! < judgedAt!)
        }
        #expect(all.contains(.normalized(index: 0, succeeded: false)))
    }

    @Test("a cancelled intake stores nothing and leaves no staged files")
    func cancellation() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        // A sparse 1 GiB file: receiving four of them means hashing 4 GiB, seconds of work.
        let big = try sparseFile(in: dir, bytes: 1 << 30)
        let attachments = (0..<4).map { _ in Acervo.Attachment.file(big, kind: .video) }
        let task = Task { try await archive.intake(case: try CaseNumber(validating: "MS-2026-000003"), attachments: attachments) }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let result = await task.result
        #expect(throws: AcervoError.self) { try result.get() }
        #expect(try archive.store.cases().isEmpty)
        let staged = (try? FileManager.default.contentsOfDirectory(atPath: archive.store.stagingDirectory.path)) ?? []
        #expect(staged.filter { $0.hasPrefix("incoming-") }.isEmpty, "\(staged)")
    }

    @Test("a receive asked to stop stops within a chunk and keeps nothing")
    func receiveStopsMidFile() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let big = try sparseFile(in: dir, bytes: 256 << 20)
        let staged = dir.url.appending(path: "staged")
        let chunks = Shared(0)
        let received = Receiver.receive(.file(big), into: staged, limit: 1 << 40, shouldStop: {
            chunks.withLock { count in
                count += 1
                return count > 2
            }
        })
        #expect(received.readError == Receiver.cancelled)
        #expect(received.byteCount <= 2 * Int64(Receiver.bufferSize))
        #expect(received.stagedURL == nil)
        #expect(!FileManager.default.fileExists(atPath: staged.path))
    }

    func sparseFile(in dir: TemporaryDirectory, bytes: UInt64) throws -> URL {
        let url = dir.url.appending(path: "grande-\(bytes).bin")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: bytes)
        try handle.close()
        return url
    }
}

final class LockedEvents: @unchecked Sendable {
    // Guarded by `lock`: progress arrives from the pipeline's queues.
    private let lock = NSLock()
    private var events: [IntakeProgress] = []
    func append(_ e: IntakeProgress) { lock.lock(); events.append(e); lock.unlock() }
    var all: [IntakeProgress] { lock.lock(); defer { lock.unlock() }; return events }
}
