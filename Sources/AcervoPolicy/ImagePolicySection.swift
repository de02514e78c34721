import AcervoCore
import Foundation

/// One value of a policy section as written, before it is checked: a number, a text such as `512 MB`,
/// nothing at all, or something that is neither (a list, a map).
enum PolicyScalar: Decodable, Sendable {
    case number(Int64)
    case text(String)
    case empty
    case notScalar

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .empty
        } else if let n = try? c.decode(Int64.self) {
            self = .number(n)
        } else if let text = try? c.decode(String.self) {
            self = .text(text)
        } else {
            self = .notScalar
        }
    }
}

extension ImagePolicy {
    /// The numeric keys of the `images:` section, in the order the file documents them.
    enum Key: String, CaseIterable {
        case maxPixels = "max_pixels"
        case maxSide = "max_side"
        case maxProgressiveScans = "max_progressive_scans"
        case decoderMemory = "decoder_memory"
        case pngChunkMax = "png_chunk_max"
        case displaySide = "display_side"
        case thumbnailSide = "thumbnail_side"
        case jpegQuality = "jpeg_quality"

        /// Whether the value is a byte size (`512 MB`) rather than a plain count.
        var isByteSize: Bool { self == .decoderMemory || self == .pngChunkMax }

        /// The values a policy may set. Past the upper ends a limit no longer protects anything (a
        /// gigapixel decodes to 3 GB; libjpeg refuses sides past 65500); below the lower ends of the byte
        /// sizes not even an ordinary photo's ICC profile or working memory fits.
        var bounds: ClosedRange<Int64> {
            switch self {
            case .maxPixels: 1...1_000_000_000
            case .maxSide, .displaySide, .thumbnailSide: 1...65_500
            case .maxProgressiveScans: 1...1000
            case .decoderMemory: (1 << 20)...(16 << 30)
            case .pngChunkMax: (64 << 10)...(1 << 30)
            case .jpegQuality: 1...100
            }
        }
    }

    /// Reads the `images:` section of a policy file. Keys left out keep their defaults; an unknown key, a
    /// value that is not a number (or a size, for byte limits), or one outside its bounds is an error
    /// naming the key, never a silently ignored limit.
    init(section: [String: PolicyScalar], source: String) throws(AcervoError) {
        func fail(_ what: String) -> AcervoError { AcervoError(.policy, "\(source): images: \(what)") }
        self = .standard
        for (name, value) in section.sorted(by: { $0.key < $1.key }) {
            // The one key that names a file rather than a number.
            if name == Self.cmykProfileKey {
                cmykProfile = try Self.cmykProfile(value, fail: fail)
                continue
            }
            guard let key = Key(rawValue: name) else {
                let keys = Key.allCases.map(\.rawValue) + [Self.cmykProfileKey]
                throw fail("unknown key '\(name)'; keys are \(keys.joined(separator: ", "))")
            }
            let bounds = key.bounds
            let range = key.isByteSize
                ? "a size from \(ByteCount.format(bounds.lowerBound)) to \(ByteCount.format(bounds.upperBound)), like 512 MB"
                : "a whole number from \(bounds.lowerBound) to \(bounds.upperBound)"
            let parsed: Int64?
            let written: String
            switch value {
            case .number(let n):
                parsed = n
                written = String(n)
            case .text(let text):
                parsed = key.isByteSize ? ByteCount.parse(text) : Int64(text.filter { $0 != "_" && $0 != " " })
                written = text
            case .empty:
                throw fail("\(name) has no value; give \(range)")
            case .notScalar:
                throw fail("\(name) must be \(range), not a list or a map")
            }
            guard let parsed, bounds.contains(parsed) else { throw fail("\(name) must be \(range), not '\(written)'") }
            switch key {
            case .maxPixels: maxPixels = parsed
            case .maxSide: maxSide = Int(parsed)
            case .maxProgressiveScans: maxProgressiveScans = Int(parsed)
            case .decoderMemory: decoderMemory = parsed
            case .pngChunkMax: pngChunkMax = parsed
            case .displaySide: displaySide = Int(parsed)
            case .thumbnailSide: thumbnailSide = Int(parsed)
            case .jpegQuality: jpegQuality = Int(parsed)
            }
        }
    }

    static let cmykProfileKey = "cmyk_profile"

    /// `cmyk_profile`: `auto`, `none`, or the absolute path of a readable ICC profile file. A path that
    /// does not lead to a file is an error now, not approximate colours on every CMYK scan later.
    private static func cmykProfile(_ value: PolicyScalar, fail: (String) -> AcervoError) throws(AcervoError) -> CMYKProfileSetting {
        guard case .text(let text) = value, !text.isEmpty else {
            throw fail("cmyk_profile must be auto, none or the absolute path of an ICC profile file")
        }
        switch text {
        case "auto": return .automatic
        case "none": return .none
        default:
            guard text.hasPrefix("/") else {
                throw fail("cmyk_profile must be auto, none or an absolute path, not '\(text)'")
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: text, isDirectory: &isDirectory), !isDirectory.boolValue,
                  FileManager.default.isReadableFile(atPath: text) else {
                throw fail("cmyk_profile: no readable file at \(text)")
            }
            return .file(text)
        }
    }
}
