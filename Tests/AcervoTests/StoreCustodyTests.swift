import AcervoCore
@testable import AcervoStore
import Crypto
import Foundation
import Testing

@Suite struct StoreCustodyTests {
    func chain(_ count: Int) -> CustodyLog {
        var log = CustodyLog(caseNumber: storeCaseA)
        for i in 0..<count {
            log.append(CustodyDraft(type: i == 0 ? .received : .validated, evidence: UUID(),
                                    at: Date(timeIntervalSince1970: 1_714_560_000 + Double(i) + 0.0004), actor: "ana/scanner 1",
                                    details: ["path": "originals/x/a.pdf", "n": "\(i)"]))
        }
        return log
    }

    @Test func eachHashIsSHA256OverThePreviousHashAndTheCanonicalJSON() throws {
        let log = chain(3)
        #expect(log.events.map(\.sequence) == [1, 2, 3])
        #expect(log.events[0].previousHash == CustodyEvent.genesisHash)
        for (i, event) in log.events.enumerated() {
            let canonical = String(decoding: CustodyLog.canonicalJSON(of: event), as: UTF8.self)
            #expect(!canonical.contains("\"hash\""))
            #expect(!canonical.contains(" \""))
            #expect(canonical.contains("\"path\":\"originals/x/a.pdf\""))
            #expect(canonical.contains("\"at\":\"2024-05-01T10:40:0\(i).000Z\""))
            let expected = SHA256.hash(data: Data((event.previousHash + canonical).utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(event.hash == expected)
            if i > 0 { #expect(event.previousHash == log.events[i - 1].hash) }
        }
        #expect(log.firstBreak() == nil)
    }

    @Test func theJSONLinesReadBackToTheSameVerifiedChain() throws {
        let log = chain(4)
        let read = try CustodyLog(caseNumber: storeCaseA, jsonLines: log.jsonLines)
        #expect(read == log)
        #expect(read.firstBreak() == nil)
        #expect(String(decoding: log.jsonLines, as: UTF8.self).split(separator: "\n").count == 4)
    }

    @Test func anEditedEventBreaksTheChainAtItsSequence() {
        var events = chain(5).events
        events[2].details["n"] = "forged"
        #expect(CustodyLog(caseNumber: storeCaseA, events: events).firstBreak()?.sequence == 3)
    }

    @Test func aRemovedEventBreaksTheChainWhereItWas() {
        var events = chain(5).events
        events.remove(at: 1)
        #expect(CustodyLog(caseNumber: storeCaseA, events: events).firstBreak()?.sequence == 2)
    }

    @Test func aRehashedEditStillBreaksTheNextLink() {
        var events = chain(4).events
        events[1].actor = "mallory"
        events[1].hash = CustodyLog.hash(of: events[1])
        #expect(CustodyLog(caseNumber: storeCaseA, events: events).firstBreak()?.sequence == 3)
    }

    @Test func datesKeepMillisecondsAndReadBackExactly() {
        let date = Date(timeIntervalSince1970: 1_714_560_000.123_456)
        let text = StoreDate.string(date)
        #expect(text == "2024-05-01T10:40:00.123Z")
        #expect(StoreDate.parse(text).map(StoreDate.string) == text)
        #expect(StoreDate.string(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000Z")
        #expect(StoreDate.parse("2024-02-30T00:00:00") == nil)
    }
}
