import AcervoImaging
import CAcervoImaging
import Foundation
import Testing

/// Progressive JPEGs' refinement scans are decoded by Acervo's own routine (`jpeg_refine.c`) inside
/// libjpeg-turbo. Every coefficient must come out as libjpeg's own routine makes it: on the progressions
/// encoders write, on unusual ones, and on damaged files, where Acervo must also keep libjpeg's warnings.
@Suite("Imaging: JPEG refinement scans")
struct ImagingRefineTests {
    struct Coefficients {
        var failed: Bool
        var digest: UInt64
        var fastScans: UInt32
        var warnings: Int
        var message: String
    }

    static func coefficients(_ url: URL, fast: Bool) -> Coefficients {
        var report = CAcervoImaging_jpeg_coefficients_report()
        let status = url.withUnsafeFileSystemRepresentation { CAcervoImaging_jpeg_coefficients($0, fast ? 1 : 0, &report) }
        let message = withUnsafeBytes(of: report.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return Coefficients(failed: status != 0, digest: report.digest, fastScans: report.fast_scans,
                            warnings: report.warnings, message: message)
    }

    /// A photo-like picture with fine noise, so that refinement scans carry many new coefficients.
    static func noisyPhoto(_ url: URL, components: Int, width: Int = 320, height: Int = 240, progressive: Bool) throws {
        var state: UInt32 = 0x9E37_79B9
        try TestImages.jpeg(url, width: width, height: height, components: components, progressive: progressive,
                            quality: 92) { x, y in
            (0..<components).map { c in
                state = state &* 1_664_525 &+ 1_013_904_223
                let base = (x * (c + 1) + y * (3 - c % 3)) & 255
                return UInt8(clamping: base + Int(state >> 28) - 8)
            }
        }
    }

    /// `jpegtran` rewrites a file losslessly with another progression (a scan script, or its default).
    static func jpegtran(_ arguments: [String], _ input: URL, _ output: URL) throws {
        let tool = try #require(which("jpegtran"), "jpegtran (libjpeg-turbo-progs) is needed: scripts/requirements.sh test")
        let result = try runCommand(tool, arguments + ["-outfile", output.path, input.path])
        guard result.status == 0 else { throw ImagingTestError("jpegtran \(arguments): \(result.stderr)") }
    }

    /// Progressions Acervo must decode as libjpeg does: what libjpeg and jpegtran write by default, and
    /// scripts with deeper successive approximation and split bands, on colour, grey and CMYK.
    static func progressions(in directory: TemporaryDirectory) throws -> [(name: String, url: URL, restarts: Bool)] {
        let colour = directory.url.appending(path: "colour.jpg")
        try noisyPhoto(colour, components: 3, progressive: false)
        let grey = directory.url.appending(path: "grey.jpg")
        try noisyPhoto(grey, components: 1, progressive: false)
        let cmyk = directory.url.appending(path: "cmyk.jpg")
        try noisyPhoto(cmyk, components: 4, progressive: false)
        let written = directory.url.appending(path: "written-progressive.jpg")
        try noisyPhoto(written, components: 3, progressive: true)

        let deep = try directory.file("deep.scans", Array("""
            0,1,2: 0-0, 0, 2 ;
            0: 1-9, 0, 3 ;
            0: 10-63, 0, 3 ;
            1: 1-63, 0, 2 ;
            2: 1-63, 0, 2 ;
            0: 1-9, 3, 2 ;
            0: 10-63, 3, 2 ;
            0,1,2: 0-0, 2, 1 ;
            1: 1-63, 2, 1 ;
            2: 1-63, 2, 1 ;
            0: 1-9, 2, 1 ;
            0: 10-63, 2, 1 ;
            0,1,2: 0-0, 1, 0 ;
            1: 1-63, 1, 0 ;
            2: 1-63, 1, 0 ;
            0: 1-2, 1, 0 ;
            0: 3-9, 1, 0 ;
            0: 10-63, 1, 0 ;
            """.utf8))
        let greyScript = try directory.file("grey.scans", Array("""
            0: 0-0, 0, 1 ;
            0: 1-63, 0, 4 ;
            0: 1-63, 4, 3 ;
            0: 1-63, 3, 2 ;
            0: 1-63, 2, 1 ;
            0: 0-0, 1, 0 ;
            0: 1-63, 1, 0 ;
            """.utf8))

        var files: [(String, URL, Bool)] = [("libjpeg's simple progression", written, false)]
        for (name, arguments, source, restarts) in [
            ("jpegtran -progressive, colour", ["-progressive"], colour, false),
            ("jpegtran -progressive, CMYK", ["-progressive"], cmyk, false),
            ("four refinement steps, split bands", ["-scans", deep.path], colour, false),
            ("grey, five refinement steps", ["-scans", greyScript.path], grey, false),
            ("restart markers every 2 MCU rows", ["-progressive", "-restart", "2"], colour, true),
        ] {
            let url = directory.url.appending(path: name.filter { $0.isLetter || $0.isNumber } + ".jpg")
            try jpegtran(arguments, source, url)
            files.append((name, url, restarts))
        }
        return files
    }

    @Test("Every coefficient of a well-formed progressive file is libjpeg's, without a warning")
    func wellFormed() throws {
        let directory = TemporaryDirectory("refine-progressions")
        defer { directory.cleanUp() }
        for (name, url, restarts) in try Self.progressions(in: directory) {
            let libjpeg = Self.coefficients(url, fast: false)
            let acervo = Self.coefficients(url, fast: true)
            #expect(!libjpeg.failed && !acervo.failed, "\(name): \(libjpeg.message) / \(acervo.message)")
            #expect(acervo.digest == libjpeg.digest, "\(name): coefficients differ")
            #expect(libjpeg.fastScans == 0)
            #expect(acervo.warnings == 0 && libjpeg.warnings == 0, "\(name): \(acervo.message)")
            if restarts {
                // Restart markers need libjpeg's own resynchronisation: those scans stay libjpeg's.
                #expect(acervo.fastScans == 0, "\(name)")
            } else {
                #expect((acervo.fastScans > 0) == ProgressiveJPEG.refinementByAcervo, "\(name): \(acervo.fastScans) scans")
            }
        }
    }

    @Test("Normalization decodes progressive files with Acervo's routine, and the pixels are libjpeg's")
    func normalizeUsesIt() throws {
        let directory = TemporaryDirectory("refine-decoder")
        defer { directory.cleanUp() }
        let baseline = directory.url.appending(path: "baseline.jpg")
        try Self.noisyPhoto(baseline, components: 3, progressive: false)
        let progressive = directory.url.appending(path: "progressive.jpg")
        try Self.jpegtran(["-progressive"], baseline, progressive)
        let fromProgressive = try DecodedPixels(progressive, maxDimension: 100)
        let fromBaseline = try DecodedPixels(baseline, maxDimension: 100)
        // jpegtran's default progression has four AC refinement scans.
        #expect(fromProgressive.refinementScans == (ProgressiveJPEG.refinementByAcervo ? 4 : 0))
        #expect(fromBaseline.refinementScans == 0)
        // The same coefficients either way, so the same pixels.
        #expect(fromProgressive.bytes == fromBaseline.bytes)
    }

    @Test("A damaged progressive file gives libjpeg's coefficients, and a warning wherever libjpeg gives one")
    func damaged() throws {
        let directory = TemporaryDirectory("refine-damaged")
        defer { directory.cleanUp() }
        let source = directory.url.appending(path: "source.jpg")
        try Self.noisyPhoto(source, components: 3, progressive: false)
        let original = directory.url.appending(path: "progressive.jpg")
        try Self.jpegtran(["-progressive"], source, original)
        let bytes = try [UInt8](Data(contentsOf: original))
        // The refinement scans are the last four of jpegtran's ten: damage lands in them or just before.
        let firstRefinement = try #require(Self.scanStarts(bytes).dropFirst(5).first)

        var random = SeededRandom(seed: 20_261_123)
        var compared = 0
        for trial in 0..<240 {
            var mutant = bytes
            switch trial % 3 {
            case 0: mutant = Array(mutant.prefix(random.next(in: firstRefinement..<bytes.count)))
            case 1:
                for _ in 0..<random.next(in: 1..<8) { mutant[random.next(in: firstRefinement..<bytes.count - 2)] = UInt8(random.next(in: 0..<256)) }
            default: mutant[random.next(in: 2..<bytes.count - 2)] ^= UInt8(1 << random.next(in: 0..<8))
            }
            let url = try directory.file("mutant-\(trial).jpg", mutant)
            let libjpeg = Self.coefficients(url, fast: false)
            let acervo = Self.coefficients(url, fast: true)
            #expect(acervo.failed == libjpeg.failed, "mutant \(trial): \(libjpeg.message) / \(acervo.message)")
            guard !libjpeg.failed, !acervo.failed else { continue }
            compared += 1
            #expect(acervo.digest == libjpeg.digest, "mutant \(trial): coefficients differ")
            // Acervo reads further ahead, so it may count one more "extraneous bytes" warning; never fewer.
            #expect(acervo.warnings >= libjpeg.warnings, "mutant \(trial): \(libjpeg.message)")
            #expect(acervo.warnings <= libjpeg.warnings + 1, "mutant \(trial): \(acervo.message)")
        }
        #expect(compared > 200)
    }

    @Test("acervo normalize writes the same bytes with libjpeg's refinement routine and with Acervo's")
    func sameDerivatives() throws {
        let directory = TemporaryDirectory("refine-normalize")
        defer { directory.cleanUp() }
        let files = try Self.progressions(in: directory).map(\.url.path)
        var outputs: [[String: Data]] = []
        for environment in [["ACERVO_JPEG_REFINE": "libjpeg"], [:]] {
            // The command says which routine it runs: libjpeg's when told to, else the process's choice.
            let versions = try runCommand(acervoExecutable, ["versions"], environment: environment)
            let routine = environment.isEmpty && ProgressiveJPEG.refinementByAcervo ? "Acervo's routine" : "libjpeg's routine"
            #expect(versions.stdout.contains("progressive refinement scans by \(routine)"), "\(versions.stdout)")
            let out = directory.url.appending(path: "out-\(outputs.count)")
            let result = try runCommand(acervoExecutable, ["normalize", "--output", out.path, "--max-dimension", "100",
                                                           "--thumbnail", "40", "--json"] + files, environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stdout.contains("\"error\""), "\(result.stdout)")
            #expect(!result.stdout.contains("\"warning\""), "\(result.stdout)")
            var written: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
                written[name] = try Data(contentsOf: out.appending(path: name))
            }
            outputs.append(written)
        }
        #expect(outputs[0].count == files.count * 2)
        #expect(outputs[0] == outputs[1])
    }

    /// Offsets of the SOS markers of a JPEG.
    static func scanStarts(_ bytes: [UInt8]) -> [Int] {
        var starts: [Int] = []
        var i = 2
        while i + 3 < bytes.count {
            guard bytes[i] == 0xFF else { i += 1; continue }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0x00 || marker == 0xD8 || marker == 0xD9 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            if marker == 0xDA { starts.append(i) }
            i += 2 + Int(bytes[i + 2]) << 8 + Int(bytes[i + 3])
        }
        return starts
    }
}

/// A small deterministic generator, so that every run damages the same bytes.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(in range: Range<Int>) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return range.lowerBound + Int((state >> 33) % UInt64(range.count))
    }
}
