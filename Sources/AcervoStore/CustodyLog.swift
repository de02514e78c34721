package import AcervoCore
import AcervoSystem
package import Foundation

/// What the pipeline knows about an event before it joins a chain: the store gives it its sequence
/// number and hashes.
package struct CustodyDraft: Sendable, Hashable {
    /// What happened.
    public var type: CustodyEvent.EventType
    /// The evidence concerned, if any.
    public var evidence: UUID?
    /// When, in UTC (kept to the millisecond).
    public var at: Date
    /// Who did it.
    public var actor: String
    /// Facts about the event, as strings.
    public var details: [String: String]

    /// Makes a draft.
    public init(type: CustodyEvent.EventType, evidence: UUID?, at: Date, actor: String, details: [String: String] = [:]) {
        self.type = type
        self.evidence = evidence
        self.at = at
        self.actor = actor
        self.details = details
    }
}

/// A case's chain of custody: append-only events, each hashed over its predecessor's hash and its
/// own canonical JSON, so that editing, removing or reordering any event is detected.
///
/// The canonical JSON of an event is every field but `hash`, keys sorted, no whitespace, slashes
/// unescaped, dates as ISO-8601 UTC with milliseconds; the hash is lowercase hex SHA-256 of the
/// previous hash's ASCII text followed by those bytes. Dates are rounded to the millisecond on append,
/// so an event read back from `custody.jsonl` hashes to the same value.
package struct CustodyLog: Sendable, Hashable {
    /// The case the chain belongs to.
    public let caseNumber: CaseNumber
    /// The events, in order, from sequence `base.sequence + 1` (1 for a whole chain).
    public private(set) var events: [CustodyEvent]
    /// The event this part of the chain continues (`nil` for a whole chain from the first event): a
    /// commit appends a segment to the chain knowing only its last event, never reading it whole.
    public let base: CustodyEvent?

    /// A chain holding `events` as they are (call `firstBreak()` to check them).
    public init(caseNumber: CaseNumber, events: [CustodyEvent] = []) {
        self.caseNumber = caseNumber
        self.events = events
        self.base = nil
    }

    /// A segment of a chain: `events` continue `base`, the last event of the segments before them.
    public init(caseNumber: CaseNumber, continuing base: CustodyEvent?, events: [CustodyEvent] = []) {
        self.caseNumber = caseNumber
        self.events = events
        self.base = base
    }

    /// The hash the next event will chain to.
    public var lastHash: String { events.last?.hash ?? base?.hash ?? CustodyEvent.genesisHash }

    /// The last event of the chain, this segment's or its base's.
    public var last: CustodyEvent? { events.last ?? base }

    /// Appends a draft as the next event and returns it, numbered and hashed.
    @discardableResult
    public mutating func append(_ draft: CustodyDraft) -> CustodyEvent {
        var event = CustodyEvent(sequence: (base?.sequence ?? 0) + events.count + 1, caseNumber: caseNumber, evidence: draft.evidence,
                                 type: draft.type, at: StoreDate.normalized(draft.at), actor: draft.actor,
                                 details: draft.details, previousHash: lastHash)
        event.hash = Self.hash(of: event)
        events.append(event)
        return event
    }

    /// The hash an event should carry: SHA-256 over its `previousHash` and its canonical JSON.
    public static func hash(of event: CustodyEvent) -> String {
        var input = Data(event.previousHash.utf8)
        input.append(canonicalJSON(of: event))
        return Hex.sha256(input)
    }

    /// The canonical JSON of an event without its `hash` field: the bytes the hash covers.
    public static func canonicalJSON(of event: CustodyEvent) -> Data {
        let fields = HashedFields(sequence: event.sequence, caseNumber: event.caseNumber, evidence: event.evidence,
                                  type: event.type, at: event.at, actor: event.actor, details: event.details,
                                  previousHash: event.previousHash)
        // Every field is a string, number, date or string map: encoding cannot fail.
        return (try? StoreJSON.canonical(fields)) ?? Data()
    }

    /// The first event that does not belong where it is, or `nil` when the whole chain holds.
    public func firstBreak() -> CustodyBreak? {
        var previous = base?.hash ?? CustodyEvent.genesisHash
        for (index, event) in events.enumerated() {
            let expected = (base?.sequence ?? 0) + index + 1
            if event.sequence != expected {
                return CustodyBreak(sequence: expected, problem: "sequence is \(event.sequence), expected \(expected)")
            }
            if event.caseNumber != caseNumber {
                return CustodyBreak(sequence: expected, problem: "case is \(event.caseNumber), expected \(caseNumber)")
            }
            if event.previousHash != previous {
                return CustodyBreak(sequence: expected,
                                    problem: "previous hash is \(event.previousHash), expected \(previous)")
            }
            let computed = Self.hash(of: event)
            if event.hash != computed {
                return CustodyBreak(sequence: expected, problem: "hash is \(event.hash), computed \(computed)")
            }
            previous = event.hash
        }
        return nil
    }

    /// The chain as `custody.jsonl`: one canonical JSON event (with its hash) per line.
    public var jsonLines: Data {
        var out = Data()
        for event in events {
            out.append((try? StoreJSON.canonical(event)) ?? Data())
            out.append(0x0A)
        }
        return out
    }

    /// Reads a custody log or segment; a line that is not an event is an error naming its line number.
    public init(caseNumber: CaseNumber, jsonLines: Data) throws(AcervoError) {
        self.init(caseNumber: caseNumber, events: try Self.events(caseNumber: caseNumber, jsonLines: jsonLines))
    }

    /// The events of a custody log or segment, as stored (one canonical JSON event per line).
    static func events(caseNumber: CaseNumber, jsonLines: Data) throws(AcervoError) -> [CustodyEvent] {
        var events: [CustodyEvent] = []
        let decoder = StoreJSON.decoder()
        for (index, line) in jsonLines.split(separator: 0x0A, omittingEmptySubsequences: true).enumerated() {
            do {
                events.append(try decoder.decode(CustodyEvent.self, from: Data(line)))
            } catch {
                throw AcervoError(.storeCorrupt, "custody log of \(caseNumber): line \(index + 1) is not an event",
                                  underlying: error)
            }
        }
        return events
    }

    private struct HashedFields: Encodable {
        var sequence: Int
        var caseNumber: CaseNumber
        var evidence: UUID?
        var type: CustodyEvent.EventType
        var at: Date
        var actor: String
        var details: [String: String]
        var previousHash: String
    }
}

/// Where a chain of custody stops holding.
public struct CustodyBreak: Sendable, Hashable, CustomStringConvertible {
    /// The sequence number of the first event that fails.
    public var sequence: Int
    /// What is wrong with it.
    public var problem: String

    /// Makes a break.
    public init(sequence: Int, problem: String) {
        self.sequence = sequence
        self.problem = problem
    }

    /// The break as a person reads it: the event's sequence and what is wrong.
    public var description: String { "event \(sequence): \(problem)" }
}
