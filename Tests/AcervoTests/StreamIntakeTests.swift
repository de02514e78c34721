@testable import Acervo
import AcervoCore
import AcervoPolicy
import AcervoStore
import Crypto
import Foundation
import Synchronization
import Testing

/// An upload as a web server hands it over: chunks pulled one at a time, counted as they are pulled,
/// failing or never ending on request.
struct PulledChunks<Chunk: RandomAccessCollection<UInt8> & Sendable>: AsyncSequence, Sendable {
    typealias Element = Chunk

    /// The chunks to give, in order; after them the upload ends, or, with `repeatLast`, never ends.
    let chunks: [Chunk]
    var repeatLast = false
    /// Throw (as a disconnected client) when asked for the chunk at this position.
    var failAt: Int?
    /// Wait this long before giving the chunk at `slowFrom` and every later one.
    var slowFrom: Int?
    let pulled = Counter()

    final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int { value.withLock { value in defer { value += 1 }; return value } }
        var count: Int { value.withLock { $0 } }
    }

    struct Disconnected: Error {}

    struct AsyncIterator: AsyncIteratorProtocol {
        let source: PulledChunks
        mutating func next() async throws -> Chunk? {
            let position = source.pulled.next()
            if position == source.failAt { throw Disconnected() }
            if let slowFrom = source.slowFrom, position >= slowFrom { try await Task.sleep(for: .seconds(3600)) }
            if position < source.chunks.count { return source.chunks[position] }
            return source.repeatLast ? source.chunks.last : nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(source: self) }
}

/// Attachments given one at a time, as a multipart body's parts are read.
struct AttachmentsInOrder: AsyncSequence, Sendable {
    typealias Element = Acervo.Attachment
    let attachments: [Acervo.Attachment]
    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: IndexingIterator<[Acervo.Attachment]>
        mutating func next() async throws -> Acervo.Attachment? { remaining.next() }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: attachments.makeIterator()) }
}

private func sha256(_ bytes: some Sequence<UInt8>) -> String {
    SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined()
}

private func stagingIsEmpty(_ archive: EvidenceArchive) throws -> Bool {
    try FileManager.default.contentsOfDirectory(atPath: archive.store.stagingDirectory.path).isEmpty
}

@Suite("Streamed uploads")
struct StreamIntakeTests {
    @Test("a streamed upload is stored byte for byte, with the hash and size of every byte sent")
    func storesStream() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        let caseNumber = try CaseNumber(validating: "SP-2026-000101")
        // A tiny PNG in 7-byte chunks: every chunk boundary falls inside a structure.
        let png = [UInt8](TinyImages.png)
        let pngChunks = stride(from: 0, to: png.count, by: 7).map { Array(png[$0..<min($0 + 7, png.count)]) }
        // 1.3 MB in chunks without contiguous storage, across several staging buffers.
        let letters = (0..<20).map { _ in repeatElement(UInt8(ascii: "a"), count: 65_536) }
        let report = try await archive.intake(case: caseNumber, attachments: [
            .stream(PulledChunks(chunks: pngChunks), kind: .screenshot, name: "tela.png", mime: "image/png"),
            .stream(PulledChunks(chunks: letters), kind: .correspondence, name: "carta.txt"),
        ])
        #expect(report.version == 1)
        let image = try #require(report.items.first)
        #expect(image.verdict == .accepted, "\(image.reasons)")
        #expect(image.sha256 == sha256(png))
        #expect(image.byteCount == Int64(png.count))
        let path = try #require(image.storedPath)
        let object = dir.url.appending(path: "store/objects/\(caseNumber.rawValue)/v1/content/\(path)")
        #expect(try Data(contentsOf: object) == TinyImages.png)
        let text = report.items[1]
        #expect(text.sha256 == sha256(letters.joined()))
        #expect(text.byteCount == 20 * 65_536)
        #expect(try stagingIsEmpty(archive))
        #expect(archive.store.verify().isClean)
    }

    @Test("a stream that throws midway stores nothing, leaves staging empty and fails the intake")
    func disconnectMidway() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        let caseNumber = try CaseNumber(validating: "SP-2026-000102")
        let chunk = [UInt8](repeating: 0x5a, count: 300_000)
        let broken = PulledChunks(chunks: Array(repeating: chunk, count: 20), failAt: 8)
        let parts = AttachmentsInOrder(attachments: [
            .bytes(TinyImages.png, kind: .screenshot, name: "antes.png"),
            .stream(PulledChunks(chunks: [Array(TinyImages.png)]), kind: .screenshot, name: "antes-2.png"),
            .stream(broken, kind: .video, name: "video.mp4"),
            .bytes(TinyImages.png, kind: .screenshot, name: "depois.png"),
        ])
        let error = await #expect(throws: AcervoError.self) {
            try await archive.intake(case: caseNumber, receiving: parts)
        }
        #expect(error?.code == .cancelled)
        #expect(error?.underlying is PulledChunks<[UInt8]>.Disconnected)
        #expect(broken.pulled.count == 9, "the stream is not read after it throws")
        #expect(try stagingIsEmpty(archive))
        #expect(try archive.store.caseDetail(caseNumber) == nil)
        #expect(try archive.store.cases().isEmpty)
        #expect(archive.store.verify().isClean)
    }

    @Test("cancelling the task while a stream waits for its client stores nothing and leaves staging empty")
    func cancelledWhileWaiting() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        let caseNumber = try CaseNumber(validating: "SP-2026-000103")
        let stalled = PulledChunks(chunks: Array(repeating: [UInt8](repeating: 1, count: 1 << 20), count: 4), slowFrom: 3)
        let intake = Task {
            try await archive.intake(case: caseNumber, attachments: [.stream(stalled, kind: .video, name: "v.mp4")])
        }
        while stalled.pulled.count < 4 { try await Task.sleep(for: .milliseconds(10)) }
        intake.cancel()
        let error = await #expect(throws: AcervoError.self) { try await intake.value }
        #expect(error?.code == .cancelled)
        #expect(try stagingIsEmpty(archive))
        #expect(try archive.store.cases().isEmpty)
    }

    @Test("a stream past its kind's limit stops being read one byte past it and is judged too large")
    func overLimitStopsReading() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        let caseNumber = try CaseNumber(validating: "SP-2026-000104")
        let limit = archive.policy.rule(for: .receipt).maxBytes
        // A PDF header, then a body that never ends.
        let head = Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 0x20, count: 65_536 - 9)
        let endless = PulledChunks(chunks: [head, [UInt8](repeating: 0x20, count: 65_536)], repeatLast: true)
        let report = try await archive.intake(case: caseNumber, attachments: [
            .stream(endless, kind: .receipt, name: "nota.pdf", mime: "application/pdf"),
        ])
        let item = try #require(report.items.first)
        #expect(item.verdict == .rejected)
        #expect(item.reasons.contains { $0.code == .tooLarge }, "\(item.reasons.map(\.code))")
        #expect(item.byteCount == limit + 1)
        #expect(Int64(endless.pulled.count) <= limit / 65_536 + 2, "pulled \(endless.pulled.count) chunks")
        #expect(item.identification.format == .pdf, "\(item.identification)")
        #expect(item.storedPath == nil)
        #expect(try stagingIsEmpty(archive))
        #expect(archive.store.verify().isClean)
    }

    @Test("parts read one after another from one body are one intake, committed as one version")
    func partsInOneVersion() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        let caseNumber = try CaseNumber(validating: "SP-2026-000105")
        let parts = (1...3).map { n in
            Acervo.Attachment.stream(PulledChunks(chunks: [Array(TinyImages.png), Array(repeating: UInt8(n), count: n)]),
                              kind: .photo, name: "foto-\(n).png", mime: "image/png")
        }
        let report = try await archive.intake(case: caseNumber, receiving: AttachmentsInOrder(attachments: parts))
        #expect(report.version == 1)
        #expect(report.items.map(\.declaredName) == ["foto-1.png", "foto-2.png", "foto-3.png"])
        #expect(report.items.map(\.index) == [0, 1, 2])
        #expect(Set(report.items.map(\.sha256)).count == 3)
        let next = try await archive.intake(case: caseNumber, receiving: AttachmentsInOrder(attachments: [
            .stream(PulledChunks(chunks: [Array(TinyImages.png)]), kind: .screenshot, name: "tela.png"),
        ]))
        #expect(next.version == 2)
        #expect(try stagingIsEmpty(archive))
        #expect(archive.store.verify().isClean)
    }
}
