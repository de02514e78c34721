import AcervoCore
import AcervoImaging
import Foundation
import Testing

/// Real camera photos normalize, and their derivatives carry no EXIF, GPS, XMP, IPTC or maker notes.
@Suite("Imaging: camera corpus")
struct ImagingCorpusTests {
    static let cameras = corpusRoot.appending(path: "cameras/jpg")

    static let heic = corpusRoot.appending(path: "cameras/heic")

    static func files(under folder: URL, extensions: Set<String>) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { extensions.contains($0.pathExtension.lowercased()) }
            .sorted { $0.path < $1.path }
    }

    static var photos: [URL] {
        files(under: cameras, extensions: ["jpg"]) + files(under: heic, extensions: ["heic", "heif"])
    }

    @Test("Every camera JPEG normalizes, and exiftool finds only colour in the derivatives", needsCorpus)
    func metadataFree() throws {
        let exiftool = try #require(which("exiftool"), "exiftool is not installed")
        let photos = Self.photos
        #expect(photos.count > 20)
        #expect(photos.contains { ImageSourceFormat.of(fileAt: $0) == .heif })
        let directory = TemporaryDirectory("imaging-corpus")
        defer { directory.cleanUp() }
        let normalizer = ImageNormalizer()
        var outputs: [URL] = []
        for (index, photo) in photos.enumerated() {
            let display = directory.url.appending(path: "\(index).jpg")
            let thumb = directory.url.appending(path: "\(index).thumb.jpg")
            let outcome = normalizer.normalize(fileAt: photo, options: NormalizeOptions(), writingTo: display, thumbnailTo: thumb)
            #expect(outcome.succeeded, "\(photo.lastPathComponent): \(outcome.failure?.english ?? "")")
            if outcome.succeeded { outputs += [display, thumb] }
        }
        // The sources do carry what must go: the check below can fail.
        let sources = try runCommand(exiftool, ["-j", "-G", "-EXIF:all", "-GPS:all"] + photos.prefix(3).map(\.path))
        #expect(sources.stdout.contains("EXIF:"))

        let result = try runCommand(exiftool, ["-j", "-G"] + outputs.map(\.path), timeout: 300)
        let files = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(files.count == outputs.count)
        let forbidden = ["EXIF:", "GPS:", "XMP:", "MakerNotes:", "IPTC:", "Photoshop:", "Comment"]
        for file in files {
            let found = file.keys.filter { key in forbidden.contains { key.hasPrefix($0) || key.hasSuffix(":Comment") } }
            #expect(found.isEmpty, "\(file["SourceFile"] ?? ""): \(found.sorted())")
        }
    }

    @Test("A HEIF over the pixel limit is refused before it is decoded; a cut one gets a reason", needsCorpus)
    func heifLimits() throws {
        let directory = TemporaryDirectory("imaging-heif")
        defer { directory.cleanUp() }
        let sample = Self.heic.appending(path: "samplefilehub.heif")
        let refused = normalizeForTest(sample, in: directory, limits: ImageLimits(pixels: 100_000))
        #expect(refused.failure?.code == .tooLarge)
        #expect(refused.sourceWidth == 640 && refused.sourceHeight == 426)
        let normal = normalizeForTest(sample, in: directory, maxDimension: 320, thumbnail: true)
        #expect(normal.succeeded)
        #expect((normal.width, normal.height) == (320, 213))
        #expect(normal.display?.pathExtension == "jpg")

        let bytes = [UInt8](try Data(contentsOf: sample))
        let cut = try directory.file("cut.heif", bytes.prefix(bytes.count / 2))
        let outcome = normalizeForTest(cut, in: directory)
        let code = try #require(outcome.failure?.code)
        #expect(code == .corrupt || code == .truncated)
    }
}
