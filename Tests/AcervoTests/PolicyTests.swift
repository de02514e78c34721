import AcervoCore
import AcervoPolicy
import Foundation
import Testing

/// The package root, found from this file's path, so tests can read Pipelines/ and SampleDocs/.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite("Policy")
struct PolicyTests {
    let policy = Policy.builtIn

    func facts(_ kind: DocumentKind, _ format: FileFormat, mime: String = "application/octet-stream",
               bytes: Int64 = 1000, findings: [Finding] = [], name: String? = nil, declaredMIME: String? = nil) -> IntakeFacts {
        IntakeFacts(kind: kind, identification: Identification(format: format, mime: mime, description: "",
                                                               findings: findings),
                    byteCount: bytes, declaredName: name, declaredMIME: declaredMIME)
    }

    @Test("the built-in policy is the text of Pipelines/complaint-intake.yml")
    func builtInMatchesFile() throws {
        let file = try String(contentsOf: packageRoot.appending(path: "Pipelines/complaint-intake.yml"), encoding: .utf8)
        let loaded = try Policy(yaml: file)
        #expect(loaded == Policy.builtIn, "run scripts/embed-policy.sh after editing the YAML")
    }

    @Test("every kind accepts what the intake promises", arguments: [
        (DocumentKind.identity, FileFormat.jpeg), (.identity, .png), (.identity, .heic), (.identity, .pdf),
        (.proofOfAddress, .pdf), (.receipt, .nfeXML), (.receipt, .jpeg), (.contract, .docx), (.contract, .odt),
        (.proofOfAddress, .tiff), (.receipt, .tiff), (.contract, .tiff), (.correspondence, .tiff), (.other, .tiff),
        (.photo, .heic), (.screenshot, .png), (.audio, .mp3), (.audio, .oggOpus), (.audio, .oggVorbis),
        (.audio, .m4a), (.audio, .wav), (.audio, .amr), (.video, .mp4), (.video, .mov), (.video, .threeGP),
        (.video, .webm), (.correspondence, .eml), (.correspondence, .pdf), (.correspondence, .text),
    ])
    func accepts(kind: DocumentKind, format: FileFormat) {
        let j = policy.judge(facts(kind, format))
        #expect(j.verdict == .accepted, "\(kind) should accept \(format): \(j.reasons)")
        #expect(j.reasons.isEmpty)
    }

    @Test("always-rejected formats are refused for every kind", arguments: [
        FileFormat.executable, .script, .html, .svg, .archive,
    ])
    func forbidden(format: FileFormat) {
        for kind in DocumentKind.allCases {
            let j = policy.judge(facts(kind, format))
            #expect(j.verdict == .rejected)
            #expect(j.reasons.first?.code == .forbiddenType)
        }
    }

    @Test("macro-enabled Office files are refused with the macros reason")
    func macros() {
        let j = policy.judge(facts(.contract, .officeMacro, findings: [Finding(.macros, "word/vbaProject.bin")]))
        #expect(j.verdict == .rejected)
        #expect(j.reasons.map(\.code) == [.macros])
    }

    @Test("an empty file is rejected as empty, nothing else")
    func empty() {
        let j = policy.judge(facts(.photo, .empty, bytes: 0))
        #expect(j.verdict == .rejected)
        #expect(j.reasons.map(\.code) == [.empty])
    }

    @Test("a format the kind does not take is rejected, naming what it takes")
    func notAllowed() {
        let j = policy.judge(facts(.photo, .mp3))
        #expect(j.verdict == .rejected)
        #expect(j.reasons.first?.code == .typeNotAllowed)
        #expect(j.reasons.first?.detail.contains("heic, jpeg, png") == true)
    }

    @Test("review formats go to review")
    func reviewFormat() {
        let j = policy.judge(facts(.screenshot, .webp))
        #expect(j.verdict == .review)
        #expect(j.reasons.map(\.code) == [.needsReview])
    }

    @Test("an unknown content is rejected as unknown-type")
    func unknown() {
        let j = policy.judge(facts(.other, .unknown))
        #expect(j.verdict == .rejected)
        #expect(j.reasons.map(\.code) == [.unknownType])
    }

    @Test("too large for the kind is rejected")
    func tooLarge() {
        let j = policy.judge(facts(.identity, .jpeg, bytes: 21 << 20))
        #expect(j.verdict == .rejected)
        #expect(j.reasons.map(\.code) == [.tooLarge])
    }

    @Test("findings take the gravity the policy gives them", arguments: [
        (ReasonCode.appendedData, Verdict.review), (.activeContent, .review), (.encrypted, .review),
        (.corrupt, .rejected), (.truncated, .rejected), (.unreadable, .rejected),
    ])
    func findingGravity(code: ReasonCode, verdict: Verdict) {
        let j = policy.judge(facts(.receipt, .pdf, findings: [Finding(code, "x")]))
        #expect(j.verdict == verdict)
        #expect(j.reasons.contains { $0.code == code && $0.verdict == verdict })
    }

    @Test("a declared name or MIME that disagrees is recorded; the verdict follows the content")
    func mismatches() {
        let j = policy.judge(facts(.photo, .png, mime: "image/png", name: "nota.pdf", declaredMIME: "application/pdf"))
        #expect(j.verdict == .accepted)
        #expect(Set(j.reasons.map(\.code)) == [.extensionMismatch, .mimeMismatch])
        let agreeing = policy.judge(facts(.photo, .jpeg, mime: "image/jpeg", name: "FOTO.JPG", declaredMIME: "image/jpeg; charset=binary"))
        #expect(agreeing.reasons.isEmpty)
        let generic = policy.judge(facts(.photo, .jpeg, mime: "image/jpeg", name: "a.jpeg", declaredMIME: "application/octet-stream"))
        #expect(generic.reasons.isEmpty)
    }

    @Test("every reason code has its own message in Portuguese and English")
    func messages() {
        var seen = Set<String>()
        for code in ReasonCode.all {
            let r = policy.reason(code)
            #expect(!r.portuguese.isEmpty && !r.english.isEmpty)
            #expect(r.portuguese != r.english)
            #expect(!r.english.hasPrefix("Reason "), "\(code) has no message")
            #expect(seen.insert(r.english).inserted, "\(code) shares its message")
        }
    }

    @Test("a typo in a policy is an error naming it", arguments: [
        ("accept: [jpeg, png, heic, pdf]", "accept: [jpg, png, heic, pdf]", "unknown format 'jpg'"),
        ("  video:\n", "  vídeo:\n", "unknown document kind 'vídeo'"),
        ("extension-mismatch: accepted", "extension-mismatch: acepted", "verdict must be accepted, review or rejected"),
        ("  appended-data: review", "  apended-data: review", "unknown reason code 'apended-data'"),
        ("    max_bytes: 4 GB", "    max_bytes: lots", "max_bytes 'lots' is not a size"),
        // A page that cannot be read or taken would be missing from the document: never lighter than rejected.
        ("  unreadable-page: rejected", "  unreadable-page: review", "reason 'unreadable-page' is always rejected"),
        ("  unsupported-page: rejected", "  unsupported-page: accepted", "reason 'unsupported-page' is always rejected"),
    ])
    func typos(original: String, typo: String, message: String) throws {
        let text = try String(contentsOf: packageRoot.appending(path: "Pipelines/complaint-intake.yml"), encoding: .utf8)
        #expect(text.contains(original), "the test no longer edits the policy")
        #expect {
            _ = try Policy(yaml: text.replacingOccurrences(of: original, with: typo))
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test("a policy without a rule for every kind is refused")
    func missingKind() throws {
        let text = try String(contentsOf: packageRoot.appending(path: "Pipelines/complaint-intake.yml"), encoding: .utf8)
        let start = try #require(text.range(of: "  video:\n"))
        let end = try #require(text.range(of: "  correspondence:\n"))
        var withoutVideo = text
        withoutVideo.removeSubrange(start.lowerBound..<end.lowerBound)
        #expect {
            _ = try Policy(yaml: withoutVideo)
        } throws: { error in
            "\(error)".contains("no rule for kind(s) video")
        }
    }

    @Test("byte sizes parse as people write them", arguments: [
        ("20 MB", Int64(20 << 20)), ("4 GB", Int64(4) << 30), ("512KB", 512 << 10), ("1000", 1000), ("7 B", 7),
    ])
    func sizes(text: String, bytes: Int64) {
        #expect(ByteCount.parse(text) == bytes)
    }

    @Test func badSizes() {
        #expect(ByteCount.parse("lots") == nil)
        #expect(ByteCount.parse("-1 MB") == nil)
        #expect(ByteCount.parse("99999999999 GB") == nil)
    }
}
