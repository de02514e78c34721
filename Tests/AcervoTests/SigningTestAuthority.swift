import Foundation

/// An ICP-Brasil-like certification chain the signing tests make with the `openssl` command, once per run,
/// in a temporary directory: a root "AC Raiz de Teste", an intermediate, and end-entity A1 certificates
/// for the same key, each exported as PKCS#12 with one PIN file.
///
/// | file | certificate |
/// |---|---|
/// | `signer.p12` | `CN=FULANO DE TAL:12345678909`, digitalSignature + nonRepudiation, CPF also in otherName |
/// | `altname.p12` | `CN=BELTRANA DA SILVA`, the CPF 52998224725 only in otherName 2.16.76.1.3.1 |
/// | `expired.p12` | valid 2020–2021 |
/// | `future.p12` | valid from 2040 |
/// | `encipher.p12` | keyEncipherment only |
/// | `server.p12` | extended key usage serverAuth only |
/// | `legacy.p12` | as `signer.p12`, encrypted the old way (RC2-40, 3DES, SHA-1 MAC) |
/// | `nokey.p12` | the certificate without its key |
/// | `mismatch.p12` | another key beside the certificate |
struct SigningTestAuthority: Sendable {
    /// The directory holding everything.
    let directory: URL
    /// The PIN in `pin.txt` (which ends with a newline).
    static let pin = "8421-teste"

    /// The root certificate alone: the trust anchor validators are given.
    var rootPEM: String { directory.appending(path: "root.pem").path }
    /// The intermediate and the root.
    var chainPEM: String { directory.appending(path: "chain.pem").path }
    /// The PIN file.
    var pinFile: String { directory.appending(path: "pin.txt").path }
    /// One of the PKCS#12 files, by its name without `.p12`.
    func pkcs12(_ name: String) -> String { directory.appending(path: "\(name).p12").path }

    /// The authority, made on first use; `nil` when there is no `openssl` command, with the reason.
    static let shared: Result<SigningTestAuthority, SkipReason> = {
        guard let openssl = which("openssl") else { return .failure(SkipReason("no openssl command")) }
        do { return .success(try make(openssl)) } catch { return .failure(SkipReason("cannot make the test CA: \(error)")) }
    }()

    struct SkipReason: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    private static let configuration = """
        [ ca ]
        default_ca = test_ca
        [ test_ca ]
        dir = .
        database = index.txt
        new_certs_dir = .
        serial = serial
        default_md = sha256
        policy = any
        unique_subject = no
        copy_extensions = none
        [ any ]
        countryName = optional
        organizationName = optional
        organizationalUnitName = optional
        commonName = supplied
        [ root ]
        basicConstraints = critical,CA:true
        keyUsage = critical,keyCertSign,cRLSign
        subjectKeyIdentifier = hash
        [ intermediate ]
        basicConstraints = critical,CA:true,pathlen:0
        keyUsage = critical,keyCertSign,cRLSign
        subjectKeyIdentifier = hash
        authorityKeyIdentifier = keyid
        [ signer ]
        basicConstraints = critical,CA:false
        keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment
        extendedKeyUsage = clientAuth,emailProtection
        subjectKeyIdentifier = hash
        authorityKeyIdentifier = keyid
        subjectAltName = otherName:2.16.76.1.3.1;OCTETSTRING:0101198012345678909000000000000000000000000000SSPSP
        [ altname ]
        basicConstraints = critical,CA:false
        keyUsage = critical,digitalSignature,nonRepudiation
        subjectKeyIdentifier = hash
        authorityKeyIdentifier = keyid
        subjectAltName = otherName:2.16.76.1.3.1;OCTETSTRING:1503199052998224725000000000000000000000000000SSPSP
        [ encipher ]
        basicConstraints = critical,CA:false
        keyUsage = critical,keyEncipherment
        [ server ]
        basicConstraints = critical,CA:false
        keyUsage = critical,digitalSignature
        extendedKeyUsage = serverAuth

        """

    private static func make(_ openssl: URL) throws -> SigningTestAuthority {
        let directory = FileManager.default.temporaryDirectory.appending(path: "acervo-test-ca-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try configuration.write(to: directory.appending(path: "ca.cnf"), atomically: true, encoding: .utf8)
        try "".write(to: directory.appending(path: "index.txt"), atomically: true, encoding: .utf8)
        try "1000\n".write(to: directory.appending(path: "serial"), atomically: true, encoding: .utf8)
        try "\(pin)\n".write(to: directory.appending(path: "pin.txt"), atomically: true, encoding: .utf8)

        func run(_ arguments: [String]) throws {
            // openssl ca works relative to the current directory: run it through `sh -c 'cd …'`.
            let line = (["cd", quoted(directory.path), "&&", quoted(openssl.path)] + arguments.map(quoted)).joined(separator: " ")
            let result = try runCommand(URL(fileURLWithPath: "/bin/sh"), ["-c", line])
            guard result.status == 0 else {
                throw SkipReason("openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(result.stderr)")
            }
        }
        for key in ["root", "inter", "signer", "other"] {
            try run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "\(key).key"])
        }
        func issue(_ name: String, key: String, extensions: String, subject: String, issuer: String?,
                   from start: String, to end: String) throws {
            try run(["req", "-new", "-key", "\(key).key", "-subj", subject, "-out", "\(name).csr"])
            var arguments = ["ca", "-batch", "-config", "ca.cnf", "-in", "\(name).csr", "-out", "\(name).pem",
                             "-extensions", extensions, "-startdate", start, "-enddate", end, "-notext"]
            if let issuer { arguments += ["-cert", "\(issuer).pem", "-keyfile", "\(issuer).key"] }
            else { arguments += ["-selfsign", "-keyfile", "\(key).key"] }
            try run(arguments)
        }
        try issue("root", key: "root", extensions: "root", subject: "/C=BR/O=ICP-Brasil de Teste/CN=AC Raiz de Teste",
                  issuer: nil, from: "20200101000000Z", to: "20450101000000Z")
        try issue("inter", key: "inter", extensions: "intermediate",
                  subject: "/C=BR/O=ICP-Brasil de Teste/OU=Autoridade Certificadora/CN=AC Intermediaria de Teste v5",
                  issuer: "root", from: "20200101000000Z", to: "20440101000000Z")
        let holder = "/C=BR/O=ICP-Brasil de Teste/OU=Pessoa Fisica A1/CN=FULANO DE TAL:12345678909"
        let endEntities: [(String, String, String, String, String)] = [
            ("signer", "signer", holder, "20250101000000Z", "20400101000000Z"),
            ("expired", "signer", holder, "20200101000000Z", "20210101000000Z"),
            ("future", "signer", holder, "20400101000000Z", "20410101000000Z"),
            ("encipher", "encipher", holder, "20250101000000Z", "20400101000000Z"),
            ("server", "server", holder, "20250101000000Z", "20400101000000Z"),
            ("altname", "altname", "/C=BR/O=ICP-Brasil de Teste/OU=Pessoa Fisica A1/CN=BELTRANA DA SILVA",
             "20250101000000Z", "20400101000000Z"),
        ]
        for (name, extensions, subject, start, end) in endEntities {
            try issue(name, key: "signer", extensions: extensions, subject: subject, issuer: "inter", from: start, to: end)
        }
        try Data(try Data(contentsOf: directory.appending(path: "inter.pem")) + Data(contentsOf: directory.appending(path: "root.pem")))
            .write(to: directory.appending(path: "chain.pem"))
        for (name, _, _, _, _) in endEntities {
            try run(["pkcs12", "-export", "-inkey", "signer.key", "-in", "\(name).pem", "-certfile", "chain.pem",
                     "-name", name, "-passout", "file:pin.txt", "-out", "\(name).p12"])
        }
        // What older tools (and many A1 certificates issued on Windows) write: RC2-40 and 3DES, SHA-1 MAC.
        try run(["pkcs12", "-export", "-legacy", "-inkey", "signer.key", "-in", "signer.pem", "-certfile", "chain.pem",
                 "-passout", "file:pin.txt", "-out", "legacy.p12"])
        try run(["pkcs12", "-export", "-nokeys", "-in", "signer.pem", "-certfile", "chain.pem",
                 "-passout", "file:pin.txt", "-out", "nokey.p12"])
        try run(["pkcs12", "-export", "-inkey", "other.key", "-nocerts", "-certfile", "signer.pem",
                 "-passout", "file:pin.txt", "-out", "mismatch.p12"])
        return SigningTestAuthority(directory: directory)
    }

    private static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

/// The test CA, or `nil` when it cannot be made (no `openssl` command): the signing suites skip then.
let signingAuthority = try? SigningTestAuthority.shared.get()
