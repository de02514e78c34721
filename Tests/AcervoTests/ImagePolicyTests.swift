import Acervo
import AcervoCore
import AcervoImaging
import AcervoPolicy
import AcervoStore
import Foundation
import Testing

/// The `images:` section of the intake policy: decoder limits and derivative sizes come from the policy
/// file, in intake and in `acervo normalize`, and every key in it is checked.
@Suite("Image policy")
struct ImagePolicyTests {
    /// The text of `Pipelines/complaint-intake.yml`.
    static func policyText() throws -> String {
        try String(contentsOf: packageRoot.appending(path: "Pipelines/complaint-intake.yml"), encoding: .utf8)
    }

    /// The policy file with its `images:` section replaced by `section` (or removed, when `nil`).
    static func policyText(images section: String?) throws -> String {
        let text = try policyText()
        let start = try #require(text.range(of: "\nimages:\n"), "the policy file has no images: section")
        return String(text[..<start.lowerBound]) + (section.map { "\nimages:\n" + $0 } ?? "\n")
    }

    /// A real 1600x1250 (2-megapixel) baseline JPEG written by libjpeg.
    static func twoMegapixelPhoto(in directory: TemporaryDirectory) throws -> URL {
        let photo = directory.url.appending(path: "produto-2mp.jpg")
        try TestImages.jpeg(photo, width: 1600, height: 1250, components: 3, quality: 80) { x, y in
            [UInt8(x & 255), UInt8(y & 255), UInt8((x ^ y) & 255)]
        }
        return photo
    }

    @Test("the built-in policy's images: section holds the defaults the imaging module had")
    func builtInValues() {
        let images = Policy.builtIn.images
        #expect(images == ImagePolicy.standard)
        #expect(images == ImagePolicy(maxPixels: 100_000_000, maxSide: 30_000, maxProgressiveScans: 100,
                                      decoderMemory: 512 << 20, pngChunkMax: 8 << 20, displaySide: 2048,
                                      thumbnailSide: 320, jpegQuality: 85))
        #expect(ImageLimits(images) == ImageLimits.standard)
        #expect(NormalizeOptions(images) == NormalizeOptions())
    }

    @Test("a policy without an images: section gets the defaults")
    func missingSection() throws {
        let text = try Self.policyText(images: nil)
        #expect(!text.contains("max_pixels"))
        #expect(try Policy(yaml: text).images == .standard)
    }

    @Test("keys set in images: override the defaults; keys left out keep them", arguments: [
        ("  max_pixels: 2_000_000\n", ImagePolicy(maxPixels: 2_000_000)),
        ("  max_side: 4000\n  max_progressive_scans: 12\n", ImagePolicy(maxSide: 4000, maxProgressiveScans: 12)),
        ("  decoder_memory: 1 GB\n  png_chunk_max: 512 KB\n", ImagePolicy(decoderMemory: 1 << 30, pngChunkMax: 512 << 10)),
        ("  decoder_memory: 268435456\n", ImagePolicy(decoderMemory: 256 << 20)),
        ("  display_side: 1024\n  thumbnail_side: 200\n  jpeg_quality: 70\n",
         ImagePolicy(displaySide: 1024, thumbnailSide: 200, jpegQuality: 70)),
        ("  max_pixels: 1000000000\n  max_side: 65500\n  jpeg_quality: 100\n",
         ImagePolicy(maxPixels: 1_000_000_000, maxSide: 65_500, jpegQuality: 100)),
    ])
    func overrides(section: String, expected: ImagePolicy) throws {
        let policy = try Policy(yaml: try Self.policyText(images: section))
        #expect(policy.images == expected)
        let options = NormalizeOptions(policy.images)
        #expect(options.maxDimension == expected.displaySide && options.quality == expected.jpegQuality)
        #expect(options.limits.pixels == UInt64(expected.maxPixels) && options.limits.decoderMemory == UInt64(expected.decoderMemory))
    }

    @Test("cmyk_profile picks the press profile for untagged CMYK: auto, a file, or none")
    func cmykProfile() throws {
        let press = "/usr/share/color/icc/ghostscript/default_cmyk.icc"
        let chosen = try Policy(yaml: try Self.policyText(images: "  cmyk_profile: \(press)\n"))
        #expect(chosen.images.cmykProfile == .file(press))
        #expect(NormalizeOptions(chosen.images).cmykProfile == press)
        let none = try Policy(yaml: try Self.policyText(images: "  cmyk_profile: none\n"))
        #expect(none.images.cmykProfile == CMYKProfileSetting.none)
        #expect(NormalizeOptions(none.images).cmykProfile == nil)
        let auto = try Policy(yaml: try Self.policyText(images: "  cmyk_profile: auto\n"))
        #expect(auto.images == ImagePolicy.standard)
        #expect(NormalizeOptions(auto.images).cmykProfile == CMYKProfile.locate())

        // The policy's choice reaches the decoder: an untagged CMYK JPEG goes through it, or through nothing.
        let directory = TemporaryDirectory("image-policy")
        defer { directory.cleanUp() }
        let source = directory.url.appending(path: "folheto.jpg")
        try TestImages.jpeg(source, width: 32, height: 32, components: 4) { _, _ in [0, 0, 255, 255] }
        for (policy, expected) in [(chosen, ColourHandling.cmykFallbackProfile), (none, .cmykUncalibrated)] {
            let outcome = ImageNormalizer().normalize(fileAt: source, options: NormalizeOptions(policy.images),
                                                      writingTo: directory.url.appending(path: "out.jpg"), thumbnailTo: nil)
            #expect(outcome.colour == expected)
        }
    }

    @Test("a bad key or value in images: is an error naming it", arguments: [
        ("  max_pixels: 100000000", "  max_pixel: 100000000", "images: unknown key 'max_pixel'; keys are max_pixels"),
        ("  max_pixels: 100000000", "  max_pixels: 0", "images: max_pixels must be a whole number from 1 to 1000000000, not '0'"),
        ("  max_pixels: 100000000", "  max_pixels: 5000000000", "max_pixels must be a whole number from 1 to 1000000000, not '5000000000'"),
        ("  max_pixels: 100000000", "  max_pixels: 1.5e8", "max_pixels must be a whole number from 1 to 1000000000, not '1.5e8'"),
        ("  max_side: 30000", "  max_side: -5", "max_side must be a whole number from 1 to 65500, not '-5'"),
        ("  max_side: 30000", "  max_side: 100000", "max_side must be a whole number from 1 to 65500, not '100000'"),
        ("  max_progressive_scans: 100", "  max_progressive_scans: 0", "max_progressive_scans must be a whole number from 1 to 1000"),
        ("  decoder_memory: 512 MB", "  decoder_memory: lots", "decoder_memory must be a size from 1 MB to 16 GB, like 512 MB, not 'lots'"),
        ("  decoder_memory: 512 MB", "  decoder_memory: 0 MB", "decoder_memory must be a size from 1 MB to 16 GB, like 512 MB, not '0 MB'"),
        ("  decoder_memory: 512 MB", "  decoder_memory: 64 GB", "decoder_memory must be a size from 1 MB to 16 GB, like 512 MB, not '64 GB'"),
        ("  png_chunk_max: 8 MB", "  png_chunk_max: -1 MB", "png_chunk_max must be a size from 64 KB to 1 GB, like 512 MB, not '-1 MB'"),
        ("  display_side: 2048", "  display_side: [1024, 768]", "display_side must be a whole number from 1 to 65500, not a list or a map"),
        ("  thumbnail_side: 320", "  thumbnail_side:", "thumbnail_side has no value"),
        ("  jpeg_quality: 85", "  jpeg_quality: 101", "jpeg_quality must be a whole number from 1 to 100, not '101'"),
        ("  jpeg_quality: 85", "  jpeg_quality: 0", "jpeg_quality must be a whole number from 1 to 100, not '0'"),
        ("  jpeg_quality: 85", "  jpeg_quality: alta", "jpeg_quality must be a whole number from 1 to 100, not 'alta'"),
        ("  cmyk_profile: auto", "  cmyk_profile: fogra39.icc", "cmyk_profile must be auto, none or an absolute path, not 'fogra39.icc'"),
        ("  cmyk_profile: auto", "  cmyk_profile: /nowhere/fogra39.icc", "cmyk_profile: no readable file at /nowhere/fogra39.icc"),
        ("  cmyk_profile: auto", "  cmyk_profile: /tmp", "cmyk_profile: no readable file at /tmp"),
        ("  cmyk_profile: auto", "  cmyk_profile: 39", "cmyk_profile must be auto, none or the absolute path of an ICC profile file"),
        ("\nimages:\n", "\nimage:\n", "unknown key 'image'; keys are version, always_rejected, reasons, kinds, images"),
        ("    review: [webp, tiff]", "    reveiw: [webp, tiff]", "kind 'photo': unknown key 'reveiw'; keys are accept, review, max_bytes"),
    ])
    func badValues(original: String, typo: String, message: String) throws {
        let text = try Self.policyText()
        #expect(text.components(separatedBy: original).count == 2, "the test no longer edits the policy in one place")
        #expect {
            _ = try Policy(yaml: text.replacingOccurrences(of: original, with: typo), source: "station.yml")
        } throws: { error in
            let description = "\(error)"
            return description.hasPrefix("station.yml: ") && description.contains(message)
        }
    }

    @Test("intake refuses a photo over the policy's max_pixels with too-large; the built-in policy accepts it")
    func intakeUsesPolicyLimits() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let photo = try Self.twoMegapixelPhoto(in: dir)
        let caseNumber = try CaseNumber(validating: "MS-2026-000301")

        let strict = try Policy(yaml: try Self.policyText().replacingOccurrences(of: "max_pixels: 100000000",
                                                                                  with: "max_pixels: 1000000"))
        #expect(strict.images.maxPixels == 1_000_000)
        let refusing = try EvidenceArchive.open(at: dir.url.appending(path: "strict"), policy: strict, logger: testLogger)
        let refused = try #require(try await refusing.intake(case: caseNumber, attachments: [.file(photo, kind: .photo)]).items.first)
        #expect(refused.verdict == .rejected)
        let reason = try #require(refused.reasons.first { $0.code == .tooLarge }, "\(refused.reasons)")
        #expect(reason.verdict == .rejected)
        #expect(reason.detail.contains("1600x1250"), "\(reason.detail)")
        #expect(reason.detail.contains("1000000"), "names the policy's limit: \(reason.detail)")
        #expect(refused.storedPath == nil)

        let standard = try EvidenceArchive.open(at: dir.url.appending(path: "standard"), logger: testLogger)
        let accepted = try #require(try await standard.intake(case: caseNumber, attachments: [.file(photo, kind: .photo)]).items.first)
        #expect(accepted.verdict == .accepted, "\(accepted.reasons)")
        let normalized = try #require(try standard.store.caseDetail(caseNumber)?.events.first { $0.type == .normalized })
        #expect(normalized.details["width"] == "1600" && normalized.details["height"] == "1250",
                "under the built-in 2048 px display side the photo keeps its size")
    }

    @Test("intake makes derivatives at the policy's display and thumbnail sides")
    func intakeUsesPolicySizes() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let photo = try Self.twoMegapixelPhoto(in: dir)
        let caseNumber = try CaseNumber(validating: "MS-2026-000302")
        let policy = try Policy(yaml: try Self.policyText(images: "  display_side: 800\n  thumbnail_side: 100\n"))
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), policy: policy, logger: testLogger)
        let item = try #require(try await archive.intake(case: caseNumber, attachments: [.file(photo, kind: .photo)]).items.first)
        #expect(item.verdict == .accepted, "\(item.reasons)")
        let derivatives = dir.url.appending(
            path: "store/objects/\(caseNumber.rawValue)/v1/content/derivatives/\(item.evidenceID.uuidString.lowercased())")
        let display = try DecodedPixels(derivatives.appending(path: "display.jpg"))
        #expect((display.width, display.height) == (800, 625))
        let thumb = try DecodedPixels(derivatives.appending(path: "thumb.jpg"))
        #expect(max(thumb.width, thumb.height) == 100)
    }

    @Test("acervo intake --policy FILE applies the file's max_pixels")
    func intakeCommandPolicy() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let photo = try Self.twoMegapixelPhoto(in: dir)
        let policy = try dir.file("estacao.yml", Data(try Self.policyText()
            .replacingOccurrences(of: "max_pixels: 100000000", with: "max_pixels: 1000000").utf8))
        let store = dir.url.appending(path: "store").path
        let result = try runCommand(acervoExecutable, ["intake", "--store", store, "--case", "MS-2026-000303",
                                                       "--kind", "photo", "--policy", policy.path, "--json", photo.path])
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(line["verdict"] as? String == "rejected")
        let codes = (line["reasons"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(codes?.contains("too-large") == true, "\(result.stdout)")
    }

    @Test("acervo normalize --policy takes the policy's display side; --max-dimension still wins")
    func normalizeCommandPolicy() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let photo = dir.url.appending(path: "nota.jpg")
        try TestImages.jpeg(photo, width: 1200, height: 800, components: 3) { x, y in [UInt8(x & 255), UInt8(y & 255), 60] }
        let policy = try dir.file("estacao.yml", Data(try Self.policyText(images: "  display_side: 300\n").utf8))

        func run(_ extra: [String], into name: String) throws -> [String: Any] {
            let out = dir.url.appending(path: name).path
            let result = try runCommand(acervoExecutable, ["normalize", "--output", out, "--json"] + extra + [photo.path])
            #expect(result.status == 0, "\(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }
        let withPolicy = try run(["--policy", policy.path], into: "policy")
        #expect(withPolicy["width"] as? Int == 300 && withPolicy["height"] as? Int == 200)
        let written = try DecodedPixels(dir.url.appending(path: "policy/nota.jpg"))
        #expect((written.width, written.height) == (300, 200))

        let flagWins = try run(["--policy", policy.path, "--max-dimension", "600"], into: "flag")
        #expect(flagWins["width"] as? Int == 600 && flagWins["height"] as? Int == 400)

        let builtIn = try run([], into: "built-in")
        #expect(builtIn["width"] as? Int == 1200 && builtIn["height"] as? Int == 800, "2048 px built in: kept as is")
    }

    @Test("acervo normalize --policy refuses an image over the policy's limits, and a bad policy file")
    func normalizeCommandLimitsAndErrors() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let photo = dir.url.appending(path: "nota.jpg")
        try TestImages.jpeg(photo, width: 1200, height: 800, components: 3) { x, y in [UInt8(x & 255), UInt8(y & 255), 60] }
        let strict = try dir.file("estrita.yml", Data(try Self.policyText(images: "  max_side: 1000\n").utf8))
        let out = dir.url.appending(path: "out").path
        let refused = try runCommand(acervoExecutable, ["normalize", "--output", out, "--policy", strict.path, "--json", photo.path])
        #expect(refused.status == 0, "\(refused.stderr)")
        let line = try #require(try JSONSerialization.jsonObject(with: Data(refused.stdout.utf8)) as? [String: Any])
        #expect((line["error"] as? [String: Any])?["code"] as? String == "too-large", "\(refused.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.url.appending(path: "out/nota.jpg").path))

        let typo = try dir.file("errada.yml", Data(try Self.policyText(images: "  max_pixles: 1000\n").utf8))
        let bad = try runCommand(acervoExecutable, ["normalize", "--output", out, "--policy", typo.path, photo.path])
        #expect(bad.status == 65, "a policy that does not load is refused data")
        #expect(bad.stderr.contains("unknown key 'max_pixles'"), "\(bad.stderr)")
        #expect(bad.stdout.isEmpty)
    }
}
