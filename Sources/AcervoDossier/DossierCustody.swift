import AcervoCore
import AcervoStore
import Foundation

/// The chain-of-custody side of dossiers: which version "the latest dossier" means, and the
/// `bundled` event a build leaves in the case.
///
/// A `bundled` event is committed as a version of its own (the store's versions are its only way
/// to append to a chain), so a version holding nothing new but `bundled` events is bookkeeping: the
/// latest dossier is that of the newest version that received something else. Building it again
/// gives the same bytes, and the same event is not recorded twice.
enum DossierCustody {
    /// The newest version whose own events are not all `bundled`.
    static func latestBundleableVersion(of caseNumber: CaseNumber, in store: EvidenceStore) throws(AcervoError) -> Int {
        var version = try store.caseVersion(caseNumber)
        while version.number > 1 {
            let previous = try store.caseVersion(caseNumber, version: version.number - 1)
            let added = version.events.dropFirst(previous.events.count)
            if added.isEmpty || added.contains(where: { $0.type != .bundled }) { break }
            version = previous
        }
        return version.number
    }

    /// Records that `build` was made, unless the case's chain already ends with the same record.
    static func record(_ build: DossierBuild, format: DossierFormat, caseNumber: CaseNumber, actor: String,
                       in store: EvidenceStore) throws(AcervoError) {
        let head = try store.caseVersion(caseNumber)
        let details = [
            "dossier": "v\(build.version)", "sha256": build.archiveSHA256, "bytes": String(build.archiveBytes),
            "format": format.rawValue, "bag": build.bagName,
            "archive": URL(fileURLWithPath: build.archivePath).lastPathComponent,
        ]
        if let last = head.events.last(where: { $0.type == .bundled }),
           last.details["sha256"] == build.archiveSHA256, last.details["dossier"] == details["dossier"],
           head.events.last?.type == .bundled {
            return
        }
        let event = CustodyDraft(type: .bundled, evidence: nil, at: Date(), actor: actor, details: details)
        _ = try store.commit(IntakeCommit(caseNumber: caseNumber, operatorName: actor, channel: .cli,
                                          message: "dossier v\(build.version) bundled (\(format.rawValue))",
                                          items: [], events: [event]))
    }
}
