import AcervoCore
@testable import AcervoStore
import Crypto
import Foundation
import Logging

/// A store in a fresh temporary directory, filled through the real API as the pipeline would.
struct StoreFixture {
    let directory: URL
    let store: EvidenceStore

    static let logger = Logger(label: "acervo.tests.store", factory: { _ in SwiftLogNoOpLogHandler() })

    init(crashHook: (@Sendable (CommitStep) -> Bool)? = nil) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("acervo-store-tests-\(UUID().uuidString)", isDirectory: true)
        store = try EvidenceStore.open(at: directory, logger: Self.logger, crashHook: crashHook)
    }

    func reopen(crashHook: (@Sendable (CommitStep) -> Bool)? = nil) throws -> EvidenceStore {
        try EvidenceStore.open(at: directory, logger: Self.logger, crashHook: crashHook)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Streams `bytes` into staging as the receive stage does, and describes them in a record.
    func stage(_ bytes: [UInt8], name: String, kind: DocumentKind = .receipt, case caseNumber: CaseNumber,
               verdict: Verdict = .accepted, format: FileFormat = .pdf) throws -> IntakeCommit.Item {
        let id = UUID()
        let staged = store.stagingDirectory.appendingPathComponent("upload-\(id.uuidString)")
        try Data(bytes).write(to: staged)
        let sanitized = StoredName.sanitize(name)
        let record = EvidenceRecord(
            id: id, caseNumber: caseNumber, kind: kind, declaredName: name, declaredMIME: "application/pdf",
            sanitizedName: sanitized.name, byteCount: Int64(bytes.count),
            sha256: SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined(),
            identification: Identification(format: format, mime: "application/pdf", description: "PDF document"),
            verdict: verdict,
            reasons: verdict == .accepted ? [] : [Reason(code: .appendedData, verdict: verdict, detail: "offset 42")],
            receivedAt: Date(timeIntervalSince1970: 1_714_560_000.123_456), channel: .cli, operatorName: "ana")
        return IntakeCommit.Item(record: record, stagedFile: staged, disposition: verdict == .accepted ? .store : .quarantine)
    }

    /// Commits `items` as one intake with a `received` event per item.
    @discardableResult
    func commit(_ items: [IntakeCommit.Item], case caseNumber: CaseNumber, store: EvidenceStore? = nil,
                versioning: IntakeCommit.Versioning = .newVersion) throws -> CommitOutcome {
        let events = items.map {
            CustodyDraft(type: .received, evidence: $0.record.id, at: $0.record.receivedAt, actor: "ana",
                         details: ["sha256": $0.record.sha256, "name": $0.record.declaredName])
        }
        let intake = IntakeCommit(caseNumber: caseNumber, operatorName: "ana", channel: .cli,
                                  message: "intake of \(items.count) attachments via cli", items: items, events: events,
                                  versioning: versioning)
        return try (store ?? self.store).commit(intake)
    }

    func objectURL(_ caseNumber: CaseNumber) -> URL {
        directory.appendingPathComponent("objects/\(caseNumber.rawValue)")
    }

    func rootInventory(_ caseNumber: CaseNumber) throws -> [String: Any] {
        let data = try Data(contentsOf: objectURL(caseNumber).appendingPathComponent("inventory.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

/// Deterministic bytes that look like a small PDF, different for each seed.
func storeSamplePDF(_ seed: Int, size: Int = 3000) -> [UInt8] {
    var bytes = Array("%PDF-1.7\n% sample \(seed)\n".utf8)
    var x = UInt32(truncatingIfNeeded: seed &* 2_654_435_761 &+ 1)
    while bytes.count < size - 6 {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5
        bytes.append(UInt8(truncatingIfNeeded: x))
    }
    bytes += Array("%%EOF\n".utf8)
    return bytes
}

let storeCaseA = CaseNumber(rawValue: "MS-2024-000123")!
let storeCaseB = CaseNumber(rawValue: "SP-2025-004567")!
