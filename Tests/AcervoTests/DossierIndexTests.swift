import AcervoCore
@testable import AcervoDossier
@testable import AcervoStore
import Foundation
import CZlib
import Testing

/// `index.html`: in the bag, covered by the tag manifest, linking only to files the bag holds.
@Suite("Dossier index")
struct DossierIndexTests {
    @Test("the index names the case, every evidence with its checksum, the quarantined uploads and the custody chain")
    func content() async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        let url = try await fixture.build("d.tar", format: .tar)
        let entries = try readEntries(url)
        let bag = String(entries[0].path.dropLast())
        let page = String(decoding: try #require(entries.first { $0.path == "\(bag)/index.html" }).bytes, as: UTF8.self)
        let version = try fixture.store.caseVersion(fixture.caseNumber)
        #expect(page.contains("MS-2024-000123"))
        for record in version.records { #expect(page.contains(record.sha256), "\(record.sanitizedName)") }
        #expect(page.contains("foto-truncada.jpg"), "the refused upload is listed by name")
        #expect(page.contains("recusado"), "verdicts in Portuguese")
        #expect(page.contains("#\(version.events.count) "), "every custody event")
        #expect(!page.contains("<script"), "no script")
        #expect(!page.contains("http://") && !page.contains("https://"), "no network")
        let tagManifest = String(decoding: try #require(entries.first { $0.path == "\(bag)/tagmanifest-sha256.txt" }).bytes,
                                 as: UTF8.self)
        #expect(tagManifest.contains("  index.html\n"))

        // Every link and image points at a file in the bag.
        let names = Set(entries.map(\.path))
        let pattern = /(?:href|src)="([^"]+)"/
        var links = 0
        for match in page.matches(of: pattern) {
            let target = try #require(String(match.1).removingPercentEncoding)
            #expect(names.contains("\(bag)/\(target)"), "\(target)")
            links += 1
        }
        #expect(links >= version.records.count * 2)
    }

    @Test("names from senders are escaped, never markup")
    func escaping() throws {
        let version = CaseVersion(
            caseNumber: CaseNumber(rawValue: "MS-1")!, number: 1, headNumber: 1, created: Date(timeIntervalSince1970: 0),
            message: "<b>msg</b>", userName: "x", files: [], records: [], quarantined: [
                EvidenceRecord(id: UUID(), caseNumber: CaseNumber(rawValue: "MS-1")!, kind: .photo,
                               declaredName: "<img src=x onerror=alert(1)>.jpg", declaredMIME: nil, sanitizedName: "x.jpg",
                               byteCount: 1, sha256: String(repeating: "0", count: 64),
                               identification: Identification(format: .jpeg, mime: "image/jpeg", description: ""),
                               verdict: .rejected, reasons: [], receivedAt: Date(timeIntervalSince1970: 0), channel: .api,
                               operatorName: "x"),
            ], events: [])
        let page = DossierIndex(version: version, bagPaths: [:]).html
        #expect(!page.contains("<img src=x"))
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;.jpg"))
        #expect(!page.contains("<b>msg</b>"))
    }

    @Test("headless Chromium renders the index to a picture that is not blank",
          .enabled(if: ["chromium", "chromium-browser", "google-chrome"].contains { which($0) != nil }))
    func rendersInChromium() async throws {
        let fixture = try await DossierFixture.make()
        defer { fixture.cleanUp() }
        let url = try await fixture.build("d.tar", format: .tar)
        let out = fixture.directory.url.appending(path: "x")
        let extracted = try await Dossier.extract(url, to: out)
        let index = out.appending(path: try #require(extracted.bagName)).appending(path: "index.html")
        let png = fixture.directory.url.appending(path: "index.png")
        let browser = try #require(["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(which).first)
        let result = try runCommand(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                              "--window-size=1200,1600", "--screenshot=\(png.path)", index.absoluteString],
                                    timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = [UInt8](try Data(contentsOf: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        let pixels = try PNGPixels(bytes)
        // The header band is dark blue and the page light: a blank page has one colour only.
        #expect(pixels.distinctColours > 20, "\(pixels.distinctColours) colours")
        #expect(pixels.darkFraction > 0.02 && pixels.darkFraction < 0.9, "dark fraction \(pixels.darkFraction)")
    }
}

/// The pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are), decoded
/// with zlib: enough to tell a rendered page from a blank one.
struct PNGPixels {
    var width = 0
    var height = 0
    var rgb: [UInt8] = []

    init(_ bytes: [UInt8]) throws {
        var idat: [UInt8] = []
        var channels = 3
        var offset = 8
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        while offset + 8 <= bytes.count {
            let length = be32(offset)
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let body = Array(bytes[(offset + 8)..<min(bytes.count, offset + 8 + length)])
            if type == "IHDR" {
                width = be32(offset + 8)
                height = be32(offset + 12)
                try #require(body[8] == 8 && body[12] == 0, "8-bit, not interlaced")
                channels = body[9] == 6 ? 4 : 3
                try #require(body[9] == 2 || body[9] == 6, "RGB or RGBA")
            } else if type == "IDAT" {
                idat += body
            }
            offset += 12 + length
        }
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: (stride + 1) * height)
        var rawLength = UInt(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            idat.withUnsafeBufferPointer { input in
                uncompress(out.baseAddress, &rawLength, input.baseAddress, UInt(input.count))
            }
        }
        try #require(status == Z_OK, "zlib status \(status)")
        var previous = [UInt8](repeating: 0, count: stride)
        rgb.reserveCapacity(width * height * 3)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            var line = Array(raw[(y * (stride + 1) + 1)..<((y + 1) * (stride + 1))])
            for x in 0..<stride {
                let a = x >= channels ? Int(line[x - channels]) : 0
                let b = Int(previous[x])
                let c = x >= channels ? Int(previous[x - channels]) : 0
                let predictor: Int
                switch filter {
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: predictor = 0
                }
                line[x] = UInt8(truncatingIfNeeded: Int(line[x]) + predictor)
            }
            for x in 0..<width { rgb += line[(x * channels)..<(x * channels + 3)] }
            previous = line
        }
    }

    var distinctColours: Int {
        var seen = Set<Int>()
        for i in Swift.stride(from: 0, to: rgb.count, by: 3) {
            seen.insert(Int(rgb[i]) << 16 | Int(rgb[i + 1]) << 8 | Int(rgb[i + 2]))
            if seen.count > 1000 { break }
        }
        return seen.count
    }

    var darkFraction: Double {
        var dark = 0
        for i in Swift.stride(from: 0, to: rgb.count, by: 3) where Int(rgb[i]) + Int(rgb[i + 1]) + Int(rgb[i + 2]) < 384 {
            dark += 1
        }
        return Double(dark) / Double(max(1, rgb.count / 3))
    }
}
