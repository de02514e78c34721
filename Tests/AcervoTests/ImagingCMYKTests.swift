import AcervoImaging
import Foundation
import Testing

/// CMYK photos and scans are converted to sRGB through a press profile, as Little CMS's own `jpgicc`
/// converts them: the one in the file, else the fallback; a profile that cannot be used is never fatal.
@Suite("Imaging: CMYK through ICC profiles")
struct ImagingCMYKTests {
    /// Ghostscript's generic coated press profile and its sRGB profile (Debian `libgs-common`).
    static let pressProfile = "/usr/share/color/icc/ghostscript/default_cmyk.icc"
    static let srgbProfile = "/usr/share/color/icc/ghostscript/srgb.icc"

    /// Four flat patches, inverted as Adobe writes CMYK: red, blue, a skin tone and a rich black, each
    /// 32x32 so the centre of each survives any resampling untouched.
    static let patches: [[UInt8]] = [[0, 100, 100, 0], [100, 100, 0, 0], [10, 35, 45, 5], [60, 50, 50, 100]]
        .map { $0.map { 255 - UInt8(Double($0) * 2.55) } }
    static let centres = [(16, 16), (48, 16), (16, 48), (48, 48)]

    static func makeSource(_ url: URL, icc: [UInt8]?) throws {
        try TestImages.jpeg(url, width: 64, height: 64, components: 4, icc: icc) { x, y in
            patches[(y / 32) * 2 + x / 32]
        }
    }

    /// What lcms's `jpgicc` makes of the file: relative colorimetric with black point compensation, the
    /// fallback profile as input when given.
    static func reference(_ source: URL, input: String?, in directory: TemporaryDirectory) throws -> DecodedPixels {
        let output = directory.url.appending(path: source.deletingPathExtension().lastPathComponent + ".jpgicc.jpg")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/jpgicc")
        process.arguments = ["-t1", "-b", "-q100"] + (input.map { ["-i\($0)"] } ?? []) + [source.path, output.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ImagingTestError("jpgicc failed on \(source.lastPathComponent)") }
        return try DecodedPixels(output)
    }

    static func agree(_ mine: DecodedPixels, _ theirs: DecodedPixels, within tolerance: Int) -> [String] {
        centres.compactMap { x, y in
            let a = mine[x, y], b = theirs[x, y]
            return zip(a, b).allSatisfy { abs($0 - $1) <= tolerance } ? nil : "at \(x),\(y): \(a) vs jpgicc \(b)"
        }
    }

    @Test("A CMYK JPEG with its own press profile matches jpgicc's conversion, and the profile is named")
    func embeddedProfile() throws {
        let directory = TemporaryDirectory("imaging-cmyk")
        defer { directory.cleanUp() }
        let press = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.pressProfile)))
        let source = directory.url.appending(path: "flyer.jpg")
        try Self.makeSource(source, icc: press)
        // The fallback is off: only the embedded profile can give these colours.
        let outcome = normalizeForTest(source, in: directory, cmykProfile: nil)
        #expect(outcome.succeeded)
        #expect(outcome.colour == .cmykEmbeddedProfile)
        #expect(outcome.colourProfile == "Artifex CMYK SWOP Profile")
        #expect(!outcome.iccProfileKept, "a CMYK profile does not describe the sRGB derivative")
        let mine = try DecodedPixels(try #require(outcome.display))
        let theirs = try Self.reference(source, input: nil, in: directory)
        #expect(Self.agree(mine, theirs, within: 4) == [])

        // The plain formula is far off on the same patches: the test sees the profile at work.
        let untagged = directory.url.appending(path: "untagged.jpg")
        try Self.makeSource(untagged, icc: nil)
        let naive = try DecodedPixels(try #require(normalizeForTest(untagged, in: directory, cmykProfile: nil).display))
        #expect(Self.agree(naive, theirs, within: 30).count >= 2, "the profile changed nothing")
    }

    @Test("An untagged CMYK JPEG goes through the fallback press profile, as jpgicc -i does")
    func fallbackProfile() throws {
        let directory = TemporaryDirectory("imaging-cmyk")
        defer { directory.cleanUp() }
        let source = directory.url.appending(path: "untagged.jpg")
        try Self.makeSource(source, icc: nil)
        let outcome = normalizeForTest(source, in: directory, cmykProfile: Self.pressProfile)
        #expect(outcome.colour == .cmykFallbackProfile)
        #expect(outcome.colourProfile == "Artifex CMYK SWOP Profile")
        let mine = try DecodedPixels(try #require(outcome.display))
        let theirs = try Self.reference(source, input: Self.pressProfile, in: directory)
        #expect(Self.agree(mine, theirs, within: 4) == [])
    }

    @Test("An embedded profile Little CMS cannot use falls back, and is never fatal", arguments: ["rgb", "garbage", "cut"])
    func unusableProfile(_ kind: String) throws {
        let directory = TemporaryDirectory("imaging-cmyk")
        defer { directory.cleanUp() }
        let press = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.pressProfile)))
        let icc: [UInt8] = switch kind {
        // An sRGB profile on CMYK data: a valid profile of the wrong colour space.
        case "rgb": try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.srgbProfile)))
        // The press profile's header over bytes that are no profile.
        case "garbage": Array(press.prefix(128)) + (0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 73 &+ 11) }
        // The press profile cut short: its tag table points past the end.
        default: Array(press.prefix(press.count / 3))
        }
        let source = directory.url.appending(path: "\(kind).jpg")
        try Self.makeSource(source, icc: icc)

        let fallback = normalizeForTest(source, in: directory, cmykProfile: Self.pressProfile)
        #expect(fallback.succeeded)
        #expect(fallback.colour == .cmykFallbackProfile)
        let stripped = directory.url.appending(path: "\(kind)-stripped.jpg")
        try Self.makeSource(stripped, icc: nil)
        let theirs = try Self.reference(stripped, input: Self.pressProfile, in: directory)
        #expect(Self.agree(try DecodedPixels(try #require(fallback.display)), theirs, within: 4) == [])

        let again = directory.url.appending(path: "\(kind)-none.jpg")
        try FileManager.default.copyItem(at: source, to: again)
        let none = normalizeForTest(again, in: directory, cmykProfile: nil)
        #expect(none.succeeded)
        #expect(none.colour == .cmykUncalibrated)
    }

    @Test("A missing fallback profile file leaves the plain formula, not an error")
    func missingFallback() throws {
        let directory = TemporaryDirectory("imaging-cmyk")
        defer { directory.cleanUp() }
        let source = directory.url.appending(path: "untagged.jpg")
        try Self.makeSource(source, icc: nil)
        let outcome = normalizeForTest(source, in: directory, cmykProfile: directory.url.appending(path: "absent.icc").path)
        #expect(outcome.succeeded)
        #expect(outcome.colour == .cmykUncalibrated)
    }

    @Test("RGB and grey keep their colours as stored")
    func rgbIsUntouched() throws {
        let directory = TemporaryDirectory("imaging-cmyk")
        defer { directory.cleanUp() }
        let source = directory.url.appending(path: "rgb.jpg")
        try TestImages.jpeg(source, width: 16, height: 16, components: 3) { _, _ in [200, 30, 30] }
        let outcome = normalizeForTest(source, in: directory, cmykProfile: Self.pressProfile)
        #expect(outcome.colour == .asStored)
        #expect(outcome.colourProfile == nil)
    }
}
