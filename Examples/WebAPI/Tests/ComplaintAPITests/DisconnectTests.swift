import Acervo
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension ComplaintAPITests {
    @Test("a client that disconnects mid-upload leaves nothing in staging and the store clean")
    func disconnectMidUpload() async throws {
        let store = try ServerStore()
        defer { store.cleanUp() }
        let video = try store.sparseFile("video.mp4", size: 200 << 20)
        let photo = store.root.appending(path: "antes.png")
        try tinyPNG("antes").write(to: photo)
        try await store.application().test(.live) { client in
            let port = try #require(client.port)
            let upload = try Curl(["--limit-rate", "8M", "-F", "photo=@\(photo.path);type=image/png",
                                   "-F", "video=@\(video.path);type=video/mp4",
                                   "http://127.0.0.1:\(port)/cases/SP-2026-000500/evidence"])
            // Wait until the video (the second part) is streaming into staging, then cut the connection.
            let started = ContinuousClock.now
            while !store.stagedSizes.contains(where: { $0 >= 4 << 20 }), ContinuousClock.now - started < .seconds(30) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(store.stagedSizes.contains { $0 >= 4 << 20 }, "staging: \(store.stagedFiles)")
            kill(upload.process.processIdentifier, SIGKILL)
            _ = upload.finish()
            while !store.stagedFiles.isEmpty, ContinuousClock.now - started < .seconds(60) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(store.stagedFiles.isEmpty, "staging: \(store.stagedFiles)")
            // The server goes on serving.
            var body = MultipartBody()
            body.add(field: "photo", filename: "depois.png", type: "image/png", tinyPNG("depois"))
            try await client.execute(uri: "/cases/SP-2026-000501/evidence", method: .post, headers: body.headers,
                                     body: body.finished()) { #expect($0.status == .created) }
        }
        #expect(store.stagedFiles.isEmpty, "staging: \(store.stagedFiles)")
        #expect(try store.archive.store.cases().map(\.caseNumber.rawValue) == ["SP-2026-000501"])
        #expect(store.archive.store.verify().isClean)
    }

    @Test("a client that stops sending mid-body without hanging up is cut at the idle timeout, leaving nothing behind")
    func stalledUpload() async throws {
        let store = try ServerStore()
        defer { store.cleanUp() }
        let server = try await ServerProcess(store: store.storeDirectory, log: store.root.appending(path: "server.log"),
                                             idleSeconds: 2)
        defer { server.stop() }
        var body = MultipartBody()
        body.add(field: "photo", filename: "a.png", type: "image/png", tinyPNG("a"))
        body.add(field: "video", filename: "b.mp4", type: "video/mp4", Data(count: 4 << 20))
        let bytes = body.finishedBytes
        // The whole body announced, half of it sent, then silence with the connection open.
        let request = RawHTTP.post("/cases/SP-2026-000510/evidence", headers: [
            "Content-Type: \(body.contentType)", "Content-Length: \(bytes.count)",
        ], body: bytes.prefix(bytes.count / 2))
        let started = ContinuousClock.now
        let answer = try await RawHTTP.exchange(port: server.port, request)
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect([0, 400].contains(RawHTTP.status(answer)), "\(answer.prefix(300))")
        while !store.stagedFiles.isEmpty, ContinuousClock.now - started < .seconds(30) {
            try await Task.sleep(for: .milliseconds(20))
        }
        server.stop()
        #expect(store.stagedFiles.isEmpty, "staging: \(store.stagedFiles)")
        #expect(try store.archive.store.cases().isEmpty)
        #expect(store.archive.store.verify().isClean)
    }
}
