import AcervoCore
import AcervoDigitize
import CQPDF
import Foundation
import Testing

/// A small one-page PDF written through qpdf's C API the way the PDF/A writer does, with the signature
/// hook called just before `qpdf_write`.
enum TestSignedPDF {
    static func write(to path: String, objectStreams: Bool = false, signature: PAdESSignature?) throws {
        guard let pdf = qpdf_init() else { throw CocoaError(.fileWriteUnknown) }
        defer { var handle: qpdf_data? = pdf; qpdf_cleanup(&handle) }
        qpdf_silence_errors(pdf)
        _ = qpdf_empty_pdf(pdf)
        let content = qpdf_oh_new_stream(pdf)
        let text = "BT /F1 24 Tf 72 720 Td (Declaracao do consumidor) Tj ET"
        qpdf_oh_replace_stream_data(pdf, content, text, text.utf8.count, qpdf_oh_new_null(pdf), qpdf_oh_new_null(pdf))
        let font = qpdf_oh_parse(pdf, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        let page = qpdf_oh_parse(pdf, "<< /Type /Page /MediaBox [0 0 595 842] >>")
        qpdf_oh_replace_key(pdf, page, "/Contents", content)
        let fonts = qpdf_oh_new_dictionary(pdf)
        qpdf_oh_replace_key(pdf, fonts, "/F1", qpdf_make_indirect_object(pdf, font))
        let resources = qpdf_oh_new_dictionary(pdf)
        qpdf_oh_replace_key(pdf, resources, "/Font", fonts)
        qpdf_oh_replace_key(pdf, page, "/Resources", resources)
        guard qpdf_add_page(pdf, pdf, qpdf_make_indirect_object(pdf, page), QPDF_FALSE) == QPDF_SUCCESS else {
            throw CocoaError(.fileWriteUnknown)
        }
        try signature?.addSignatureField(to: pdf)
        guard qpdf_init_write(pdf, path) == QPDF_SUCCESS else { throw CocoaError(.fileWriteUnknown) }
        qpdf_set_deterministic_ID(pdf, QPDF_TRUE)
        qpdf_set_object_stream_mode(pdf, objectStreams ? qpdf_o_generate : qpdf_o_disable)
        guard qpdf_write(pdf) & QPDF_ERRORS == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}

/// PAdES signatures of PDFs written through qpdf, checked by pyHanko, poppler's pdfsig and qpdf.
@Suite(.enabled(if: signingAuthority != nil, "the openssl command is needed to make the test CA"))
struct SignedPDFTests {
    var ca: SigningTestAuthority { signingAuthority! }
    let dir = TemporaryDirectory("acervo-pades")
    let moment = ISO8601DateFormatter().date(from: "2026-12-06T12:00:00Z")!

    func signedPDF(_ name: String, objectStreams: Bool = false) throws -> (path: String, signed: PAdESSignedFile) {
        let identity = try SigningIdentity(pkcs12: ca.pkcs12("signer"), pinFile: ca.pinFile, at: moment)
        let signature = try PAdESSignature(identity: identity, signingTime: moment, location: "Procon-SP, São Paulo/SP")
        let path = dir.url.appending(path: name).path
        try TestSignedPDF.write(to: path, objectStreams: objectStreams, signature: signature)
        return (path, try signature.sign(fileAt: path))
    }

    func run(_ program: String, _ arguments: [String]) throws -> CommandResult {
        try runCommand(try #require(which(program)), arguments)
    }

    @Test(arguments: [false, true])
    func signatureCoversTheWholeFile(objectStreams: Bool) throws {
        defer { dir.cleanUp() }
        let (path, signed) = try signedPDF("signed.pdf", objectStreams: objectStreams)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(signed.byteRange[0] == 0)
        #expect(signed.byteRange[2] + signed.byteRange[3] == size)
        // Only the /Contents value is left out: `<`, the hexadecimal digits, `>`.
        #expect(signed.byteRange[2] - signed.byteRange[1] == 2 * signed.reservedBytes + 2)
        #expect(signed.signedDataBytes <= signed.reservedBytes && signed.signer.cpf == "12345678909")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes[signed.byteRange[1]] == UInt8(ascii: "<") && bytes[signed.byteRange[2] - 1] == UInt8(ascii: ">"))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("/ByteRange [0 \(signed.byteRange[1]) \(signed.byteRange[2]) \(signed.byteRange[3])"))
        #expect(text.contains("/SubFilter /ETSI.CAdES.detached") && text.contains("/Filter /Adobe.PPKLite"))
        if !objectStreams {  // otherwise the form and its widget are compressed in an object stream
            #expect(text.contains("/SigFlags 3") && text.contains("/F 132") && text.contains("/Rect [ 0 0 0 0 ]"))
        }
    }

    @Test(.enabled(if: which("qpdf") != nil, "qpdf is not installed"))
    func qpdfFindsTheSignedFileClean() throws {
        defer { dir.cleanUp() }
        let (path, _) = try signedPDF("check.pdf")
        let check = try run("qpdf", ["--check", path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("No syntax or stream encoding errors found"))
    }

    @Test(.enabled(if: which("pyhanko") != nil, "pyhanko (PyPI pyhanko-cli) is not installed"))
    func pyHankoFindsItIntactTrustedAndCoveringTheDocument() throws {
        defer { dir.cleanUp() }
        let (path, _) = try signedPDF("pyhanko.pdf")
        let result = try run("pyhanko", ["sign", "validate", "--no-revocation-check", "--trust", ca.rootPEM,
                                         "--pretty-print", path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("The signature is cryptographically sound."))
        #expect(result.stdout.contains("The signer's certificate is trusted."))
        #expect(result.stdout.contains("The signature covers the entire file."))
        #expect(result.stdout.contains("FULANO DE TAL:12345678909"))
        #expect(result.stdout.contains("The signature is judged VALID."))
    }

    @Test(.enabled(if: which("pdfsig") != nil, "poppler's pdfsig is not installed"))
    func pdfsigFindsItValidAndWhole() throws {
        defer { dir.cleanUp() }
        let (path, _) = try signedPDF("pdfsig.pdf")
        // No NSS database holds the test CA, so the certificate is not trusted here; the signature itself is.
        let result = try run("pdfsig", [path])
        #expect(result.stdout.contains("Signature Validation: Signature is Valid."), "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Total document signed"))
        #expect(result.stdout.contains("Signer Certificate Common Name: FULANO DE TAL:12345678909"))
        #expect(result.stdout.contains("Signature Type: ETSI.CAdES.detached"))
    }

    /// Where the changed byte is: the binary comment under the header (first range), or the signer's name
    /// in the signature dictionary after `/Contents` (second range).
    enum ChangedByte: String, CaseIterable { case firstRange, secondRange }

    @Test(.enabled(if: which("pyhanko") != nil && which("pdfsig") != nil, "pyhanko and pdfsig are both needed"),
          arguments: ChangedByte.allCases)
    func oneChangedByteBreaksItForBoth(_ changed: ChangedByte) throws {
        defer { dir.cleanUp() }
        let (path, signed) = try signedPDF("tampered-\(changed).pdf")
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        switch changed {
        case .firstRange:
            let at = try #require(bytes.firstIndex(of: UInt8(ascii: "\n"))) + 2  // after `%PDF-1.x\n%`
            #expect(at < signed.byteRange[1] && bytes[at] >= 0x80)
            bytes[at] ^= 0x01
        case .secondRange:
            let needle = Array("FULANO DE TAL)".utf8)
            let at = try #require((signed.byteRange[2]..<(bytes.count - needle.count)).first {
                bytes[$0..<($0 + needle.count)].elementsEqual(needle)
            })
            bytes[at] = UInt8(ascii: "G")
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let pyHanko = try run("pyhanko", ["sign", "validate", "--no-revocation-check", "--trust", ca.rootPEM,
                                          "--pretty-print", path])
        #expect(pyHanko.status != 0)
        #expect(pyHanko.stdout.contains("The signature is cryptographically unsound."), "\(pyHanko.stdout)")
        #expect(pyHanko.stdout.contains("The signature is judged INVALID."))
        let pdfsig = try run("pdfsig", [path])
        #expect(!pdfsig.stdout.contains("Signature is Valid."))
        #expect(pdfsig.stdout.contains("Digest Mismatch") || pdfsig.stdout.contains("Signature is Invalid"),
                "\(pdfsig.stdout)")
    }

    @Test(.enabled(if: which("openssl") != nil, "openssl is not installed"))
    func signedAttributesArePAdESBaseline() throws {
        defer { dir.cleanUp() }
        let (path, signed) = try signedPDF("attributes.pdf")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let hex = String(decoding: bytes[(signed.byteRange[1] + 1)..<(signed.byteRange[1] + 1 + 2 * signed.signedDataBytes)],
                         as: UTF8.self)
        var der: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            der.append(try #require(UInt8(hex[index..<next], radix: 16)))
            index = next
        }
        let cms = try dir.file("signature.der", der)
        let printed = try run("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", cms.path])
        #expect(printed.status == 0)
        #expect(printed.stdout.contains("id-smime-aa-signingCertificateV2"))
        #expect(printed.stdout.contains("messageDigest") && printed.stdout.contains("contentType"))
        #expect(!printed.stdout.contains("signingTime"), "PAdES forbids the signing-time attribute")
        #expect(printed.stdout.contains("sha256"))
        // The signer, the intermediate and the root.
        #expect(printed.stdout.components(separatedBy: "cert_info:").count - 1 == 3)
    }

    @Test(.enabled(if: which("pdfsig") != nil, "poppler's pdfsig is not installed"))
    func signsTheTemporaryFileBeforeDocumentOutputPublishesIt() throws {
        defer { dir.cleanUp() }
        let identity = try SigningIdentity(pkcs12: ca.pkcs12("signer"), pinFile: ca.pinFile, at: moment)
        let signature = try PAdESSignature(identity: identity, signingTime: moment)
        let destination = dir.url.appending(path: "published.pdf")
        let signed = try DocumentOutput.write(to: destination) { (fd: Int32) throws(AcervoError) -> PAdESSignedFile in
            do {
                try TestSignedPDF.write(to: "/dev/fd/\(fd)", signature: signature)
                return try signature.sign(descriptor: fd, name: destination.path)
            } catch let error as SigningError {
                throw error.acervoError
            } catch {
                throw AcervoError(.io, "\(error)")
            }
        }
        let size = try #require(try FileManager.default.attributesOfItem(atPath: destination.path)[.size] as? Int)
        #expect(signed.byteRange[2] + signed.byteRange[3] == size)
        let result = try run("pdfsig", [destination.path])
        #expect(result.stdout.contains("Signature Validation: Signature is Valid."), "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Total document signed"))
    }

    @Test func signingErrorsBecomeAcervoErrorsKeepingTheirCode() throws {
        let error = try #require(throws: SigningError.self) {
            try SigningIdentity(pkcs12: ca.pkcs12("expired"), pinFile: ca.pinFile, at: moment)
        }
        let converted = error.acervoError
        #expect(converted.code == .invalidArgument)
        #expect(converted.english == error.english && converted.portuguese == error.portuguese)
        #expect((converted.underlying as? SigningError)?.code == .certificateExpired)
    }

    @Test func sameInputsAndTimeGiveTheSameBytes() throws {
        defer { dir.cleanUp() }
        let first = try signedPDF("first.pdf").path
        let second = try signedPDF("second.pdf").path
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }

    @Test func aFileWithoutThePlaceholderIsRefusedUntouched() throws {
        defer { dir.cleanUp() }
        let identity = try SigningIdentity(pkcs12: ca.pkcs12("signer"), pinFile: ca.pinFile, at: moment)
        let signature = try PAdESSignature(identity: identity, signingTime: moment)
        let path = dir.url.appending(path: "plain.pdf").path
        try TestSignedPDF.write(to: path, signature: nil)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = try #require(throws: SigningError.self) { try signature.sign(fileAt: path) }
        #expect(error.code == .placeholderNotFound)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        // Signing twice finds no untouched placeholder the second time.
        let twice = dir.url.appending(path: "twice.pdf").path
        try TestSignedPDF.write(to: twice, signature: signature)
        try signature.sign(fileAt: twice)
        #expect(throws: SigningError.self) { try signature.sign(fileAt: twice) }
    }
}
