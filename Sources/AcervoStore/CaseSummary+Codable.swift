import Foundation
import AcervoCore

/// Cases encode to the JSON `acervo case list --json` and `acervo case show --json` print: snake_case
/// keys, dates to the second in UTC, ids in lowercase. The JSON form of a case's evidence records is a
/// summary (no declared MIME type, content description or derivatives, and reasons without their
/// detail), so a decoded ``CaseDetail`` holds those fields empty; a digitized document is listed whole,
/// under `digitized` on the record of its first page.
extension CaseSummary: Codable {
    /// Reads a case as `acervo case list --json` prints it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ReportJSON.Key.self)
        try self.init(from: c, eventCount: try c.decode(Int.self, forKey: "events"))
    }

    /// Reads the summary's fields but its event count, which a case's detail gives as its list of events.
    init(from c: KeyedDecodingContainer<ReportJSON.Key>, eventCount: Int) throws {
        guard let number = CaseNumber(rawValue: try c.decode(String.self, forKey: "case")) else {
            throw DecodingError.dataCorruptedError(forKey: "case", in: c, debugDescription: "not a protocol number")
        }
        self.init(caseNumber: number, openedAt: try c.decodeDate(forKey: "opened_at"),
                  headVersion: try c.decode(Int.self, forKey: "version"),
                  evidenceCount: try c.decode(Int.self, forKey: "evidence"),
                  acceptedCount: try c.decode(Int.self, forKey: "accepted"),
                  reviewCount: try c.decode(Int.self, forKey: "review"),
                  rejectedCount: try c.decode(Int.self, forKey: "rejected"),
                  eventCount: eventCount)
    }

    /// Writes the case as `acervo case list --json` prints it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try encodeFields(to: &c)
        try c.encode(eventCount, forKey: "events")
    }

    /// Writes the summary's fields but its event count.
    func encodeFields(to c: inout KeyedEncodingContainer<ReportJSON.Key>) throws {
        try c.encode(caseNumber.rawValue, forKey: "case")
        try c.encodeDate(openedAt, forKey: "opened_at")
        try c.encode(headVersion, forKey: "version")
        try c.encode(evidenceCount, forKey: "evidence")
        try c.encode(acceptedCount, forKey: "accepted")
        try c.encode(reviewCount, forKey: "review")
        try c.encode(rejectedCount, forKey: "rejected")
    }
}

extension VersionSummary: Codable {
    /// Reads a version as `acervo case show --json` prints it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ReportJSON.Key.self)
        self.init(number: try c.decode(Int.self, forKey: "version"), created: try c.decodeDate(forKey: "created"),
                  message: try c.decode(String.self, forKey: "message"), userName: try c.decode(String.self, forKey: "user"),
                  userAddress: try c.decode(String.self, forKey: "address"))
    }

    /// Writes the version as `acervo case show --json` prints it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try c.encode(number, forKey: "version")
        try c.encodeDate(created, forKey: "created")
        try c.encode(message, forKey: "message")
        try c.encode(userName, forKey: "user")
        try c.encode(userAddress, forKey: "address")
    }
}

extension CaseDetail: Codable {
    /// Reads a case as `acervo case show --json` prints it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ReportJSON.Key.self)
        let count = try c.nestedUnkeyedContainer(forKey: "events").count ?? 0
        let summary = try CaseSummary(from: c, eventCount: count)
        var evidence: [EvidenceRecord] = []
        var records = try c.nestedUnkeyedContainer(forKey: "evidence_records")
        while !records.isAtEnd {
            evidence.append(try records.decode(CaseEvidenceJSON.self).record(in: summary.caseNumber))
        }
        var events: [CustodyEvent] = []
        var eventList = try c.nestedUnkeyedContainer(forKey: "events")
        while !eventList.isAtEnd {
            events.append(try eventList.decode(CaseEventJSON.self).event(in: summary.caseNumber))
        }
        self.init(summary: summary, evidence: evidence, versions: try c.decode([VersionSummary].self, forKey: "versions"),
                  events: events)
    }

    /// Writes the case as `acervo case show --json` prints it: the summary's fields, but `events` is the
    /// list of events rather than their count.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try summary.encodeFields(to: &c)
        try c.encode(versions, forKey: "versions")
        try c.encode(evidence.map(CaseEvidenceJSON.init), forKey: "evidence_records")
        try c.encode(events.map(CaseEventJSON.init), forKey: "events")
    }
}

/// An evidence record as a case's JSON lists it.
private struct CaseEvidenceJSON: Codable {
    var record: EvidenceRecord

    init(_ record: EvidenceRecord) { self.record = record }

    func record(in caseNumber: CaseNumber) -> EvidenceRecord {
        var copy = record
        copy.caseNumber = caseNumber
        return copy
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ReportJSON.Key.self)
        var reasons: [Reason] = []
        var list = try c.nestedUnkeyedContainer(forKey: "reasons")
        while !list.isAtEnd {
            let r = try list.nestedContainer(keyedBy: ReportJSON.Key.self)
            reasons.append(Reason(code: try r.decode(ReasonCode.self, forKey: "code"),
                                  verdict: try r.decode(Verdict.self, forKey: "verdict")))
        }
        let placeholder = CaseNumber(rawValue: "0")!
        record = EvidenceRecord(
            id: try c.decodeID(forKey: "evidence"), caseNumber: placeholder,
            kind: try c.decode(DocumentKind.self, forKey: "kind"), declaredName: try c.decode(String.self, forKey: "declared_name"),
            declaredMIME: nil, sanitizedName: try c.decode(String.self, forKey: "name"),
            byteCount: try c.decode(Int64.self, forKey: "bytes"), sha256: try c.decode(String.self, forKey: "sha256"),
            identification: Identification(format: try c.decode(FileFormat.self, forKey: "format"),
                                           mime: try c.decode(String.self, forKey: "mime"), description: ""),
            verdict: try c.decode(Verdict.self, forKey: "verdict"), reasons: reasons,
            receivedAt: try c.decodeDate(forKey: "received_at"), channel: try c.decode(Channel.self, forKey: "channel"),
            operatorName: try c.decode(String.self, forKey: "operator"),
            storedPath: try c.decodeIfPresent(String.self, forKey: "stored_path"),
            duplicateOf: try c.decodeIfPresent(String.self, forKey: "duplicate_of").flatMap(UUID.init(uuidString:)),
            digitized: c.contains("digitized")
                ? try DigitizedDocument(report: try c.nestedContainer(keyedBy: ReportJSON.Key.self, forKey: "digitized"))
                : nil)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        let e = record
        try c.encode(ReportJSON.id(e.id), forKey: "evidence")
        try c.encode(e.kind, forKey: "kind")
        try c.encode(e.verdict, forKey: "verdict")
        try c.encode(e.declaredName, forKey: "declared_name")
        try c.encode(e.sanitizedName, forKey: "name")
        try c.encode(e.byteCount, forKey: "bytes")
        try c.encode(e.sha256, forKey: "sha256")
        try c.encode(e.identification.format, forKey: "format")
        try c.encode(e.identification.mime, forKey: "mime")
        try c.encodeDate(e.receivedAt, forKey: "received_at")
        try c.encode(e.channel, forKey: "channel")
        try c.encode(e.operatorName, forKey: "operator")
        var list = c.nestedUnkeyedContainer(forKey: "reasons")
        for reason in e.reasons {
            var r = list.nestedContainer(keyedBy: ReportJSON.Key.self)
            try r.encode(reason.code, forKey: "code")
            try r.encode(reason.verdict, forKey: "verdict")
            try r.encode(reason.english, forKey: "message")
            try r.encode(reason.portuguese, forKey: "message_pt")
        }
        try c.encodeIfPresent(e.storedPath, forKey: "stored_path")
        try c.encodeIfPresent(e.duplicateOf.map(ReportJSON.id), forKey: "duplicate_of")
        if let digitized = e.digitized {
            var d = c.nestedContainer(keyedBy: ReportJSON.Key.self, forKey: "digitized")
            try digitized.encodeReport(to: &d)
        }
    }
}

/// A custody event as a case's JSON lists it.
private struct CaseEventJSON: Codable {
    var event: CustodyEvent

    init(_ event: CustodyEvent) { self.event = event }

    func event(in caseNumber: CaseNumber) -> CustodyEvent {
        var copy = event
        copy.caseNumber = caseNumber
        return copy
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ReportJSON.Key.self)
        event = CustodyEvent(
            sequence: try c.decode(Int.self, forKey: "sequence"), caseNumber: CaseNumber(rawValue: "0")!,
            evidence: try c.decodeIfPresent(String.self, forKey: "evidence").flatMap(UUID.init(uuidString:)),
            type: try c.decode(CustodyEvent.EventType.self, forKey: "type"), at: try c.decodeDate(forKey: "at"),
            actor: try c.decode(String.self, forKey: "actor"), details: try c.decode([String: String].self, forKey: "details"),
            previousHash: try c.decode(String.self, forKey: "previous_hash"), hash: try c.decode(String.self, forKey: "hash"))
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try c.encode(event.sequence, forKey: "sequence")
        try c.encode(event.type, forKey: "type")
        try c.encodeDate(event.at, forKey: "at")
        try c.encode(event.actor, forKey: "actor")
        try c.encode(event.details, forKey: "details")
        try c.encode(event.hash, forKey: "hash")
        try c.encode(event.previousHash, forKey: "previous_hash")
        try c.encodeIfPresent(event.evidence.map(ReportJSON.id), forKey: "evidence")
    }
}
