import Acervo
import Foundation
import Logging
import Testing

extension ComplaintAPITests {
    /// The server runs as a process of its own (`complaint-api`), so that its peak memory and its writes
    /// are measured alone: the test runner's own memory (Swift Testing, the test binary, the client)
    /// would otherwise be counted as the server's.
    @Test("1 GB uploads stream into the store in flat memory, their bytes written to disk once")
    func gigabyteUpload() async throws {
        let store = try ServerStore()
        defer { store.cleanUp() }
        let size: Int64 = 1 << 30
        // An MP4's boxes (file type, an empty movie box, then media data to the end), the media data all
        // zeros: a sparse file, so that reading it costs the client no disk. It is accepted and stored in
        // the case.
        let video = try store.sparseFile("video.mp4", size: size)
        let handle = try FileHandle(forWritingTo: video)
        func box(_ type: String, size: Int) -> [UInt8] { withUnsafeBytes(of: UInt32(size).bigEndian, Array.init) + Array(type.utf8) }
        try handle.write(contentsOf: box("ftyp", size: 32) + Array("isom".utf8) + [0, 0, 2, 0] + Array("isomiso2avc1mp41".utf8)
                         + box("moov", size: 8) + box("mdat", size: Int(size) - 40))
        try handle.close()
        // Zeros that claim to be a video: libmagic goes through its whole database before it calls them
        // data, the costliest identification; rejected, they go to the quarantine.
        let blob = try store.sparseFile("blob.mp4", size: size)
        let server = try await ServerProcess(store: store.storeDirectory, log: store.root.appending(path: "server.log"))
        defer { server.stop() }
        let idle = try server.peakResidentBytes()
        for (source, caseNumber, verdict) in [(video, "SP-2026-000400", Verdict.accepted), (blob, "SP-2026-000401", .rejected)] {
            let writtenBefore = try server.bytesWrittenToDisk()
            let upload = try Curl(["-F", "video=@\(source.path);type=video/mp4",
                                   "http://127.0.0.1:\(server.port)/cases/\(caseNumber)/evidence"])
            let (output, status) = upload.finish()
            let written = try server.bytesWrittenToDisk() - writtenBefore
            #expect(status == 0)
            let report = try JSONDecoder().decode(IntakeReport.self, from: output)
            let item = try #require(report.items.first, "\(String(decoding: output, as: UTF8.self)) \(server.output)")
            #expect(item.byteCount == size)
            #expect(item.sha256 == (try sha256(of: source)))
            #expect(item.verdict == verdict, "\(item.reasons)")
            print("1 GiB upload (\(verdict)): written to disk \(written >> 20) MiB "
                  + "(\(String(format: "%.3f", Double(written) / Double(size)))x)")
            #expect(Double(written) <= 1.1 * Double(size), "written \(written >> 20) MiB")
        }
        let peak = try server.peakResidentBytes()
        server.stop()
        print("1 GiB uploads: server idle \(idle >> 20) MiB, peak RSS \(peak >> 20) MiB (\(peak >> 10) KiB)")
        #expect(peak < 64_000_000, "peak RSS \(peak >> 20) MiB")
        // What the uploads cost over the server's code and libraries: a staging buffer, a few request
        // chunks, the pages of libmagic's database (8 MB) identification reads; never the upload.
        #expect(peak - idle < 24 << 20, "idle \(idle >> 20) MiB, peak \(peak >> 20) MiB")
        let archive = try EvidenceArchive.open(at: store.storeDirectory, logger: Logger(label: "test"))
        #expect(store.stagedFiles.isEmpty)
        #expect(archive.store.verify().isClean)
    }
}

/// The SHA-256 of a file, by `sha256sum`.
func sha256(of file: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [file.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return String(text.prefix(64))
}
