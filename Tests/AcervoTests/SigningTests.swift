import AcervoDigitize
import CQPDF
import Foundation
import Testing

/// The operator's ICP-Brasil certificate (PKCS#12 and PIN file), checked before any work is done.
@Suite(.enabled(if: signingAuthority != nil, "the openssl command is needed to make the test CA"))
struct SigningTests {
    var ca: SigningTestAuthority { signingAuthority! }
    let moment = ISO8601DateFormatter().date(from: "2026-12-06T12:00:00Z")!

    @Test func identityGivesHolderCPFIssuerSerialAndValidity() throws {
        let identity = try SigningIdentity(pkcs12: ca.pkcs12("signer"), pinFile: ca.pinFile, at: moment)
        let signer = identity.signer
        #expect(signer.holderName == "FULANO DE TAL")
        #expect(signer.cpf == "12345678909")
        #expect(signer.subject == "CN=FULANO DE TAL:12345678909,OU=Pessoa Fisica A1,O=ICP-Brasil de Teste,C=BR")
        #expect(signer.issuer == "CN=AC Intermediaria de Teste v5,OU=Autoridade Certificadora,O=ICP-Brasil de Teste,C=BR")
        let serial = try runCommand(try #require(which("openssl")),
                                    ["x509", "-in", ca.directory.appending(path: "signer.pem").path, "-noout", "-serial"])
        #expect("serial=\(signer.serialNumber)\n" == serial.stdout)
        #expect(signer.notBefore == ISO8601DateFormatter().date(from: "2025-01-01T00:00:00Z"))
        #expect(signer.notAfter == ISO8601DateFormatter().date(from: "2040-01-01T00:00:00Z"))
        #expect(signer.sha256.count == 64)
        #expect(Set(identity.chain.map(\.subject)) == [
            "CN=AC Raiz de Teste,O=ICP-Brasil de Teste,C=BR",
            "CN=AC Intermediaria de Teste v5,OU=Autoridade Certificadora,O=ICP-Brasil de Teste,C=BR",
        ])
    }

    @Test func cpfComesFromTheAlternativeNameWhenTheCommonNameHasNone() throws {
        let identity = try SigningIdentity(pkcs12: ca.pkcs12("altname"), pinFile: ca.pinFile, at: moment)
        #expect(identity.signer.holderName == "BELTRANA DA SILVA")
        #expect(identity.signer.cpf == "52998224725")
    }

    @Test func fileEncryptedByOlderToolsOpens() throws {
        let identity = try SigningIdentity(pkcs12: ca.pkcs12("legacy"), pinFile: ca.pinFile, at: moment)
        #expect(identity.signer.cpf == "12345678909")
        #expect(identity.chain.count == 2)
    }

    @Test func pinFileWithoutTrailingNewlineOpensToo() throws {
        let dir = TemporaryDirectory("acervo-pin")
        defer { dir.cleanUp() }
        let bare = try dir.file("pin", Array(SigningTestAuthority.pin.utf8))
        let crlf = try dir.file("pin-crlf", Array((SigningTestAuthority.pin + "\r\n").utf8))
        for pin in [bare, crlf] {
            #expect(try SigningIdentity(pkcs12: ca.pkcs12("signer"), pinFile: pin.path, at: moment).signer.cpf == "12345678909")
        }
    }

    static let refusals: [(file: String, pin: String?, code: SigningError.Code)] = [
        ("signer", "0000-errado", .wrongPIN),
        ("expired", nil, .certificateExpired),
        ("future", nil, .certificateNotYetValid),
        ("encipher", nil, .certificateNotForSigning),
        ("server", nil, .certificateNotForSigning),
        ("nokey", nil, .privateKeyMissing),
        ("mismatch", nil, .keyDoesNotMatchCertificate),
        ("pin", nil, .certificateUnreadable),  // the PIN file given as the certificate: not PKCS#12
        ("absent", nil, .certificateUnreadable),
    ]

    @Test(arguments: refusals)
    func refusedWithItsCodeAndNeverThePIN(_ refusal: (file: String, pin: String?, code: SigningError.Code)) throws {
        let dir = TemporaryDirectory("acervo-refusal")
        defer { dir.cleanUp() }
        let pinFile = try refusal.pin.map { try dir.file("pin", Array("\($0)\n".utf8)).path } ?? ca.pinFile
        let certificate = refusal.file == "pin" ? ca.pinFile : ca.pkcs12(refusal.file)
        let error = try #require(throws: SigningError.self) {
            try SigningIdentity(pkcs12: certificate, pinFile: pinFile, at: moment)
        }
        #expect(error.code == refusal.code)
        #expect(!error.english.isEmpty && !error.portuguese.isEmpty && error.english != error.portuguese)
        for text in [error.message, error.description, String(reflecting: error), "\(error)"] {
            #expect(!text.contains(SigningTestAuthority.pin))
            if let pin = refusal.pin { #expect(!text.contains(pin)) }
        }
    }

    @Test func unreadablePINFileIsItsOwnError() throws {
        let error = try #require(throws: SigningError.self) {
            try SigningIdentity(pkcs12: ca.pkcs12("signer"), pinFile: ca.directory.appending(path: "no-pin").path, at: moment)
        }
        #expect(error.code == .pinFileUnreadable)
        let directory = try #require(throws: SigningError.self) {
            try SigningIdentity(pkcs12: ca.pkcs12("signer"), pinFile: ca.directory.path, at: moment)
        }
        #expect(directory.code == .pinFileUnreadable)
    }

    @Test func stableCodes() {
        #expect(SigningError.Code.allCases.map(\.rawValue) == [
            "pin-file-unreadable", "certificate-unreadable", "wrong-pin", "private-key-missing",
            "key-does-not-match-certificate", "certificate-expired", "certificate-not-yet-valid",
            "certificate-not-for-signing", "signature-placeholder-not-found", "signature-too-large",
            "signing-failed", "io",
        ])
    }
}
