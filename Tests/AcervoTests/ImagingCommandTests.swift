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

    @Test("The AVX2 and the portable filter copies make the same pixels, give or take one level")
    func filterCopiesAgree() throws {
        let directory = TemporaryDirectory("imaging-filter-copies")
        defer { directory.cleanUp() }
        // PNG in, PNG out: nothing lossy after the filter, so the outputs show the filter alone. Sizes
        // that leave odd remainders for the 4-pixel and 2-pixel steps of the vector loops.
        let (width, height) = (613, 411)
        var rgb = [UInt8](), rgba = [UInt8]()
        for y in 0..<height {
            for x in 0..<width {
                let r = UInt8((x * 7 + y * 3) & 255), g = UInt8((x * y) & 255), b = UInt8((x ^ y) & 255)
                rgb += [r, g, b]
                rgba += [r, g, b, UInt8((x + 2 * y) % 256)]
            }
        }
        let colour = directory.url.appending(path: "colour.png")
        let clear = directory.url.appending(path: "clear.png")
        try TestImages.png(colour, width: width, height: height, colorType: 2, rows: rgb)
        try TestImages.png(clear, width: width, height: height, colorType: 6, rows: rgba)
        var outputs: [[DecodedPixels]] = []
        for portable in ["1", "0"] {
            let out = directory.url.appending(path: "out-\(portable)")
            let result = try runCommand(acervoExecutable, [
                "normalize", "--output", out.path, "--max-dimension", "203", colour.path, clear.path,
            ], environment: ["ACERVO_IMAGING_PORTABLE": portable])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            outputs.append(try ["colour.png", "clear.png"].map { try DecodedPixels(out.appending(path: $0)) })
        }
        for (portable, native) in zip(outputs[0], outputs[1]) {
            #expect((portable.width, portable.height, portable.channels) == (native.width, native.height, native.channels))
            #expect(portable.width == 203)
            let worst = zip(portable.bytes, native.bytes).map { abs(Int($0) - Int($1)) }.max() ?? 255
            #expect(worst <= 1, "the two filter copies differ by \(worst) levels")
        }
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

    /// The batch of the collision tests: inputs whose plain output names clash, each a different solid
    /// colour, in the order they are given, with the names they must get.
    private struct CollidingInput {
        var path: String
        var colour: [UInt8]?
        var stem: String
    }

    private static let collidingBatch: [CollidingInput] = [
        CollidingInput(path: "scans/a/foto.jpg", colour: [220, 30, 30], stem: "foto"),
        CollidingInput(path: "scans/b/foto.jpg", colour: [30, 200, 40], stem: "foto-3"),
        CollidingInput(path: "scans/foto.jpeg", colour: [30, 40, 220], stem: "foto-4"),
        CollidingInput(path: "scans/c/foto.JPG", colour: [230, 220, 40], stem: "foto-5"),
        // Its plain name is the first suffix another foto would take: it keeps it, the others skip it.
        CollidingInput(path: "scans/foto-2.jpg", colour: [210, 40, 210], stem: "foto-2"),
        CollidingInput(path: "upload/recibo.heic", colour: nil, stem: "recibo"),
        CollidingInput(path: "upload/recibo.jpg", colour: [40, 210, 210], stem: "recibo-2"),
    ]

    /// Writes the colliding batch under `root`: solid JPEGs, and the sample HEIC under its new name.
    private static func writeCollidingBatch(in root: URL) throws -> [URL] {
        try collidingBatch.map { input in
            let url = root.appending(path: input.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if let colour = input.colour {
                try TestImages.jpeg(url, width: 96, height: 64, components: 3) { _, _ in colour }
            } else {
                try FileManager.default.copyItem(at: packageRoot.appending(path: "SampleDocs/photo/caixa-avariada.heic"), to: url)
            }
            return url
        }
    }

    /// Checks that a derivative is `colour` throughout (JPEG rounding aside).
    private static func expectSolid(_ url: URL, _ colour: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let pixels = try DecodedPixels(url)
        for (x, y) in [(0, 0), (pixels.width / 2, pixels.height / 2), (pixels.width - 1, pixels.height - 1)] {
            let got = pixels[x, y]
            let off = zip(got, colour).map { abs($0 - Int($1)) }.max() ?? 255
            #expect(got.count == 3 && off <= 12, "\(url.lastPathComponent) at (\(x), \(y)) is \(got), wanted \(colour)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("Inputs whose output names clash in one batch get -2, -3, ... in input order; a rerun gives the same names")
    func collidingNames() throws {
        let directory = TemporaryDirectory("imaging-collide")
        defer { directory.cleanUp() }
        let inputs = try Self.writeCollidingBatch(in: directory.url)
        let damaged = directory.url.appending(path: "scans/d/foto.jpg")
        try FileManager.default.createDirectory(at: damaged.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: packageRoot.appending(path: "SampleDocs/bad/foto-truncada.jpg"), to: damaged)
        let out = directory.url.appending(path: "out")
        let arguments = ["normalize", "--output", out.path, "--max-dimension", "48", "--thumbnail", "16", "--json"]
            + inputs.map(\.path) + [damaged.path]

        var firstRun: [String: [String: Any]] = [:]
        for run in 1...2 {
            let result = try runCommand(acervoExecutable, arguments)
            #expect(result.status == 0, "run \(run)")
            #expect(result.stderr.isEmpty, "stderr: \(result.stderr)")
            let lines = result.stdout.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(lines.count == inputs.count + 1)
            let byFile = Dictionary(lines.map { ($0["file"] as? String ?? "", $0) }) { first, _ in first }

            for (input, url) in zip(Self.collidingBatch, inputs) {
                let line = try #require(byFile[url.path], "no line for \(input.path)")
                let display = out.appending(path: "\(input.stem).jpg"), thumbnail = out.appending(path: "\(input.stem).thumb.jpg")
                #expect(line["output"] as? String == display.path, "\(input.path), run \(run)")
                #expect(line["thumbnail"] as? String == thumbnail.path, "\(input.path), run \(run)")
                if let colour = input.colour {
                    try Self.expectSolid(display, colour)
                    try Self.expectSolid(thumbnail, colour)
                } else {
                    // The HEIC's own picture, at its own proportions: not one of the solid JPEGs.
                    let width = try #require(line["source_width"] as? Int), height = try #require(line["source_height"] as? Int)
                    let pixels = try DecodedPixels(display)
                    #expect(max(pixels.width, pixels.height) == 48)
                    #expect(abs(Double(pixels.width) / Double(pixels.height) - Double(width) / Double(height)) < 0.1)
                    #expect(pixels.width != 48 || pixels.height != 32, "recibo.jpg has the JPEG's 3:2 shape")
                }
            }

            // The damaged input was given the next suffix and left nothing, and took no one else's file.
            let damagedLine = try #require(byFile[damaged.path])
            #expect((damagedLine["error"] as? [String: Any])?["code"] as? String == "truncated")
            #expect(damagedLine["output"] == nil && damagedLine["thumbnail"] == nil)

            // Exactly the derivatives of the batch, and no partial file left behind.
            let expected = Set(Self.collidingBatch.flatMap { ["\($0.stem).jpg", "\($0.stem).thumb.jpg"] })
            let written = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
            #expect(written == expected, "run \(run): \(written.sorted())")

            if run == 1 {
                firstRun = byFile
            } else {
                for (file, line) in byFile {
                    #expect(line["output"] as? String == firstRun[file]?["output"] as? String, "\(file) moved on rerun")
                    #expect(line["thumbnail"] as? String == firstRun[file]?["thumbnail"] as? String, "\(file) moved on rerun")
                }
            }
        }
    }

    @Test("Without --json, each line names the file actually written")
    func collidingNamesInText() throws {
        let directory = TemporaryDirectory("imaging-collide-text")
        defer { directory.cleanUp() }
        let inputs = try Self.writeCollidingBatch(in: directory.url)
        let out = directory.url.appending(path: "out")
        let result = try runCommand(acervoExecutable, ["normalize", "--output", out.path, "--max-dimension", "48",
                                                       "--thumbnail", "16"] + inputs.map(\.path))
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == inputs.count)
        for (input, url) in zip(Self.collidingBatch, inputs) {
            let line = lines.first { $0.hasPrefix("\(url.path): ") }
            #expect(line?.hasSuffix(" \(input.stem).jpg + \(input.stem).thumb.jpg") == true, "\(line ?? "no line for \(input.path)")")
        }
    }

    @Test("Without thumbnails, a PNG and a JPEG of the same name keep their plain names; with them, the later one moves")
    func pngBesideJPEG() throws {
        let directory = TemporaryDirectory("imaging-collide-png")
        defer { directory.cleanUp() }
        let photo = directory.url.appending(path: "nota.jpg")
        try TestImages.jpeg(photo, width: 40, height: 40, components: 3) { _, _ in [200, 30, 30] }
        let screenshot = directory.url.appending(path: "b/nota.png")
        try FileManager.default.createDirectory(at: screenshot.deletingLastPathComponent(), withIntermediateDirectories: true)
        try TestImages.png(screenshot, width: 40, height: 40, colorType: 2,
                           rows: (0..<(40 * 40)).flatMap { _ in [UInt8(30), 30, 200] })

        let plain = directory.url.appending(path: "plain")
        let first = try runCommand(acervoExecutable, ["normalize", "--output", plain.path, photo.path, screenshot.path])
        #expect(first.status == 0)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: plain.path)) == ["nota.jpg", "nota.png"])

        let thumbs = directory.url.appending(path: "thumbs")
        let second = try runCommand(acervoExecutable, ["normalize", "--output", thumbs.path, "--thumbnail", "16",
                                                       photo.path, screenshot.path])
        #expect(second.status == 0)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: thumbs.path))
                == ["nota.jpg", "nota.thumb.jpg", "nota-2.png", "nota-2.thumb.jpg"])
        try Self.expectSolid(thumbs.appending(path: "nota.thumb.jpg"), [200, 30, 30])
        try Self.expectSolid(thumbs.appending(path: "nota-2.thumb.jpg"), [30, 30, 200])
        try Self.expectSolid(thumbs.appending(path: "nota-2.png"), [30, 30, 200])
    }

    @Test("An input that sits in the output directory is never replaced by a derivative")
    func inputInOutputDirectory() throws {
        let directory = TemporaryDirectory("imaging-collide-inplace")
        defer { directory.cleanUp() }
        let photo = directory.url.appending(path: "foto.jpg")
        try TestImages.jpeg(photo, width: 300, height: 200, components: 3) { x, _ in [UInt8(x & 255), 80, 160] }
        let original = try Data(contentsOf: photo)
        let result = try runCommand(acervoExecutable, ["normalize", "--output", directory.url.path, "--max-dimension", "60",
                                                       "--json", photo.path])
        #expect(result.status == 0)
        #expect(try Data(contentsOf: photo) == original)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(line["output"] as? String == directory.url.appending(path: "foto-2.jpg").path)
        #expect(try DecodedPixels(directory.url.appending(path: "foto-2.jpg")).width == 60)
    }

    @Test("A rerun writes each derivative beside its final name and renames it in: the earlier file is never written over in place")
    func rerunReplacesByRename() throws {
        let directory = TemporaryDirectory("imaging-collide-atomic")
        defer { directory.cleanUp() }
        let photo = directory.url.appending(path: "in/foto.jpg")
        try FileManager.default.createDirectory(at: photo.deletingLastPathComponent(), withIntermediateDirectories: true)
        try TestImages.jpeg(photo, width: 64, height: 64, components: 3) { _, _ in [220, 30, 30] }
        let out = directory.url.appending(path: "out")
        let arguments = ["normalize", "--output", out.path, "--thumbnail", "16", photo.path]
        #expect(try runCommand(acervoExecutable, arguments).status == 0)

        // A second link to the first run's files: writing in place would change what they show.
        let keptDisplay = directory.url.appending(path: "kept.jpg"), keptThumbnail = directory.url.appending(path: "kept.thumb.jpg")
        try FileManager.default.linkItem(at: out.appending(path: "foto.jpg"), to: keptDisplay)
        try FileManager.default.linkItem(at: out.appending(path: "foto.thumb.jpg"), to: keptThumbnail)
        try TestImages.jpeg(photo, width: 64, height: 64, components: 3) { _, _ in [30, 200, 40] }
        #expect(try runCommand(acervoExecutable, arguments).status == 0)

        try Self.expectSolid(out.appending(path: "foto.jpg"), [30, 200, 40])
        try Self.expectSolid(out.appending(path: "foto.thumb.jpg"), [30, 200, 40])
        try Self.expectSolid(keptDisplay, [220, 30, 30])
        try Self.expectSolid(keptThumbnail, [220, 30, 30])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out.path)) == ["foto.jpg", "foto.thumb.jpg"])
    }
}
