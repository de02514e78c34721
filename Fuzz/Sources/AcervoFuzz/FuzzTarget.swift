import AcervoIdentify
import AcervoImaging
import Foundation

/// One libFuzzer target: what it prefixes to the fuzzer's bytes and what it runs them through.
///
/// The identifier picks its structural check by the content's signature, so each parser target puts its
/// format's signature in front of the mutated bytes: every input then reaches that parser, and the
/// fuzzer spends its time inside it instead of rediscovering the signature.
struct FuzzTarget: Sendable {
    enum Engine: Sendable {
        /// `Identifier.identify(bytes:)`: libmagic and the structural checks.
        case identify
        /// `ImageNormalizer`: the JPEG, PNG or HEIF decoder, the filter and the encoder.
        case normalize(extension: String)
    }

    var name: String
    var signature: [UInt8]
    var engine: Engine
    /// SampleDocs folders and suffixes whose files seed the corpus.
    var seedSuffixes: [String]

    static let all: [FuzzTarget] = [
        FuzzTarget(name: "jpeg", signature: [0xFF, 0xD8, 0xFF], engine: .identify, seedSuffixes: [".jpg"]),
        FuzzTarget(name: "png", signature: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], engine: .identify,
                   seedSuffixes: [".png"]),
        FuzzTarget(name: "pdf", signature: Array("%PDF-".utf8), engine: .identify, seedSuffixes: [".pdf"]),
        FuzzTarget(name: "isobmff", signature: [0, 0, 0, 0x18] + Array("ftyp".utf8), engine: .identify,
                   seedSuffixes: [".mp4", ".mov", ".3gp", ".m4a", ".heic"]),
        FuzzTarget(name: "ogg", signature: Array("OggS".utf8), engine: .identify, seedSuffixes: [".ogg", ".opus"]),
        FuzzTarget(name: "wave", signature: Array("RIFF".utf8), engine: .identify, seedSuffixes: [".wav"]),
        FuzzTarget(name: "mp3", signature: Array("ID3".utf8), engine: .identify, seedSuffixes: [".mp3"]),
        FuzzTarget(name: "amr", signature: Array("#!AMR".utf8), engine: .identify, seedSuffixes: [".amr"]),
        FuzzTarget(name: "ebml", signature: [0x1A, 0x45, 0xDF, 0xA3], engine: .identify, seedSuffixes: [".webm", ".mkv"]),
        FuzzTarget(name: "zip", signature: [0x50, 0x4B, 0x03, 0x04], engine: .identify,
                   seedSuffixes: [".docx", ".odt", ".docm", ".zip", ".xlsx"]),
        FuzzTarget(name: "ole", signature: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], engine: .identify,
                   seedSuffixes: [".doc", ".xls", ".msg"]),
        // No signature: e-mail, NF-e XML, HTML, scripts and plain text are told apart by libmagic and the
        // text checks, which must see the input as it is.
        FuzzTarget(name: "text", signature: [], engine: .identify, seedSuffixes: [".eml", ".xml", ".txt", ".html", ".svg", ".bat"]),
        FuzzTarget(name: "decode-jpeg", signature: [0xFF, 0xD8, 0xFF], engine: .normalize(extension: "jpg"),
                   seedSuffixes: [".jpg"]),
        FuzzTarget(name: "decode-png", signature: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
                   engine: .normalize(extension: "png"), seedSuffixes: [".png"]),
    ]

    /// The input as the engine sees it: the signature, then the fuzzer's bytes without a copy of it.
    func input(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        if !signature.isEmpty, bytes.starts(with: signature) { return Array(bytes) }
        return signature + Array(bytes)
    }
}
