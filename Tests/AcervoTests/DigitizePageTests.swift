import AcervoCore
import AcervoDigitize
import CTIFF
import Foundation
import Testing

/// Reading scanned pages from TIFFs through libtiff, and the Anexo I quality gate on what they declare.
@Suite struct DigitizePageTests {
    let dir = TemporaryDirectory("acervo-digitize")

    func tiff(_ name: String, _ pages: [TestPage]) throws -> String {
        let url = dir.url.appending(path: name)
        try TestTIFF.write(pages, to: url)
        return url.path
    }

    @Test func multiPageTIFFGivesEveryPageInOrder() throws {
        defer { dir.cleanUp() }
        let path = try tiff("three.tif", [
            TestPage(pixels: .bitonal, compression: COMPRESSION_CCITTFAX4),
            TestPage(width: 80, pixels: .grey, compression: COMPRESSION_LZW, resolution: (400, 400)),
            TestPage(width: 96, pixels: .rgb, compression: COMPRESSION_ADOBE_DEFLATE, orientation: ORIENTATION_RIGHTTOP),
        ])
        let reading = try TIFFPages.read(path: path, firstPageNumber: 4)
        #expect(reading.findings.isEmpty)
        #expect(reading.pages.map(\.number) == [4, 5, 6])
        #expect(reading.pages.map(\.indexInFile) == [0, 1, 2])
        #expect(reading.pages.map(\.colour) == [.bitonal, .greyscale, .rgb])
        #expect(reading.pages.map(\.width) == [64, 80, 96])
        #expect(reading.pages.map(\.compression) == ["ccitt-g4", "lzw", "deflate"])
        #expect(reading.pages.map(\.dpiX) == [300, 400, 300])
        #expect(reading.pages.map(\.quarterTurns) == [0, 0, 1])
        #expect(!reading.pages.contains { $0.lossyCompression })
    }

    @Test func gateRefusesLowResolutionOnEitherAxis() throws {
        defer { dir.cleanUp() }
        let gate = QualityGate(profile: .texto)
        let low = try TIFFPages.read(path: tiff("150.tif", [TestPage(resolution: (150, 150))]), firstPageNumber: 1)
        let findings = gate.inspect(try #require(low.pages.first))
        #expect(findings.map(\.code) == [.resolutionTooLow])
        #expect(findings.first?.verdict == .rejected)
        #expect(findings.first?.page == 1)
        #expect(!QualityGate.admits(findings))

        let fax = try TIFFPages.read(path: tiff("fax.tif", [TestPage(resolution: (200, 100))]), firstPageNumber: 1)
        let faxFindings = gate.inspect(try #require(fax.pages.first))
        #expect(faxFindings.map(\.code) == [.resolutionTooLow])
        #expect(faxFindings.first?.detail.hasPrefix("200 × 100 dpi") == true)
        #expect(faxFindings.first?.messagePortuguese.contains("Anexo I") == true)

        // A plan needs 600 dpi: 300 is too low for it, fine for text.
        let plan = try TIFFPages.read(path: tiff("plan.tif", [TestPage()]), firstPageNumber: 1)
        #expect(QualityGate(profile: .planta).inspect(plan.pages[0]).map(\.code) == [.resolutionTooLow])
        #expect(gate.inspect(plan.pages[0]).isEmpty)
    }

    @Test func centimetresCountAsTheirInches() throws {
        defer { dir.cleanUp() }
        // 118.11 dots per centimetre is how scanners write 300 dpi in metric units.
        let path = try tiff("cm.tif", [TestPage(resolution: (118.11, 118.11), unit: RESUNIT_CENTIMETER)])
        let page = try #require(try TIFFPages.read(path: path, firstPageNumber: 1).pages.first)
        #expect(abs((page.dpiX ?? 0) - 300) < 0.1)
        #expect(QualityGate(profile: .texto).inspect(page).isEmpty)
    }

    @Test func missingResolutionIsAFindingUnlessTheOperatorStatesIt() throws {
        defer { dir.cleanUp() }
        let path = try tiff("nores.tif", [TestPage(resolution: nil)])
        let page = try #require(try TIFFPages.read(path: path, firstPageNumber: 1).pages.first)
        #expect(page.dpiX == nil)
        #expect(QualityGate(profile: .texto).inspect(page).map(\.code) == [.resolutionMissing])
        #expect(QualityGate(profile: .texto, statedDPI: 300).inspect(page).isEmpty)
        #expect(QualityGate(profile: .texto, statedDPI: 150).inspect(page).map(\.code) == [.resolutionTooLow])
        // A stated resolution never overrides a declared one.
        let low = try TIFFPages.read(path: tiff("low.tif", [TestPage(resolution: (150, 150))]), firstPageNumber: 1)
        #expect(QualityGate(profile: .texto, statedDPI: 300).inspect(low.pages[0]).map(\.code) == [.resolutionTooLow])
    }

    @Test func colourPoorerThanTheProfileIsRefused() throws {
        defer { dir.cleanUp() }
        let path = try tiff("grey.tif", [TestPage(pixels: .grey, compression: COMPRESSION_LZW)])
        let page = try #require(try TIFFPages.read(path: path, firstPageNumber: 1).pages.first)
        #expect(QualityGate(profile: .colorido).inspect(page).map(\.code) == [.colourTooPoor])
        #expect(QualityGate(profile: .manuscrito).inspect(page).isEmpty)
        #expect(QualityGate(profile: .texto).inspect(page).isEmpty)  // richer than monochrome is fine
    }

    @Test func jpegSourceIsFlaggedAndKept() throws {
        defer { dir.cleanUp() }
        let path = try tiff("jpeg.tif", [TestPage(pixels: .rgb, compression: COMPRESSION_JPEG)])
        let page = try #require(try TIFFPages.read(path: path, firstPageNumber: 1).pages.first)
        #expect(page.lossyCompression)
        let findings = QualityGate(profile: .colorido).inspect(page)
        #expect(findings.map(\.code) == [.lossySource])
        #expect(findings.first?.verdict == .accepted)
        #expect(QualityGate.admits(findings))
        // A policy may grade it harder.
        let strict = QualityGate(profile: .colorido, grades: DigitizationGrades(overrides: [.lossySource: .review]))
        #expect(strict.inspect(page).first?.verdict == .review)
    }

    @Test(arguments: [(60_000 as UInt32, 60_000 as UInt32), (35_000, 35_000), (29_000, 29_000)])
    func oversizedPagesAreRefusedFromTheirHeaders(width: UInt32, height: UInt32) throws {
        defer { dir.cleanUp() }
        let url = try dir.file("huge.tif", TestTIFF.claiming(width: width, height: height))
        let clock = ContinuousClock()
        var reading = PageFileReading()
        let elapsed = try clock.measure { reading = try TIFFPages.read(path: url.path, firstPageNumber: 1) }
        #expect(reading.pages.isEmpty)
        #expect(reading.findings.map(\.code) == [.pageTooLarge])
        #expect(reading.findings.first?.verdict == .rejected)
        #expect(elapsed < .seconds(1))
    }

    @Test func brokenFilesGetAFindingWithTheirPageNumber() throws {
        defer { dir.cleanUp() }
        let good = try Data(contentsOf: URL(fileURLWithPath: try tiff("good.tif", [TestPage(), TestPage()])))
        // Cut inside the header, inside the first directory, and a file that is not a TIFF at all.
        for (name, bytes) in [("cut4.tif", good.prefix(4)), ("cut20.tif", good.prefix(20)),
                              ("png.tif", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 64)))] {
            let url = try dir.file(name, bytes)
            let reading = try TIFFPages.read(path: url.path, firstPageNumber: 7)
            #expect(reading.pages.isEmpty, "\(name)")
            #expect(reading.findings.map(\.code) == [.unreadablePage], "\(name)")
            #expect(reading.findings.first?.page == 7, "\(name)")
            #expect(reading.findings.first?.detail.isEmpty == false, "\(name)")
        }
        // A second directory pointing outside the file: the first page is kept, the second is a finding.
        var bytes = [UInt8](good)
        let first = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        let count = Int(bytes[first]) | Int(bytes[first + 1]) << 8
        let next = first + 2 + count * 12
        bytes.replaceSubrange(next..<next + 4, with: [0xF0, 0xFF, 0xFF, 0x0F])
        let url = try dir.file("badnext.tif", bytes)
        let reading = try TIFFPages.read(path: url.path, firstPageNumber: 1)
        #expect(reading.pages.map(\.number) == [1])
        #expect(reading.findings.map(\.code) == [.unreadablePage])
        #expect(reading.findings.first?.page == 2)
    }

    @Test func onlyRegularFilesAreRead() throws {
        defer { dir.cleanUp() }
        let path = try tiff("page.tif", [TestPage()])
        let link = dir.url.appending(path: "link.tif").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        let fifo = dir.url.appending(path: "fifo.tif").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for target in [link, fifo, dir.url.path, dir.url.appending(path: "absent.tif").path] {
            do {
                _ = try TIFFPages.read(path: target, firstPageNumber: 1)
                Issue.record("\(target) was read")
            } catch {
                #expect(error.code == .invalidArgument, "\(target)")
                #expect(error.portuguese != nil)
            }
        }
    }
}
