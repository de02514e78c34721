import AcervoCore
import AcervoCoverSheets
import AcervoDigitize
import AcervoStation
import Foundation
import Synchronization
import Testing

@Suite("Cover sheets: the payload")
struct CoverSheetPayloadTests {
    let sheet = try! CoverSheet(caseNumber: CaseNumber(rawValue: "ms-2024-000123")!, kind: .contract, profile: .textoIlustrado,
                                title: "Contrato de locação; cláusula 5% = 100% (“aluguel”)")

    @Test("a sheet's payload is versioned, percent-encoded ASCII, and reads back as the same sheet")
    func roundTrip() throws {
        let payload = CoverSheetPayload.encode(sheet)
        #expect(payload.hasPrefix("ACERVO-SHEET:1;case=MS-2024-000123;kind=contract;profile=texto-ilustrado;titulo=Contrato%20de%20loca%C3%A7%C3%A3o%3B"))
        #expect(payload.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F })
        #expect(CoverSheetPayload.read(payload) == .sheet(sheet))
        let bare = try CoverSheet(caseNumber: CaseNumber(validating: "PR-1"), kind: .receipt)
        #expect(CoverSheetPayload.encode(bare) == "ACERVO-SHEET:1;case=PR-1;kind=receipt")
        #expect(CoverSheetPayload.read(CoverSheetPayload.encode(bare)) == .sheet(bare))
        #expect(bare.route == Route(caseNumber: CaseNumber(rawValue: "PR-1")!, kind: .receipt, profile: nil))
    }

    @Test("text without the prefix is not a sheet", arguments: [
        "", "https://www.procon.mt.gov.br/", "acervo-sheet:1;case=MS-1;kind=contract", " ACERVO-SHEET:1;case=MS-1;kind=contract",
        "00020126580014BR.GOV.BCB.PIX0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR",
        "ACERVO-SHEET",
    ])
    func foreign(_ text: String) {
        #expect(CoverSheetPayload.read(text) == .notASheet)
    }

    @Test("a sheet's payload with anything wrong is a fault that says what", arguments: [
        ("ACERVO-SHEET:", "version"),
        ("ACERVO-SHEET:2;case=MS-1;kind=contract", "version 2"),
        ("ACERVO-SHEET:01x;case=MS-1;kind=contract", "not a number"),
        ("ACERVO-SHEET:1", "'case' is missing"),
        ("ACERVO-SHEET:1;case=MS-1", "'kind' is missing"),
        ("ACERVO-SHEET:1;case=MS-1;kind=banana", "'banana' is not a document kind"),
        ("ACERVO-SHEET:1;case=MS--1;kind=contract", "not a protocol number"),
        ("ACERVO-SHEET:1;case=../etc;kind=contract", "not percent-encoded"),
        ("ACERVO-SHEET:1;case=MS-1;kind=contract;profile=sepia", "not an Anexo I profile"),
        ("ACERVO-SHEET:1;case=MS-1;kind=contract;case=MS-2", "repeated"),
        ("ACERVO-SHEET:1;case=MS-1;kind=contract;author=x", "unknown field 'author'"),
        ("ACERVO-SHEET:1;case=MS-1;kind=contract;", "has no '='"),
        ("ACERVO-SHEET:1;case=MS-1;kind=contract;titulo=a b", "not percent-encoded"),
        ("ACERVO-SHEET:1;case=MS-1;kind=contract;titulo=%C3", "not percent-encoded"),
        ("ACERVO-SHEET:1;case=MS-1;kind=contract;titulo=%4", "not percent-encoded"),
        ("ACERVO-SHEET:1;case=MS-1;kind=contract;titulo=", "empty"),
        ("ACERVO-SHEET:1;case=MS-1;kind=contract;titulo=a%0Ab", "control character"),
        ("ACERVO-SHEET:1;case=MS-1;kind=contract;titulo=" + String(repeating: "a", count: 400), "more than 400"),
        ("ACERVO-SHEET:99999999999999999999;case=MS-1;kind=contract", "not a number"),
    ])
    func faulty(_ text: String, _ says: String) {
        guard case .faulty(let fault) = CoverSheetPayload.read(text) else {
            Issue.record("\(text) read as \(CoverSheetPayload.read(text))")
            return
        }
        #expect(fault.english.contains(says), "\(fault.english)")
        #expect(!fault.portuguese.isEmpty && fault.portuguese != fault.english)
    }

    @Test("a título that would not fit the QR code, or is not one, is refused when the sheet is made")
    func titles() throws {
        let number = try CaseNumber(validating: "MS-1")
        for bad in ["", "   ", "linha\noutra", String(repeating: "x", count: CoverSheet.mostTitleCharacters + 1),
                    String(repeating: "ção ", count: 30)] {
            #expect(throws: AcervoError.self, "\(bad)") { try CoverSheet(caseNumber: number, kind: .contract, title: bad) }
        }
        let longest = try CoverSheet(caseNumber: CaseNumber(validating: String(repeating: "A", count: 64)), kind: .proofOfAddress,
                                     profile: .manuscritoColorido, title: String(repeating: "a", count: CoverSheet.mostTitleCharacters))
        #expect(CoverSheetPayload.encode(longest).utf8.count <= CoverSheetPayload.mostBytes)
    }
}

@Suite("Cover sheets: splitting a stack")
struct SheetSplitTests {
    let a = try! CoverSheet(caseNumber: CaseNumber(rawValue: "MS-1")!, kind: .contract, title: "Contrato")
    let b = try! CoverSheet(caseNumber: CaseNumber(rawValue: "MS-2")!, kind: .receipt, profile: .texto)
    let folder = Route(caseNumber: CaseNumber(rawValue: "MS-9")!, kind: .correspondence)

    func stack(_ counts: [Int], route: Route?) -> ReadyStack {
        ReadyStack(pages: counts.enumerated().map { index, count in
            PageFile(url: URL(fileURLWithPath: "/hand/\(index).tif"), inboxPath: "scan/\(index).tif", sha256: String(index),
                     byteCount: 1, format: .tiff, pageCount: count)
        }, route: route)
    }

    @Test("a stack with no sheet is left to the folders")
    func noSheet() {
        #expect(SheetSplit(stack([3], route: folder), readings: [.notASheet, .notASheet, .notASheet]) == nil)
    }

    @Test("each sheet starts a document up to the next; sheets are in none; files give their pages")
    func split() throws {
        let pages = stack([2, 4, 1], route: nil)
        let split = try #require(SheetSplit(pages, readings: [.sheet(a), .notASheet, .notASheet, .sheet(b), .notASheet, .notASheet, .notASheet]))
        #expect(split.quarantine == nil)
        #expect(split.documents.map(\.pages) == [2...3, 5...7])
        #expect(split.documents.map(\.route) == [a.route, b.route])
        #expect(split.documents.map(\.title) == ["Contrato", nil])
        #expect(split.documents.map(\.sheetPage) == [1, 4])
        #expect(split.sheets == [SheetPage(page: 1, sheet: a, document: 0), SheetPage(page: 4, sheet: b, document: 1)])
        let first = split.documents[0].files(in: pages)
        #expect(first.map(\.file.inboxPath) == ["scan/0.tif", "scan/1.tif"])
        #expect(first.map(\.pagesInFile) == [1...1, 0...0])
        let second = split.documents[1].files(in: pages)
        #expect(second.map(\.file.inboxPath) == ["scan/1.tif", "scan/2.tif"])
        #expect(second.map(\.pagesInFile) == [2...3, 0...0])
        #expect(pages.pageCount == 7)
        let sheetFiles = split.sheets.map { pages.location(ofPage: $0.page) }
        #expect(sheetFiles.map { $0?.file.inboxPath } == ["scan/0.tif", "scan/1.tif"])
        #expect(sheetFiles.map { $0?.indexInFile } == [0, 1])
        #expect(pages.location(ofPage: 7)?.file.inboxPath == "scan/2.tif")
        #expect(pages.location(ofPage: 8) == nil && pages.location(ofPage: 0) == nil)
    }

    @Test("pages before the first sheet follow the folder's route")
    func beforeTheFirstSheet() throws {
        let split = try #require(SheetSplit(stack([4], route: folder), readings: [.notASheet, .notASheet, .sheet(b), .notASheet]))
        #expect(split.quarantine == nil)
        #expect(split.documents.map(\.route) == [folder, b.route])
        #expect(split.documents.map(\.pages) == [1...2, 4...4])
        #expect(split.documents.map(\.sheetPage) == [nil, 3])
    }

    @Test("pages before the first sheet with no folder route send the stack to quarantine, saying how to route it")
    func unrouted() throws {
        let split = try #require(SheetSplit(stack([4], route: nil), readings: [.notASheet, .notASheet, .sheet(b), .notASheet]))
        let reason = try #require(split.quarantine)
        #expect(reason.code == "pages-before-sheet")
        #expect(StationReason.codes.contains(reason.code))
        #expect(reason.portuguese.contains("As primeiras 2 páginas") && reason.portuguese.contains("acervo station sheet"))
        #expect(reason.english.contains("first 2 pages") && reason.english.contains("quarantine/<PROTOCOL>/<kind>/"))
        #expect(split.documents.isEmpty)
        #expect(split.sheets.map(\.page) == [3])
    }

    @Test("a sheet that cannot be read sends the stack to quarantine: its pages are never filed in the previous document")
    func faultySheet() throws {
        let fault = CoverSheetFault(english: "version 2 of the cover sheet payload is unknown", portuguese: "a versão 2 é desconhecida")
        let split = try #require(SheetSplit(stack([4], route: folder), readings: [.sheet(a), .notASheet, .faulty(fault), .notASheet]))
        let reason = try #require(split.quarantine)
        #expect(reason.code == "bad-sheet")
        #expect(reason.english.contains("Page 3") && reason.english.contains("version 2"))
        #expect(reason.portuguese.contains("Página 3") && reason.portuguese.contains("versão 2"))
        #expect(split.documents.isEmpty)
    }

    @Test("a sheet followed by a sheet, or last, starts no document")
    func emptySheets() throws {
        let split = try #require(SheetSplit(stack([5], route: nil), readings: [.sheet(a), .sheet(b), .notASheet, .notASheet, .sheet(a)]))
        #expect(split.documents.map(\.pages) == [3...4])
        #expect(split.documents.map(\.route) == [b.route])
        #expect(split.sheets.map(\.document) == [nil, 0, nil])
    }
}

@Suite("Cover sheets: printed, scanned and found", needsCoverSheetTools)
struct CoverSheetScanTests {
    let sheet = try! CoverSheet(caseNumber: CaseNumber(rawValue: "MS-2024-000123")!, kind: .contract, profile: .texto,
                                title: "Contrato de prestação de serviços de telefonia — plano família (Cuiabá, 2024)")

    /// The only page of a single-page scan, through digitization's own readers.
    func read(_ file: URL) throws -> CoverSheetPayload.Reading {
        let document = try ScannedDocument.read(paths: [file.path])
        #expect(document.findings.isEmpty, "\(document.findings)")
        let page = try #require(document.pages.first)
        return CoverSheetFinder.read(try document.image(of: page).raster)
    }

    @Test("the sheet is one A4 page whose text says it all, and zbarimg reads the payload at 200 and 300 dpi")
    func printed() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let pdf = dir.url.appending(path: "folha.pdf")
        try CoverSheetPDF.write(sheet, to: pdf)
        let info = try SheetScans.run("pdfinfo", [pdf.path]).stdout
        #expect(info.contains("Pages:           1"), "\(info)")
        #expect(info.contains("595.28 x 841.89 pts (A4)"), "\(info)")
        let text = try SheetScans.run("pdftotext", ["-layout", pdf.path, "-"]).stdout
        for expected in ["PROCESSO", "MS-2024-000123", "TIPO DE DOCUMENTO", "contrato (contract)", "PERFIL (ANEXO I)", "texto",
                         "TÍTULO", "Contrato de prestação de serviços"] {
            #expect(text.contains(expected), "\(expected) in \(text)")
        }
        for dpi in [200, 300] {
            let png = dir.url.appending(path: "folha-\(dpi).png")
            try SheetScans.render(pdf, dpi: dpi, to: png)
            #expect(try SheetScans.zbarimg(png) == [CoverSheetPayload.encode(sheet)], "at \(dpi) dpi")
        }
        // The same sheet gives the same bytes; nothing is left beside it.
        let again = dir.url.appending(path: "outra.pdf")
        try CoverSheetPDF.write(sheet, to: again)
        #expect(try Data(contentsOf: pdf) == Data(contentsOf: again))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains("partial") }.isEmpty)
    }

    @Test("the longest protocol number and título stay within the page's margins, and the code still reads")
    func longest() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let title = String(repeating: "Contrato de prestação de serviços WWW ", count: 4).prefix(CoverSheet.mostTitleCharacters)
        let sheet = try CoverSheet(caseNumber: CaseNumber(validating: String(repeating: "W", count: 64)), kind: .proofOfAddress,
                                   profile: .manuscritoColorido, title: String(title))
        let pdf = dir.url.appending(path: "folha.pdf")
        try CoverSheetPDF.write(sheet, to: pdf)
        let boxes = try SheetScans.run("pdftotext", ["-bbox", pdf.path, "-"]).stdout
        let right = boxes.matches(of: /xMax="([0-9.]+)"/).compactMap { Double($0.output.1) }
        #expect(right.count > 20)
        #expect(right.allSatisfy { $0 <= 595.28 - 40 }, "rightmost word ends at \(right.max() ?? 0) pt")
        let text = try SheetScans.run("pdftotext", [pdf.path, "-"]).stdout
        #expect(text.contains(String(repeating: "W", count: 64)))
        let png = dir.url.appending(path: "folha.png")
        try SheetScans.render(pdf, dpi: 200, to: png)
        #expect(try SheetScans.zbarimg(png) == [CoverSheetPayload.encode(sheet)])
    }

    @Test("the finder reads the rendered sheet scanned in colour, grey, thresholded and dithered, upright and turned",
          arguments: [200, 300])
    func found(dpi: Int) throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let pdf = dir.url.appending(path: "folha.pdf")
        try CoverSheetPDF.write(sheet, to: pdf)
        let png = dir.url.appending(path: "folha.png")
        try SheetScans.render(pdf, dpi: dpi, to: png)
        for how in ["rgb", "grey", "threshold", "dither"] {
            for degrees in [0, 90, 180] {
                let tiff = dir.url.appending(path: "\(how)-\(degrees).tif")
                try SheetScans.scan(png, as: how, turned: degrees, dpi: dpi, to: tiff)
                let started = ContinuousClock.now
                let reading = try read(tiff)
                #expect(reading == .sheet(sheet), "\(how) turned \(degrees) at \(dpi) dpi")
                #expect(ContinuousClock.now - started < .seconds(5), "\(how) turned \(degrees) at \(dpi) dpi")
            }
        }
        // And a raster with padded rows, as decoders give them.
        let grey = dir.url.appending(path: "grey-0.tif")
        let document = try ScannedDocument.read(paths: [grey.path])
        var raster = try document.image(of: try #require(document.pages.first)).raster
        let padded = raster.bytesPerRow + 13
        var pixels = Data(count: padded * raster.height)
        for y in 0..<raster.height {
            pixels.replaceSubrange(y * padded..<(y * padded + raster.bytesPerRow),
                                   with: raster.pixels[(y * raster.bytesPerRow)..<((y + 1) * raster.bytesPerRow)])
        }
        raster.bytesPerRow = padded
        raster.pixels = pixels
        #expect(CoverSheetFinder.read(raster) == .sheet(sheet))
        // Pages read at once, on several threads, each find their own.
        var rasters: [PageRaster] = []
        for how in ["rgb", "threshold", "dither"] {
            let file = dir.url.appending(path: "\(how)-90.tif")
            let scanned = try ScannedDocument.read(paths: [file.path])
            rasters.append(try scanned.image(of: try #require(scanned.pages.first)).raster)
        }
        let text = dir.url.appending(path: "texto.tif")
        try SheetScans.stack(["text|Texto"], dpi: dpi, to: text)
        let textPage = try ScannedDocument.read(paths: [text.path])
        rasters.append(try textPage.image(of: textPage.pages[0]).raster)
        let all = rasters
        let readings = Mutex([CoverSheetPayload.Reading?](repeating: nil, count: all.count * 3))
        DispatchQueue.concurrentPerform(iterations: all.count * 3) { index in
            let reading = CoverSheetFinder.read(all[index % all.count])
            readings.withLock { $0[index] = reading }
        }
        let expected = [CoverSheetPayload.Reading](repeating: .sheet(sheet), count: 3) + [.notASheet]
        #expect(readings.withLock { $0 } == Array(repeating: expected, count: 3).flatMap { $0 })
    }

    @Test("pages with other QR codes, a faulty sheet's QR code, or none are told apart")
    func foreignAndFaulty() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let cases: [(code: String?, expect: (CoverSheetPayload.Reading) -> Bool)] = [
            (nil, { $0 == .notASheet }),
            ("https://www.procon.mt.gov.br/", { $0 == .notASheet }),
            ("ACERVO-SHEET:2;case=MS-2024-000123;kind=contract", {
                if case .faulty(let fault) = $0 { fault.english.contains("version 2") } else { false }
            }),
            ("ACERVO-SHEET:1;case=MS-2024-000123;kind=banana", {
                if case .faulty(let fault) = $0 { fault.english.contains("banana") } else { false }
            }),
        ]
        for (index, item) in cases.enumerated() {
            var pages = ["text|Página \(index)"]
            if let code = item.code {
                let png = dir.url.appending(path: "code-\(index).png")
                try SheetScans.qrencode(code, to: png)
                #expect(try SheetScans.zbarimg(png) == [code])
                pages = ["text|Página \(index)|\(png.path)"]
            }
            let tiff = dir.url.appending(path: "page-\(index).tif")
            try SheetScans.stack(pages, dpi: 200, to: tiff)
            let reading = try read(tiff)
            #expect(item.expect(reading), "\(item.code ?? "no code"): \(reading)")
            if let code = item.code {
                let document = try ScannedDocument.read(paths: [tiff.path])
                #expect(CoverSheetFinder.texts(in: try document.image(of: document.pages[0]).raster) == [code])
            }
        }
    }

    @Test("a 7-page scan of three sheets and text pages splits into three documents in their cases")
    func sevenPages() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let sheets = [
            try CoverSheet(caseNumber: CaseNumber(validating: "MS-2024-000101"), kind: .contract, title: "Contrato de adesão"),
            try CoverSheet(caseNumber: CaseNumber(validating: "MS-2024-000202"), kind: .receipt, profile: .texto),
            try CoverSheet(caseNumber: CaseNumber(validating: "MT-2025-000303"), kind: .correspondence, profile: .manuscrito,
                           title: "Carta à operadora"),
        ]
        var rendered: [URL] = []
        for (index, sheet) in sheets.enumerated() {
            let pdf = dir.url.appending(path: "folha-\(index).pdf")
            try CoverSheetPDF.write(sheet, to: pdf)
            let png = dir.url.appending(path: "folha-\(index).png")
            try SheetScans.render(pdf, dpi: 200, to: png)
            rendered.append(png)
        }
        let foreign = dir.url.appending(path: "boleto.png")
        try SheetScans.qrencode("https://www.procon.mt.gov.br/atendimento", to: foreign)
        let tiff = dir.url.appending(path: "lote.tif")
        try SheetScans.stack([
            "sheet|\(rendered[0].path)|grey|0", "text|Contrato p1", "text|Contrato p2",
            "sheet|\(rendered[1].path)|dither|0", "text|Nota fiscal|\(foreign.path)",
            "sheet|\(rendered[2].path)|grey|90", "text|Carta",
        ], dpi: 200, to: tiff)
        let stack = ReadyStack(pages: [PageFile(url: tiff, inboxPath: "lote.tif", sha256: "", byteCount: 0, format: .tiff, pageCount: 7)],
                               route: nil)
        let started = ContinuousClock.now
        let split = try #require(try StackSheets.split(stack))
        let elapsed = ContinuousClock.now - started
        #expect(split.quarantine == nil)
        #expect(split.documents.map(\.pages) == [2...3, 5...5, 7...7])
        #expect(split.documents.map(\.route.caseNumber.rawValue) == ["MS-2024-000101", "MS-2024-000202", "MT-2025-000303"])
        #expect(split.documents.map(\.route) == sheets.map(\.route))
        #expect(split.documents.map(\.title) == ["Contrato de adesão", nil, "Carta à operadora"])
        #expect(split.sheets.map(\.page) == [1, 4, 6])
        #expect(split.sheets.map(\.sheet) == sheets)
        #expect(split.documents[1].files(in: stack).map(\.pagesInFile) == [4...4])
        #expect(elapsed < .seconds(20), "7 pages read for sheets in \(elapsed)")
    }
}

@Suite("Cover sheets: acervo station sheet")
struct StationSheetCommandTests {
    func acervo(_ arguments: String...) throws -> CommandResult {
        try runCommand(acervoExecutable, arguments)
    }

    @Test("the command writes the sheet named by its options, and zbarimg reads it", needsCoverSheetTools)
    func writes() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let output = dir.url.appending(path: "folha.pdf")
        try Data("an older sheet".utf8).write(to: output)
        let result = try acervo("station", "sheet", "--case", "ms-2024-000123", "--kind", "proof-of-address", "--profile", "colorido",
                                "--title", "Conta de luz de março", "--output", output.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("MS-2024-000123 proof-of-address colorido"), "\(result.stdout)")
        let png = dir.url.appending(path: "folha.png")
        try SheetScans.render(output, dpi: 200, to: png)
        #expect(try SheetScans.zbarimg(png) == [
            "ACERVO-SHEET:1;case=MS-2024-000123;kind=proof-of-address;profile=colorido;titulo=Conta%20de%20luz%20de%20mar%C3%A7o",
        ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted() == ["folha.pdf", "folha.png"])
    }

    @Test("a bad protocol number, kind, profile, título or output is refused with exit 64, in Portuguese and English",
          arguments: [
              (["--case", "MS 2024", "--kind", "contract"], "número de protocolo inválido", "invalid protocol number"),
              (["--case", "MS-1", "--kind", "contrato"], "tipo de documento desconhecido", "unknown document kind 'contrato'"),
              (["--case", "MS-1", "--kind", "Contract"], "tipo de documento desconhecido", "unknown document kind 'Contract'"),
              (["--case", "MS-1", "--kind", "contract", "--profile", "sepia"], "perfil do Anexo I desconhecido", "unknown Anexo I profile"),
              (["--case", "MS-1", "--kind", "contract", "--title", "a\nb"], "caractere de controle", "control character"),
              (["--case", "MS-1", "--kind", "contract", "--title", String(repeating: "x", count: 121)], "no máximo 120", "at most 120"),
          ])
    func refused(_ options: [String], _ portuguese: String, _ english: String) throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let output = dir.url.appending(path: "folha.pdf")
        let result = try runCommand(acervoExecutable, ["station", "sheet"] + options + ["--output", output.path])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(portuguese) && result.stderr.contains(english), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("an output in no directory, or that is a directory, is refused with exit 64")
    func badOutput() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let missing = try acervo("station", "sheet", "--case", "MS-1", "--kind", "contract",
                                 "--output", dir.url.appending(path: "nada/folha.pdf").path)
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("pasta inexistente") && missing.stderr.contains("no such directory"), "\(missing.stderr)")
        let folder = try acervo("station", "sheet", "--case", "MS-1", "--kind", "contract", "--output", dir.url.path)
        #expect(folder.status == 64)
        #expect(folder.stderr.contains("is a directory"), "\(folder.stderr)")
    }

    @Test("a sheet that cannot be written is an operational failure (exit 70) that leaves no file",
          .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status")))
    func unwritable() throws {
        // /proc is a directory where no file can be made, even by root.
        let result = try acervo("station", "sheet", "--case", "MS-1", "--kind", "contract", "--output", "/proc/folha-de-rosto.pdf")
        #expect(result.status == 70, "\(result.stderr)")
        #expect(result.stderr.contains("/proc") && result.stderr.contains("não foi possível"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/proc/folha-de-rosto.pdf"))
    }
}
