import Acervo
import AcervoCore
import ComplaintAPI
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// A temporary directory with an Acervo store in it, removed at the end of the test.
struct ServerStore {
    let root: URL
    let archive: EvidenceArchive

    init() throws {
        root = FileManager.default.temporaryDirectory.appending(path: "acervo-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        archive = try EvidenceArchive.open(at: root.appending(path: "store"), logger: Logger(label: "test"))
    }

    func application() -> some ApplicationProtocol {
        let router = Router()
        addComplaintRoutes(to: router, archive: archive)
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    var stagedFiles: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: archive.store.stagingDirectory.path)) ?? ["?"]
    }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }
}

/// A `multipart/form-data` body, built in memory for small uploads.
struct MultipartBody {
    let boundary = "acervo-\(UUID().uuidString)"
    var bytes = Data()

    mutating func add(field: String, filename: String, type: String, _ content: Data) {
        bytes.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n".utf8))
        bytes.append(content)
        bytes.append(Data("\r\n".utf8))
    }

    func finished() -> ByteBuffer {
        var all = bytes
        all.append(Data("--\(boundary)--\r\n".utf8))
        return ByteBuffer(bytes: all)
    }

    var headers: HTTPFields { [.contentType: "multipart/form-data; boundary=\(boundary)"] }
}

/// The smallest valid PNG (1×1 pixel), varied by a text chunk so that each copy has its own hash.
func tinyPNG(_ tag: String) -> Data {
    func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + body
        var crc: UInt32 = 0xffff_ffff
        for byte in typed {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xedb8_8320 : 0) }
        }
        crc ^= 0xffff_ffff
        let length = UInt32(body.count)
        return withUnsafeBytes(of: length.bigEndian, Array.init) + typed + withUnsafeBytes(of: crc.bigEndian, Array.init)
    }
    let header: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
    let ihdr = chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])
    // zlib stream of one scanline: filter 0, one grey byte.
    let idat = chunk("IDAT", [0x78, 0x01, 0x01, 0x02, 0x00, 0xfd, 0xff, 0x00, 0x80, 0x00, 0x82, 0x00, 0x81])
    let text = chunk("tEXt", Array("Comment\u{0}\(tag)".utf8))
    return Data(header + ihdr + text + idat + chunk("IEND", []))
}

/// Peak resident memory since the last reset, in bytes.
func peakResidentBytes() throws -> Int {
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
    return try #require(Int(line.split(separator: " ")[1])) * 1024
}

/// Resets the peak resident memory to the current one (Linux 4.0 and later).
func resetPeakResident() throws {
    try Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/self/clear_refs"))
}

/// Bytes this process has caused to be written to storage.
func bytesWrittenToDisk() throws -> Int64 {
    let io = try String(contentsOfFile: "/proc/self/io", encoding: .utf8)
    let line = try #require(io.split(separator: "\n").first { $0.hasPrefix("write_bytes:") })
    return try #require(Int64(line.split(separator: " ")[1]))
}

/// Runs curl, a client of its own, for uploads that must stream from a file.
func curl(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = ["--silent", "--show-error", "-H", "Expect:"] + arguments
    process.standardOutput = Pipe()
    process.standardError = Pipe()
    try process.run()
    return process
}

@Suite("Complaint web API", .serialized)
struct ComplaintAPITests {
    @Test("several multipart uploads at once each become one intake of their case, as JSON")
    func concurrentUploads() async throws {
        let store = try ServerStore()
        defer { store.cleanUp() }
        try await store.application().test(.live) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<6 {
                    group.addTask {
                        var body = MultipartBody()
                        body.add(field: "photo", filename: "foto-\(n).png", type: "image/png", tinyPNG("foto \(n)"))
                        body.add(field: "screenshot", filename: "tela; \(n).png", type: "image/png", tinyPNG("tela \(n)"))
                        body.add(field: "receipt", filename: "nota.exe", type: "application/pdf", Data("MZ\u{90}\u{0}".utf8))
                        let caseNumber = "SP-2026-00020\(n % 3)"
                        try await client.execute(uri: "/cases/\(caseNumber)/evidence", method: .post,
                                                 headers: body.headers, body: body.finished()) { response in
                            #expect(response.status == .created, "\(String(buffer: response.body))")
                            let report = try JSONDecoder().decode(IntakeReportJSON.self, from: Data(buffer: response.body))
                            #expect(report.case == caseNumber)
                            #expect(report.items.map(\.kind) == ["photo", "screenshot", "receipt"])
                            #expect(report.items.map(\.verdict) == ["accepted", "accepted", "rejected"])
                            #expect(report.items[1].file == "tela; \(n).png")
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await client.execute(uri: "/cases/SP-2026-000201", method: .get) { response in
                #expect(response.status == .ok)
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                // The first upload made the case's v1; the second waits in its open version, to be sealed as v2.
                #expect(object?["head_version"] as? Int == 1)
                #expect((object?["evidence"] as? [Any])?.count == 6)
            }
            try await client.execute(uri: "/cases/SP-2026-000999", method: .get) { #expect($0.status == .notFound) }
        }
        #expect(store.stagedFiles.isEmpty)
        #expect(store.archive.store.verify().isClean)
    }

    @Test("hostile bodies are refused as the client's fault and leave nothing behind")
    func hostileBodies() async throws {
        let store = try ServerStore()
        defer { store.cleanUp() }
        try await store.application().test(.live) { client in
            let uri = "/cases/SP-2026-000300/evidence"
            // Not multipart.
            try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/pdf"],
                                     body: ByteBuffer(string: "%PDF")) { #expect($0.status == .unsupportedMediaType) }
            // A field that is not a document kind.
            var unknown = MultipartBody()
            unknown.add(field: "../../etc", filename: "x", type: "text/plain", Data("x".utf8))
            try await client.execute(uri: uri, method: .post, headers: unknown.headers, body: unknown.finished()) {
                #expect($0.status == .badRequest)
            }
            // A body that stops before its closing boundary.
            var cut = MultipartBody()
            cut.add(field: "photo", filename: "a.png", type: "image/png", tinyPNG("a"))
            try await client.execute(uri: uri, method: .post, headers: cut.headers, body: ByteBuffer(data: cut.bytes)) {
                #expect($0.status == .badRequest)
            }
            // Headers that never end.
            let boundary = "b"
            let endless = "--b\r\nContent-Disposition: form-data; name=\"photo\"\r\nX: " + String(repeating: "y", count: 20_000)
            try await client.execute(uri: uri, method: .post,
                                     headers: [.contentType: "multipart/form-data; boundary=\(boundary)"],
                                     body: ByteBuffer(string: endless)) { #expect($0.status == .contentTooLarge) }
            // Too many parts.
            var many = MultipartBody()
            for n in 0..<40 { many.add(field: "photo", filename: "\(n).png", type: "image/png", tinyPNG("\(n)")) }
            try await client.execute(uri: uri, method: .post, headers: many.headers, body: many.finished()) {
                #expect($0.status == .contentTooLarge)
            }
            // A protocol number that is not one.
            try await client.execute(uri: "/cases/..%2F..%2Fetc/evidence", method: .post, headers: cut.headers,
                                     body: cut.finished()) { #expect($0.status == .badRequest) }
        }
        #expect(store.stagedFiles.isEmpty)
        #expect(store.archive.store.cases().isEmpty)
        #expect(store.archive.store.verify().isClean)
    }

    @Test("a 1 GB upload streams into the store in flat memory, its bytes written to disk once")
    func gigabyteUpload() async throws {
        let store = try ServerStore()
        defer { store.cleanUp() }
        let size: Int64 = 1 << 30
        // A sparse file, made by another process: reading it costs no disk and writing it cost none.
        let source = store.root.appending(path: "video.mp4")
        FileManager.default.createFile(atPath: source.path, contents: nil)
        let handle = try FileHandle(forWritingTo: source)
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        try await store.application().test(.live) { client in
            let port = try #require(client.port)
            try resetPeakResident()
            let writtenBefore = try bytesWrittenToDisk()
            let upload = try curl(["-F", "video=@\(source.path);type=video/mp4",
                                   "http://localhost:\(port)/cases/SP-2026-000400/evidence"])
            let output = (upload.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
            upload.waitUntilExit()
            let written = try bytesWrittenToDisk() - writtenBefore
            let peak = try peakResidentBytes()
            #expect(upload.terminationStatus == 0)
            let report = try JSONDecoder().decode(IntakeReportJSON.self, from: output)
            let item = try #require(report.items.first)
            #expect(item.bytes == size)
            #expect(item.sha256 == "49bc20df15e412a64472421e13fe86ff1c5165e18b2afccf160d4dc19fe68a14")
            #expect(report.version == 1)
            print("1 GiB upload: peak RSS \(peak >> 20) MiB, written to disk \(written >> 20) MiB")
            #expect(peak < 64 << 20, "peak RSS \(peak >> 20) MiB")
            #expect(Double(written) <= 1.1 * Double(size), "written \(written >> 20) MiB")
        }
        #expect(store.stagedFiles.isEmpty)
        #expect(store.archive.store.verify().isClean)
    }

    @Test("a client that disconnects mid-upload leaves nothing in staging and the store clean")
    func disconnectMidUpload() async throws {
        let store = try ServerStore()
        defer { store.cleanUp() }
        let source = store.root.appending(path: "video.mp4")
        FileManager.default.createFile(atPath: source.path, contents: nil)
        let handle = try FileHandle(forWritingTo: source)
        try handle.truncate(atOffset: 200 << 20)
        try handle.close()
        try await store.application().test(.live) { client in
            let port = try #require(client.port)
            try tinyPNG("antes").write(to: store.root.appending(path: "antes.png"))
            let upload = try curl(["--limit-rate", "8M",
                                   "-F", "photo=@\(store.root.path)/antes.png;type=image/png",
                                   "-F", "video=@\(source.path);type=video/mp4",
                                   "http://localhost:\(port)/cases/SP-2026-000500/evidence"])
            // Wait until the video is being staged, then cut the connection.
            let started = ContinuousClock.now
            while store.stagedFiles.count < 2, ContinuousClock.now - started < .seconds(30) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(store.stagedFiles.count == 2, "staging: \(store.stagedFiles)")
            kill(upload.processIdentifier, SIGKILL)
            upload.waitUntilExit()
            while !store.stagedFiles.isEmpty, ContinuousClock.now - started < .seconds(30) {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(store.stagedFiles.isEmpty, "staging: \(store.stagedFiles)")
        #expect(store.archive.store.cases().isEmpty)
        #expect(store.archive.store.verify().isClean)
    }
}
