@testable import Acervo
import AcervoCore
import AcervoDigitize
import AcervoImaging
import AcervoStore
import Foundation
import Testing

/// A full disk is Acervo's failure, not the consumer's: the intake fails as an operation, nothing is
/// judged, nothing is quarantined and staging is left empty. Runs on a small tmpfs the test mounts.
@Suite("Disk full", .serialized,
       .enabled(if: SmallFileSystem.mountable, "skipped: this process may not mount a tmpfs (needs root or CAP_SYS_ADMIN)"))
struct DiskFullTests {
    static let caseNumber = "MS-2026-000500"

    /// A photo of noise, which JPEG cannot shrink much: its display image is about as large as it is.
    static func noisePhoto(in dir: TemporaryDirectory) throws -> URL {
        let url = dir.url.appending(path: "foto.jpg")
        var generator = SystemRandomNumberGenerator()
        try TestImages.jpeg(url, width: 800, height: 600, components: 3, quality: 95) { _, _ in
            [UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator),
             UInt8.random(in: 0...255, using: &generator)]
        }
        return url
    }

    /// What a failed intake must have left: no case, no quarantine entry, nothing in staging.
    static func expectNothingJudged(_ store: URL, case caseNumber: CaseNumber) throws {
        let archive = try EvidenceArchive.open(at: store, logger: testLogger)
        #expect(try archive.store.caseDetail(caseNumber) == nil)
        let staging = try FileManager.default.contentsOfDirectory(atPath: archive.store.stagingDirectory.path)
        #expect(staging.isEmpty, "left in staging: \(staging)")
        let quarantine = (try? FileManager.default.contentsOfDirectory(atPath: store.appending(path: "quarantine").path)) ?? []
        #expect(quarantine.isEmpty, "quarantined: \(quarantine)")
    }

    @Test("an upload that does not fit in staging is an AcervoError, not an unreadable verdict")
    func stagingFull() async throws {
        let fs = try SmallFileSystem(bytes: 4 << 20)
        defer { fs.unmount() }
        let store = fs.url.appending(path: "store")
        let archive = try EvidenceArchive.open(at: store, logger: testLogger)
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let upload = Data((0..<(6 << 20)).map { UInt8(truncatingIfNeeded: $0 >> 7) })
        let file = try dir.file("video.mp4", upload)
        let caseNumber = try CaseNumber(validating: Self.caseNumber)
        // Streamed from a file (the command, a web upload spooled) and handed over in memory.
        for attachment in [Acervo.Attachment.file(file, kind: .video), .bytes(upload, kind: .video, name: "video.mp4")] {
            let error = await #expect(throws: AcervoError.self) {
                try await archive.intake(case: caseNumber, attachments: [attachment])
            }
            #expect(error?.code == .io)
            #expect(error?.description.contains("No space left on device") == true, "\(String(describing: error))")
            #expect(error?.isDiskFull == true && error?.errno == ENOSPC, "\(String(describing: error))")
            #expect(error?.path?.hasPrefix(store.path) == true, "\(String(describing: error?.path))")
            try Self.expectNothingJudged(store, case: caseNumber)
        }
    }

    @Test("a good photo whose derivatives do not fit is an AcervoError, not a corrupt verdict")
    func derivativesFull() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let photo = try Self.noisePhoto(in: dir)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: photo.path)[.size] as? Int)
        let fs = try SmallFileSystem(bytes: 8 << 20)
        defer { fs.unmount() }
        let store = fs.url.appending(path: "store")
        let archive = try EvidenceArchive.open(at: store, logger: testLogger)
        // Room for the staged photo, not for its display image as well.
        try fs.fill(leaving: size + (64 << 10))
        let caseNumber = try CaseNumber(validating: Self.caseNumber)
        let error = await #expect(throws: AcervoError.self) {
            try await archive.intake(case: caseNumber, attachments: [.file(photo, kind: .photo)])
        }
        #expect(error?.code == .io)
        #expect(error?.description.contains("derivative") == true, "\(String(describing: error))")
        try Self.expectNothingJudged(store, case: caseNumber)
    }

    @Test("a store that cannot be written is an AcervoError, and the staged files are removed")
    func storeFull() async throws {
        let fs = try SmallFileSystem(bytes: 4 << 20)
        defer { fs.unmount() }
        let store = fs.url.appending(path: "store")
        let archive = try EvidenceArchive.open(at: store, logger: testLogger)
        // Three pages: the staged image, its display image and its thumbnail; none for the new version.
        try fs.fill(leaving: 3 * 4096)
        let caseNumber = try CaseNumber(validating: Self.caseNumber)
        let error = await #expect(throws: AcervoError.self) {
            try await archive.intake(case: caseNumber, attachments: [.bytes(TinyImages.png, kind: .screenshot, name: "a.png")])
        }
        // Not the receive, not the normalize: the commit itself.
        #expect(error?.description.contains("staging file") == false, "\(String(describing: error))")
        #expect(error?.description.contains("derivative") == false, "\(String(describing: error))")
        try FileManager.default.removeItem(at: fs.url.appending(path: "filler"))
        try Self.expectNothingJudged(store, case: caseNumber)
    }

    @Test("acervo intake on a full disk exits 70 naming the error, judging nothing")
    func commandExits70() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let photo = try Self.noisePhoto(in: dir)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: photo.path)[.size] as? Int)
        let fs = try SmallFileSystem(bytes: 8 << 20)
        defer { fs.unmount() }
        let store = fs.url.appending(path: "store")
        _ = try EvidenceArchive.open(at: store, logger: testLogger)
        try fs.fill(leaving: size + (64 << 10))
        let result = try runCommand(acervoExecutable, ["intake", "--store", store.path, "--case", Self.caseNumber,
                                                       "--kind", "photo", "--json", photo.path])
        #expect(result.status == 70, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty, "nothing judged: \(result.stdout)")
        #expect(result.stderr.contains("derivative"), "\(result.stderr)")
        try Self.expectNothingJudged(store, case: try CaseNumber(validating: Self.caseNumber))
    }

    @Test("acervo normalize into a full disk exits 70 and leaves no partial file; NormalizeBatch throws")
    func normalizeFull() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let photo = try Self.noisePhoto(in: dir)
        let fs = try SmallFileSystem(bytes: 2 << 20)
        defer { fs.unmount() }
        let output = fs.url.appending(path: "saida")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try fs.fill(leaving: 64 << 10)
        let result = try runCommand(acervoExecutable, ["normalize", "--output", output.path, "--json", photo.path])
        #expect(result.status == 70, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty, "no outcome for a file that was never judged: \(result.stdout)")
        #expect(result.stderr.contains("derivative"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)

        let batch = NormalizeBatch(files: [photo, photo], directory: output, options: NormalizeOptions(), thumbnails: true)
        let error = await #expect(throws: AcervoError.self) {
            try await batch.run(workers: 2) { _, outcome in Issue.record("reported \(outcome)") }
        }
        #expect(error?.code == .io)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
    }

    @Test("a digitized document that does not fit leaves the earlier one whole and no partial file")
    func digitizedDocumentFull() throws {
        let fs = try SmallFileSystem(bytes: 2 << 20)
        defer { fs.unmount() }
        let destination = fs.url.appending(path: "foto.png")
        try Data("versão anterior".utf8).write(to: destination)
        try fs.fill(leaving: 64 << 10)
        // A colour page of noise, which no PNG filter shrinks: about 1.2 MB that cannot fit in 64 KB.
        let width = 640, height = 640
        let page = ScannedPage(number: 1, indexInFile: 0, width: width, height: height, dpiX: 300, dpiY: 300,
                               colour: .rgb, bitsPerSample: 8, samplesPerPixel: 3, compression: "none",
                               lossyCompression: false)
        var generator = SystemRandomNumberGenerator()
        let pixels = Data((0..<(width * 3 * height)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let raster = PageRaster(page: page, width: width, height: height, colour: .rgb, bytesPerRow: width * 3,
                                pixels: pixels)
        let error = #expect(throws: AcervoError.self) { try ArchivalPNG.write(raster, xmp: "", to: destination) }
        #expect(error?.code == .io)
        // libpng's own message, caught by the shared libpng error manager: the writer's fwrite ran out of room.
        #expect(error?.english.contains("cannot write the PNG: Write Error") == true, "\(String(describing: error))")
        #expect(try Data(contentsOf: destination) == Data("versão anterior".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fs.url.path).sorted() == ["filler", "foto.png"])
    }
}
