import AcervoCore
import AcervoPolicy
import AcervoStore
import Foundation
import Logging

/// The store stage: turns judged attachments into evidence records and custody events, and hands them to
/// the store as one intake — one new version of the case, the rejected and reviewed files in quarantine.
enum StoreStage {
    static func commit(_ outcomes: [ItemOutcome], caseNumber: CaseNumber, operatorName: String, channel: Channel,
                       store: EvidenceStore, policy: Policy, logger: Logger) throws(AcervoError) -> IntakeReport {
        var items: [IntakeCommit.Item] = []
        var events: [CustodyDraft] = []
        for outcome in outcomes {
            let a = outcome.attachment
            let record = EvidenceRecord(
                id: outcome.evidenceID, caseNumber: caseNumber, kind: a.kind, declaredName: a.declaredName,
                declaredMIME: a.declaredMIME, sanitizedName: outcome.sanitizedName, byteCount: outcome.received.byteCount,
                sha256: outcome.received.sha256, identification: outcome.identification,
                verdict: outcome.judgement.verdict, reasons: outcome.judgement.reasons, receivedAt: outcome.receivedAt,
                channel: channel, operatorName: operatorName)
            let id = outcome.evidenceID
            events.append(CustodyDraft(type: .received, evidence: id, at: outcome.receivedAt, actor: operatorName, details: [
                "declared_name": a.declaredName, "declared_mime": a.declaredMIME ?? "", "kind": a.kind.rawValue,
                "bytes": String(outcome.received.byteCount), "sha256": outcome.received.sha256, "channel": channel.rawValue,
            ]))
            events.append(CustodyDraft(type: .identified, evidence: id, at: outcome.identifiedAt, actor: "acervo", details: [
                "format": outcome.identification.format.rawValue, "mime": outcome.identification.mime,
                "findings": outcome.identification.findings.map(\.code.rawValue).joined(separator: ","),
            ]))
            events.append(CustodyDraft(type: .validated, evidence: id, at: outcome.judgedAt, actor: "acervo", details: [
                "verdict": outcome.judgement.verdict.rawValue,
                "reasons": outcome.judgement.reasons.map(\.code.rawValue).joined(separator: ","),
            ]))
            let accepted = outcome.judgement.verdict == .accepted
            if accepted, let image = outcome.normalized {
                events.append(CustodyDraft(type: .normalized, evidence: id, at: image.at, actor: "acervo",
                                           details: image.details))
            }
            let derivatives = accepted
                ? (outcome.normalized?.files ?? []).map { IntakeCommit.Derivative(name: $0.name, stagedFile: $0.staged) }
                : []
            items.append(IntakeCommit.Item(record: record, stagedFile: outcome.received.stagedURL,
                                           disposition: accepted ? .store : .quarantine, derivatives: derivatives))
        }
        let count = outcomes.count
        let message = "intake of \(count) attachment\(count == 1 ? "" : "s") via \(channel.rawValue)"
        let commit = IntakeCommit(caseNumber: caseNumber, operatorName: operatorName, channel: channel,
                                  message: message, items: items, events: events)
        let result = try store.commit(commit, logger: logger)
        let byID = Dictionary(result.items.map { ($0.evidence, $0) }, uniquingKeysWith: { a, _ in a })
        let reportItems = outcomes.map { outcome -> IntakeReport.Item in
            let stored = byID[outcome.evidenceID]
            let record = stored?.record
            var evidenceID = outcome.evidenceID
            var storedPath: String?
            var duplicateOf: UUID?
            switch stored?.placement {
            case .stored(let path)?: storedPath = path
            case .deduplicated(let earlier, let path)?:
                evidenceID = earlier
                duplicateOf = earlier
                storedPath = path
            case .quarantined?, nil: break
            }
            return IntakeReport.Item(
                index: outcome.index, declaredName: outcome.attachment.declaredName, kind: outcome.attachment.kind,
                verdict: record?.verdict ?? outcome.judgement.verdict,
                reasons: record?.reasons ?? outcome.judgement.reasons, evidenceID: evidenceID,
                identification: outcome.identification, byteCount: outcome.received.byteCount,
                sha256: outcome.received.sha256, storedPath: storedPath, duplicateOf: duplicateOf)
        }
        return IntakeReport(caseNumber: caseNumber, version: result.version, items: reportItems)
    }
}
