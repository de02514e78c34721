import AcervoCore
import AcervoImaging
import Foundation
import Testing

/// Real camera photos normalize, and their derivatives carry no EXIF, GPS, XMP, IPTC or maker notes.
@Suite("Imaging: camera corpus")
struct ImagingCorpusTests {
    static let cameras = corpusRoot.appending(path: "cameras/jpg")

    static var photos: [URL] {
        guard let walker = FileManager.default.enumerator(at: cameras, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension.lowercased() == "jpg" }.sorted { $0.path < $1.path }
    }

    @Test("Every camera JPEG normalizes, and exiftool finds only colour in the derivatives")
    func metadataFree() throws {
        try #require(corpusPresent, "the shared corpus is absent")
        let exiftool = try #require(which("exiftool"), "exiftool is not installed")
        let photos = Self.photos
        #expect(photos.count > 20)
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
}
