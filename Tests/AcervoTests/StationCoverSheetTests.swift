import Acervo
import AcervoCore
import AcervoStation
import Foundation
import Testing

/// The station routing by cover sheets: a stack no folder routes, read for sheets, split into documents
/// of their cases, the sheets kept beside the documents they start, the originals kept until all are in.
@Suite("Scanning station, cover sheets", .serialized, needsCoverSheetTools)
struct StationCoverSheetTests {
    static let settings = """
        settle_seconds: 0.3
        incomplete_seconds: 5
        ocr: none
        responsavel_digitalizacao: Procon-MT, digitalização
        local_digitalizacao: Cuiabá, MT

        """

    /// Renders `sheet` as printed and scanned at 300 dpi.
    static func scannedSheet(_ sheet: CoverSheet, in dir: URL, name: String) throws -> URL {
        let pdf = dir.appending(path: name + ".pdf")
        try CoverSheetPDF.write(sheet, to: pdf)
        let png = dir.appending(path: name + ".png")
        try SheetScans.render(pdf, dpi: 300, to: png)
        return png
    }

    @Test func aSevenPageScanAtTheInboxRootIsFiledAsThreeDocumentsInTheirCasesWithTheirSheetsKept() async throws {
        let station = try StationHarness(Self.settings, label: "acervo-station-sheets", digitizing: true, sheets: true)
        defer { station.cleanUp() }
        let sheets = [
            try CoverSheet(caseNumber: CaseNumber(validating: "MT-2026-000101"), kind: .contract, title: "Contrato de adesão"),
            try CoverSheet(caseNumber: CaseNumber(validating: "MT-2026-000202"), kind: .receipt, profile: .textoIlustrado),
            try CoverSheet(caseNumber: CaseNumber(validating: "MT-2026-000303"), kind: .correspondence, profile: .manuscrito,
                           title: "Carta à operadora"),
        ]
        let rendered = try sheets.enumerated().map { try Self.scannedSheet($1, in: station.dir.url, name: "folha-\($0)") }
        let lote = station.dir.url.appending(path: "lote.tif")
        try SheetScans.stack([
            "sheet|\(rendered[0].path)|grey|0", "text|Contrato p1", "text|Contrato p2",
            "sheet|\(rendered[1].path)|threshold|0", "text|Nota fiscal",
            "sheet|\(rendered[2].path)|grey|0", "text|Carta",
        ], dpi: 300, to: lote)
        let bytes = try Data(contentsOf: lote)
        station.start()
        try station.drop("lote.tif", bytes)
        try await station.wait("three documents filed", timeout: 300) {
            station.events(.filed).count + station.events(.refused).count + station.events(.quarantined).count >= 3
        }
        try await station.wait("the stack's original moved to done/") {
            StationHarness.files(under: station.layout.done) == ["lote.tif"]
        }
        try await station.stop()

        #expect(station.events(.quarantined).isEmpty && station.events(.refused).isEmpty && station.events(.failed).isEmpty,
                "\(station.events.filter { [.quarantined, .refused, .failed].contains($0.event) }.map { "\($0.message ?? "")" })")
        #expect(station.events(.split).count == 1)
        let filed = station.events(.filed)
        #expect(filed.map(\.caseNumber) == ["MT-2026-000101", "MT-2026-000202", "MT-2026-000303"])
        #expect(filed.map(\.kind) == ["contract", "receipt", "correspondence"])
        #expect(filed.map { $0.files ?? [] } == [["lote.tif#p2-3"], ["lote.tif#p5"], ["lote.tif#p7"]])

        for (index, event) in filed.enumerated() {
            let caseNumber = try CaseNumber(validating: try #require(event.caseNumber))
            let pageID = try #require(event.evidenceIDs?.first)
            let record = try #require(try await station.archive.evidence(pageID))
            // The case holds its own pages, not the stack: another complaint's pages never enter it.
            #expect(record.sha256 != StationFiles.sha256(bytes))
            // Recorded under the scanner's name with its pages, not under the station's copy's.
            #expect(record.declaredName == ["lote-p2-3.tif", "lote-p5.tif", "lote-p7.tif"][index])
            let document = try #require(record.digitized, "document \(index + 1) digitized")
            #expect(document.pageCount == [2, 1, 1][index])
            #expect(document.metadata.title == ["Contrato de adesão", nil, "Carta à operadora"][index])
            #expect(document.profile == ["texto", "texto-ilustrado", "manuscrito"][index])
            let custody = try await station.archive.custodyEvents(of: caseNumber)
            let digitized = try #require(custody.first { $0.type == .digitized && $0.evidence == pageID })
            #expect(digitized.details["cover_sheet"] == "derivatives/\(pageID.uuidString.lowercased())/folha-de-rosto.tif")
            #expect(digitized.details["cover_sheet_sha256"]?.count == 64)
        }
        let verify = try await commandOffPool(acervoExecutable, ["store", "verify", "--store", station.storeURL.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(StationHarness.files(under: station.layout.quarantine).isEmpty)
        #expect(StationHarness.files(under: station.layout.inbox).isEmpty)
    }

    @Test func aStackWithNoSheetAndNoFolderRouteGoesToQuarantineSayingHowToRouteIt() async throws {
        let station = try StationHarness(Self.settings, label: "acervo-station-sheets", sheets: true)
        defer { station.cleanUp() }
        station.start()
        try station.drop("lote-sem-folha/pagina-1.tif", try StationFiles.tiff(1))
        try station.drop("lote-sem-folha/pagina-2.tif", try StationFiles.tiff(2))
        try await station.wait("both quarantined") { station.events(.quarantined).count == 2 }
        try await station.stop()
        #expect(station.events(.filed).isEmpty)
        let note = try String(contentsOf: station.layout.quarantine.appending(path: "lote-sem-folha/pagina-1.tif.motivo.txt"),
                              encoding: .utf8)
        #expect(note.contains("folha de rosto") && note.contains("cover sheet") && note.contains("inbox/<PROTOCOLO>/<tipo>/"))
    }

    @Test func aStackWithADocumentTheGateRefusesGoesToQuarantineWholeAndItsOtherDocumentIsADuplicateOnRetry() async throws {
        let station = try StationHarness(Self.settings, label: "acervo-station-sheets", digitizing: true, sheets: true)
        defer { station.cleanUp() }
        let good = try CoverSheet(caseNumber: CaseNumber(validating: "MT-2026-000404"), kind: .contract)
        // Grey pages held to the colour profile: the Anexo I gate refuses them.
        let poor = try CoverSheet(caseNumber: CaseNumber(validating: "MT-2026-000505"), kind: .receipt, profile: .colorido)
        let rendered = [try Self.scannedSheet(good, in: station.dir.url, name: "boa"), try Self.scannedSheet(poor, in: station.dir.url, name: "cor")]
        let lote = station.dir.url.appending(path: "lote.tif")
        try SheetScans.stack(["sheet|\(rendered[0].path)|grey|0", "text|Contrato", "sheet|\(rendered[1].path)|grey|0", "text|Recibo"],
                             dpi: 300, to: lote)
        station.start()
        try station.drop("lote-0612/lote.tif", try Data(contentsOf: lote))
        try await station.wait("the stack quarantined", timeout: 300) {
            StationHarness.files(under: station.layout.quarantine).contains("lote-0612/lote.tif") && !station.events(.refused).isEmpty
        }
        #expect(station.events(.filed).map(\.caseNumber) == ["MT-2026-000404"],
                "\(station.events.filter { $0.event != .progress }.map { "\($0.event) \($0.path ?? "") \($0.message ?? "")" })")
        #expect(station.events(.refused).map(\.caseNumber) == ["MT-2026-000505"])
        #expect(station.events(.refused).first?.findings?.contains("colour-too-poor") == true)
        let note = try String(contentsOf: station.layout.quarantine.appending(path: "lote-0612/lote.tif.motivo.json"), encoding: .utf8)
        #expect(note.contains("\"refused\"") && note.contains("colour-too-poor"), "\(note)")
        #expect(StationHarness.files(under: station.layout.done).isEmpty)

        // Sent again as it is: the filed document is a duplicate, never stored twice; the other is refused again.
        let retried = try await commandOffPool(acervoExecutable, ["station", "retry", "--inbox", station.layout.inbox.path])
        #expect(retried.status == 0, "\(retried.stdout)\(retried.stderr)")
        try await station.wait("the stack back in quarantine", timeout: 300) { station.events(.refused).count == 2 }
        try await station.stop()
        #expect(station.events(.duplicate).map(\.caseNumber) == ["MT-2026-000404"])
        #expect(station.events(.filed).count == 1)
        let verify = try await commandOffPool(acervoExecutable, ["store", "verify", "--store", station.storeURL.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func keepingPageFilesOnlyASplitDocumentKeepsItsSheetAsACopyBesideItsPages() async throws {
        // `digitize: false`, and so also a kind the decree does not cover under the digitizing filer.
        let station = try StationHarness(Self.settings, label: "acervo-station-sheets", sheets: true)
        defer { station.cleanUp() }
        let sheet = try CoverSheet(caseNumber: CaseNumber(validating: "MT-2026-000606"), kind: .other)
        let rendered = try Self.scannedSheet(sheet, in: station.dir.url, name: "anexos")
        let lote = station.dir.url.appending(path: "lote.tif")
        try SheetScans.stack(["sheet|\(rendered.path)|grey|0", "text|Anexo 1", "text|Anexo 2"], dpi: 300, to: lote)
        station.start()
        try station.drop("lote.tif", try Data(contentsOf: lote))
        try await station.wait("the document filed", timeout: 120) {
            !station.events(.filed).isEmpty || !station.events(.quarantined).isEmpty || !station.events(.refused).isEmpty
        }
        try await station.stop()
        let filed = try #require(station.events(.filed).first,
                                 "\(station.events.filter { $0.event != .progress }.map { "\($0.event) \($0.path ?? "") \($0.message ?? "")" })")
        #expect(filed.files == ["lote.tif#p2-3"])
        #expect(filed.evidenceIDs?.count == 1, "the sheet is no page of the document")
        let detail = try #require(try await station.archive.caseDetail(try CaseNumber(validating: "MT-2026-000606")))
        #expect(detail.evidence.map(\.declaredName).sorted() == ["folha-de-rosto-lote-p1.tif", "lote-p2-3.tif"])
        #expect(detail.events.contains { $0.type == .received && $0.details["declared_name"] == "folha-de-rosto-lote-p1.tif" })
        #expect(StationHarness.files(under: station.layout.done) == ["lote.tif"])
    }
}
