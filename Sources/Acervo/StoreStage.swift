package import AcervoCore
package import AcervoPolicy
package import AcervoStore
import Foundation
package import Logging

/// The store stage: turns judged attachments into evidence records and custody events, and hands them to
/// the store as one intake — one new version of the case, the rejected and reviewed files in quarantine.
package enum StoreStage {
    /// Adds to each upload the store's report of whether it repeats evidence on the case (or an earlier
    /// upload of the same intake) for the same kind, and has the policy judge it again with that fact.
    /// Only uploads the policy accepts are looked up: a file bound for the quarantine is kept there whatever
    /// the case holds. What a duplicate weighs is the policy's `duplicate` gravity: `accepted` folds it into
    /// the original (no second copy), `review` or `rejected` keep it in the quarantine, bytes and record,
    /// with a `duplicate` reason naming the original, for a person to decide.
    ///
    /// Runs under the pipeline's lock for the case, right before the commit: no other intake of this
    /// archive can store the same bytes for the case in between. (Another process can; the store then
    /// still keeps one copy, but records the repetition ungraded.)
    package static func gradeDuplicates(_ outcomes: [ItemOutcome], caseNumber: CaseNumber, store: EvidenceStore,
                                policy: Policy) throws(AcervoError) -> [ItemOutcome] {
        var firstInIntake: [String: UUID] = [:]
        var graded: [ItemOutcome] = []
        for var outcome in outcomes {
            guard outcome.judgement.verdict == .accepted, outcome.received.stagedURL != nil else {
                graded.append(outcome)
                continue
            }
            let kind = outcome.attachment.kind
            let sha256 = outcome.received.sha256.lowercased()
            let key = "\(kind.rawValue) \(sha256)"
            var earlier = firstInIntake[key]
            if earlier == nil {
                earlier = try store.existingEvidence(case: caseNumber, kind: kind, sha256: sha256)?.id
            }
            if let original = earlier {
                outcome.facts.duplicateOf = original
                outcome.judgement = policy.judge(outcome.facts)
                outcome.judgedAt = Date()
            } else {
                firstInIntake[key] = outcome.evidenceID
            }
            graded.append(outcome)
        }
        return graded
    }

    /// Commits the judged uploads as one intake. With `document`, the uploads are the pages of a digitized
    /// document: it is stored as a derivative of the first page, whose record describes it, and its
    /// `digitized` and `signed` events follow the pages' own.
    package static func commit(_ outcomes: [ItemOutcome], caseNumber: CaseNumber, operatorName: String, channel: Channel,
                       store: EvidenceStore, policy: Policy, versioning: IntakeCommit.Versioning,
                       document: (any DerivedDocument)? = nil, logger: Logger) throws(AcervoError) -> IntakeReport {
        var items: [IntakeCommit.Item] = []
        var events: [CustodyDraft] = []
        for outcome in outcomes {
            let a = outcome.attachment
            var record = EvidenceRecord(
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
            let accepted = outcome.judgement.verdict == .accepted
            // Events in the order their facts were known: the decode comes before the verdict it informs.
            if accepted, let image = outcome.normalized {
                events.append(CustodyDraft(type: .normalized, evidence: id, at: image.at, actor: "acervo",
                                           details: image.details))
            }
            events.append(CustodyDraft(type: .validated, evidence: id, at: outcome.judgedAt, actor: "acervo", details: [
                "verdict": outcome.judgement.verdict.rawValue,
                "reasons": outcome.judgement.reasons.map(\.code.rawValue).joined(separator: ","),
            ]))
            // A duplicate's derivatives repeat its original's; one graded review or rejected keeps none.
            let keepsDerivatives = accepted && outcome.facts.duplicateOf == nil
            var derivatives = keepsDerivatives
                ? (outcome.normalized?.files ?? []).map { IntakeCommit.Derivative(name: $0.name, stagedFile: $0.staged) }
                : []
            if !keepsDerivatives {
                for file in outcome.normalized?.files ?? [] { try? FileManager.default.removeItem(at: file.staged) }
            }
            if let document, outcome.index == 0 {
                derivatives += document.derivatives
                record.digitized = document.description(firstPage: id, sources: outcomes.map(\.evidenceID))
            }
            items.append(IntakeCommit.Item(record: record, stagedFile: outcome.received.stagedURL,
                                           disposition: accepted ? .store : .quarantine, derivatives: derivatives))
        }
        if let document, let first = outcomes.first {
            events += document.events(firstPage: first.evidenceID, sources: outcomes.map(\.evidenceID),
                                      operatorName: operatorName)
        }
        let count = outcomes.count
        let message = document == nil
            ? "intake of \(count) attachment\(count == 1 ? "" : "s") via \(channel.rawValue)"
            : "intake of a digitized document of \(count) page file\(count == 1 ? "" : "s") via \(channel.rawValue)"
        let commit = IntakeCommit(caseNumber: caseNumber, operatorName: operatorName, channel: channel,
                                  message: message, items: items, events: events, versioning: versioning)
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
