import AcervoCore
import AcervoStore
import AcervoSystem
public import Foundation
import Dispatch

/// Reading the archive back: its cases, their evidence and custody, and the stored bytes.
extension EvidenceArchive {
    /// Every case in the store, by protocol number.
    ///
    /// - Throws: `AcervoError` when the ledger cannot be read (never an empty list in its place).
    public func cases() async throws(AcervoError) -> [CaseSummary] {
        try await Self.offload { [store] () throws(AcervoError) in try store.cases() }
    }

    /// A case with its evidence (stored and quarantined), versions and chain of custody; `nil` when the
    /// store has no such case.
    ///
    /// - Throws: `AcervoError` when the ledger cannot be read.
    public func caseDetail(_ caseNumber: CaseNumber) async throws(AcervoError) -> CaseDetail? {
        try await Self.offload { [store] () throws(AcervoError) in try store.caseDetail(caseNumber) }
    }

    /// The evidence record with this id, in whichever case holds it; `nil` when there is none.
    ///
    /// - Throws: `AcervoError` when the ledger cannot be read.
    public func evidence(_ id: UUID) async throws(AcervoError) -> EvidenceRecord? {
        try await Self.offload { [store] () throws(AcervoError) in try store.evidence(id) }
    }

    /// A case's chain of custody, in sequence.
    ///
    /// - Throws: `AcervoError` with code `.notFound` when the store has no such case, or when the
    ///   ledger cannot be read.
    public func custodyEvents(of caseNumber: CaseNumber) async throws(AcervoError) -> [CustodyEvent] {
        guard let detail = try await caseDetail(caseNumber) else {
            throw AcervoError(.notFound, english: "no case \(caseNumber) in \(store.directory.path)",
                              portuguese: "processo \(caseNumber) não encontrado")
        }
        return detail.events
    }

    /// The bytes of an evidence, as a stream of bounded chunks: its original (stored in the case, or kept
    /// in the quarantine for review and rejected files) or, with `derivative`, one of the files made from
    /// it (one of the logical paths in the record's `EvidenceRecord.derivatives`, such as
    /// `derivatives/<id>/display.jpg`).
    ///
    /// The file is opened before this returns, so a missing evidence throws here rather than while
    /// streaming. The whole file is never held in memory.
    ///
    /// - Throws: `AcervoError` with code `.notFound` when the store has no such evidence or derivative.
    public func contents(of evidence: UUID, derivative: String? = nil,
                         chunkSize: Int = ContentStream.defaultChunkSize) async throws(AcervoError) -> ContentStream {
        try await Self.offload { [store] () throws(AcervoError) -> ContentStream in
            guard let record = try store.evidence(evidence) else {
                throw AcervoError(.notFound, english: "no evidence \(evidence.uuidString.lowercased()) in \(store.directory.path)",
                                  portuguese: "evidência \(evidence.uuidString.lowercased()) não encontrada")
            }
            return ContentStream(try store.openContents(of: record, derivative: derivative), chunkSize: chunkSize)
        }
    }

    /// Runs blocking store work on a Dispatch queue, off the cooperative pool.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws(AcervoError) -> T) async throws(AcervoError) -> T {
        try await BlockingWork.run(on: .global(qos: .userInitiated)) { _ throws(AcervoError) in try work() }
    }
}
