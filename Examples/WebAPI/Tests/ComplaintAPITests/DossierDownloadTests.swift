import Acervo
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

extension ComplaintAPITests {
    @Test("a dossier built by Acervo streams back as a bag that bagit.py validates, and its build is in the custody log",
          arguments: ["tar", "zip"])
    func dossierDownload(format: String) async throws {
        let store = try ServerStore()
        defer { store.cleanUp() }
        try await store.application().test(.live) { client in
            let port = try #require(client.port)
            var body = MultipartBody()
            body.add(field: "photo", filename: "foto.png", type: "image/png", tinyPNG("foto"))
            body.add(field: "receipt", filename: "nota fiscal.png", type: "image/png", tinyPNG("nota"))
            try await client.execute(uri: "/cases/SP-2026-000600/evidence", method: .post, headers: body.headers,
                                     body: body.finished()) { #expect($0.status == .created) }

            let archive = store.root.appending(path: "dossier.\(format)")
            let headers = store.root.appending(path: "headers.txt")
            let download = try Curl(["--fail", "-D", headers.path, "-o", archive.path,
                                     "http://127.0.0.1:\(port)/cases/SP-2026-000600/dossier?format=\(format)"])
            #expect(download.finish().status == 0)
            let head = try String(contentsOf: headers, encoding: .utf8).lowercased()
            let size = try #require(FileManager.default.attributesOfItem(atPath: archive.path)[.size] as? Int)
            #expect(head.contains("content-length: \(size)\r\n"))
            let digest = Data(hexDigits: try sha256(of: archive)).base64EncodedString().lowercased()
            #expect(head.contains("repr-digest: sha-256=:\(digest):"))

            let bag = try unpack(archive, format: format, into: store.root.appending(path: "unpacked"))
            let validation = try run("/usr/bin/env", ["bagit.py", "--validate", bag.path])
            #expect(validation.status == 0, "\(validation.output)")

            // The build is recorded, and the scratch file is gone.
            try await client.execute(uri: "/cases/SP-2026-000600", method: .get) { response in
                let detail = try JSONDecoder().decode(CaseDetail.self, from: Data(buffer: response.body))
                let bundled = detail.events.filter { $0.type == .bundled }
                #expect(bundled.map(\.actor) == ["web-api"])
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: store.scratch.path).isEmpty)

            try await client.execute(uri: "/cases/SP-2026-000699/dossier", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/cases/SP-2026-000600/dossier?format=rar", method: .get) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/cases/SP-2026-000600/dossier?version=-1", method: .get) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/cases/SP-2026-000600/dossier?version=99", method: .get) {
                #expect($0.status == .notFound)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.scratch.path).isEmpty)
        #expect(store.archive.store.verify().isClean)
    }
}

/// Unpacks a dossier with the system's own tools and returns its bag directory, the one entry at the top.
private func unpack(_ archive: URL, format: String, into directory: URL) throws -> URL {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let result = format == "zip"
        ? try run("/usr/bin/env", ["python3", "-m", "zipfile", "-e", archive.path, directory.path])
        : try run("/usr/bin/tar", ["-xf", archive.path, "-C", directory.path])
    #expect(result.status == 0, "\(result.output)")
    let entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    #expect(entries.count == 1, "\(entries)")
    return directory.appending(path: try #require(entries.first))
}

/// Runs a program to its end; its exit status and what it printed.
func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}

extension Data {
    /// The bytes a string of hexadecimal digits spells.
    init(hexDigits: String) {
        var bytes: [UInt8] = []
        var index = hexDigits.startIndex
        while let next = hexDigits.index(index, offsetBy: 2, limitedBy: hexDigits.endIndex), next > index,
              let byte = UInt8(hexDigits[index..<next], radix: 16) {
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
