import Foundation
import Testing

/// `acervo normalize`, run as scanning stations run it.
@Suite("Imaging: acervo normalize")
struct ImagingCommandTests {
    @Test("A batch writes display images and thumbnails by name, one JSON line per file, and exits 0")
    func batch() throws {
        let directory = TemporaryDirectory("imaging-command")
        defer { directory.cleanUp() }
        let photo = directory.url.appending(path: "recibo.foto.jpg")
        try TestImages.jpeg(photo, width: 400, height: 300, components: 3, exif: TestImages.exifOrientation(6)) { x, y in
            [UInt8(x & 255), UInt8(y & 255), 90]
        }
        let screenshot = directory.url.appending(path: "print.png")
        try TestImages.png(screenshot, width: 50, height: 20, colorType: 2, rows: [UInt8](repeating: 30, count: 50 * 20 * 3))
        let damaged = packageRoot.appending(path: "SampleDocs/bad/foto-truncada.jpg")
        let out = directory.url.appending(path: "out")
        let result = try runCommand(acervoExecutable, [
            "normalize", "--output", out.path, "--max-dimension", "200", "--thumbnail", "64", "--json",
            photo.path, screenshot.path, damaged.path,
        ])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(lines.count == 3)
        let byFile = Dictionary(uniqueKeysWithValues: lines.map { ($0["file"] as? String ?? "", $0) })

        let photoLine = try #require(byFile[photo.path])
        #expect(photoLine["output"] as? String == out.appending(path: "recibo.foto.jpg").path)
        #expect(photoLine["thumbnail"] as? String == out.appending(path: "recibo.foto.thumb.jpg").path)
        #expect(photoLine["width"] as? Int == 150 && photoLine["height"] as? Int == 200)
        #expect(photoLine["source_width"] as? Int == 400 && photoLine["source_height"] as? Int == 300)
        #expect(photoLine["orientation"] as? Int == 6)
        #expect(photoLine["milliseconds"] is Double || photoLine["milliseconds"] is Int)
        let thumb = try DecodedPixels(out.appending(path: "recibo.foto.thumb.jpg"))
        #expect((thumb.width, thumb.height) == (48, 64))

        let pngLine = try #require(byFile[screenshot.path])
        #expect(pngLine["output"] as? String == out.appending(path: "print.png").path)
        #expect(FileManager.default.fileExists(atPath: out.appending(path: "print.thumb.jpg").path))

        let damagedLine = try #require(byFile[damaged.path])
        let error = try #require(damagedLine["error"] as? [String: Any])
        #expect(error["code"] as? String == "truncated")
        #expect((error["message_pt"] as? String)?.isEmpty == false)
        #expect(damagedLine["output"] == nil)
        #expect(!FileManager.default.fileExists(atPath: out.appending(path: "foto-truncada.jpg").path))
    }

    @Test("libheif is opened only when a HEIF image is met, and then decodes it")
    func heifLoadedOnDemand() throws {
        let directory = TemporaryDirectory("imaging-heif-lazy")
        defer { directory.cleanUp() }
        // LD_DEBUG=files makes the dynamic loader name every object it opens, on stderr.
        let trace = ["LD_DEBUG": "files"]
        let jpeg = packageRoot.appending(path: "SampleDocs/photo/geladeira-amassada.jpg")
        let sniff = try runCommand(acervoExecutable, ["sniff", jpeg.path], environment: trace)
        #expect(sniff.status == 0)
        #expect(sniff.stderr.contains("libmagic"), "LD_DEBUG gave no trace: \(sniff.stderr.prefix(300))")
        #expect(!sniff.stderr.contains("libheif"), "libheif was loaded for a JPEG")

        let heic = packageRoot.appending(path: "SampleDocs/photo/caixa-avariada.heic")
        let out = directory.url.appending(path: "out")
        let normalize = try runCommand(acervoExecutable, ["normalize", "--output", out.path, "--json", heic.path],
                                       environment: trace)
        #expect(normalize.status == 0)
        #expect(normalize.stderr.contains("libheif"))
        #expect(FileManager.default.fileExists(atPath: out.appending(path: "caixa-avariada.jpg").path), "\(normalize.stdout)")
    }

    @Test("Bad arguments exit 64")
    func badArguments() throws {
        let result = try runCommand(acervoExecutable, ["normalize", "--output", "/tmp/x", "--quality", "0", "a.jpg"])
        #expect(result.status == 64)
    }
}
