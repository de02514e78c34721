import AcervoDigitize
import Foundation
import Testing

/// Detached CAdES signature files (`.p7s`) beside documents written as PNG (profiles `foto` and `planta`).
@Suite(.enabled(if: signingAuthority != nil, "the openssl command is needed to make the test CA"))
struct SignedImageTests {
    var ca: SigningTestAuthority { signingAuthority! }
    let dir = TemporaryDirectory("acervo-cades")
    let moment = ISO8601DateFormatter().date(from: "2026-12-06T12:00:00Z")!

    /// A 32 × 16 RGB photograph written through libpng, and its signature beside it.
    func signedPNG() throws -> (png: URL, p7s: URL) {
        let png = dir.url.appending(path: "foto.png")
        let rows = (0..<(32 * 16 * 3)).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        try TestImages.png(png, width: 32, height: 16, colorType: 2, rows: rows)
        let identity = try SigningIdentity(pkcs12: ca.pkcs12("signer"), pinFile: ca.pinFile, at: moment)
        let p7s = dir.url.appending(path: "foto.png.p7s")
        try CAdESSignature(identity: identity, signingTime: moment).writeSignature(ofFileAt: png.path, to: p7s.path)
        return (png, p7s)
    }

    func verify(_ png: URL, _ p7s: URL) throws -> CommandResult {
        try runCommand(try #require(which("openssl")), [
            "cms", "-verify", "-binary", "-inform", "DER", "-in", p7s.path, "-content", png.path,
            "-CAfile", ca.chainPEM, "-out", "/dev/null",
        ])
    }

    @Test(.enabled(if: which("openssl") != nil, "openssl is not installed"))
    func opensslVerifiesTheSignatureFile() throws {
        defer { dir.cleanUp() }
        let (png, p7s) = try signedPNG()
        let result = try verify(png, p7s)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Verification successful"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted() == ["foto.png", "foto.png.p7s"])

        let printed = try runCommand(try #require(which("openssl")),
                                     ["cms", "-cmsout", "-print", "-inform", "DER", "-in", p7s.path])
        #expect(printed.stdout.contains("id-smime-aa-signingCertificateV2"))
        #expect(printed.stdout.contains("signingTime") && printed.stdout.contains("Dec  6 12:00:00 2026 GMT"))
        #expect(printed.stdout.contains("eContent: <ABSENT>"), "detached: the PNG is not inside")
        #expect(printed.stdout.components(separatedBy: "cert_info:").count - 1 == 3)
    }

    @Test(.enabled(if: which("openssl") != nil, "openssl is not installed"))
    func oneChangedByteOfTheImageFailsVerification() throws {
        defer { dir.cleanUp() }
        let (png, p7s) = try signedPNG()
        var bytes = try [UInt8](Data(contentsOf: png))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: png)
        let result = try verify(png, p7s)
        #expect(result.status != 0)
        #expect(result.stderr.contains("content verify error"), "\(result.stderr)")
    }

    @Test(.enabled(if: which("pyhanko") != nil, "pyhanko (PyPI pyhanko-cli) is not installed"))
    func pyHankoFindsTheDetachedSignatureValid() throws {
        defer { dir.cleanUp() }
        let (png, p7s) = try signedPNG()
        let result = try runCommand(try #require(which("pyhanko")), [
            "sign", "validate", "--no-revocation-check", "--trust", ca.rootPEM, "--detached", p7s.path,
            "--pretty-print", png.path,
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("The signature is judged VALID."), "\(result.stdout)")
    }
}
