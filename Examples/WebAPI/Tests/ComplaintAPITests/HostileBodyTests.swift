import Acervo
import ComplaintAPI
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

extension ComplaintAPITests {
    @Test("malformed bodies are refused as the client's fault and leave nothing behind")
    func malformedBodies() async throws {
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
                #expect(String(buffer: $0.body).contains("\"code\":\"unknown-kind\""))
            }
            // A body that stops before its closing boundary.
            var cut = MultipartBody()
            cut.add(field: "photo", filename: "a.png", type: "image/png", tinyPNG("a"))
            try await client.execute(uri: uri, method: .post, headers: cut.headers, body: ByteBuffer(data: cut.bytes)) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains("\"code\":\"truncated-body\""))
            }
            // A body that goes on after its closing boundary.
            try await client.execute(uri: uri, method: .post, headers: cut.headers,
                                     body: ByteBuffer(data: cut.finishedBytes + Data(count: 64 << 10))) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains("\"code\":\"malformed-body\""))
            }
            // Headers that never end.
            let endless = "--b\r\nContent-Disposition: form-data; name=\"photo\"\r\nX: " + String(repeating: "y", count: 20_000)
            try await client.execute(uri: uri, method: .post, headers: [.contentType: "multipart/form-data; boundary=b"],
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
        #expect(try store.archive.store.cases().isEmpty)
        #expect(store.archive.store.verify().isClean)
    }

    @Test("a part past its kind's byte limit is cut while it streams and judged too large; the body limit answers 413")
    func byteLimitsWhileStreaming() async throws {
        var policy = Policy.builtIn
        policy.kinds[.photo]?.maxBytes = 64 << 10
        let store = try ServerStore(policy: policy)
        defer { store.cleanUp() }
        let oversized = {
            var body = MultipartBody()
            // A photo that says it is small (a part's Content-Length is not believed) and is 2 MB.
            body.add(field: "photo", filename: "grande.png", type: "image/png", extraHeaders: "Content-Length: 100\r\n",
                     tinyPNG("grande") + Data(count: 2 << 20))
            body.add(field: "screenshot", filename: "tela.png", type: "image/png", tinyPNG("tela"))
            return body
        }()
        try await store.application().test(.live) { client in
            try await client.execute(uri: "/cases/SP-2026-000310/evidence", method: .post, headers: oversized.headers,
                                     body: oversized.finished()) { response in
                #expect(response.status == .created, "\(String(buffer: response.body))")
                let report = try JSONDecoder().decode(IntakeReport.self, from: Data(buffer: response.body))
                #expect(report.items.map(\.verdict) == [.rejected, .accepted])
                #expect(report.items[0].reasons.map(\.code).contains(.tooLarge))
                // Reading stopped one byte past the limit.
                #expect(report.items[0].byteCount == 64 << 10 + 1)
            }
        }
        // The body as a whole is bounded too, as it streams.
        let small = MultipartLimits(maxBodyBytes: 1 << 20)
        try await store.application(limits: small).test(.live) { client in
            try await client.execute(uri: "/cases/SP-2026-000311/evidence", method: .post, headers: oversized.headers,
                                     body: oversized.finished()) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains("\"message_pt\":\"corpo da requisição grande demais\""))
            }
        }
        #expect(store.stagedFiles.isEmpty)
        #expect(try store.archive.store.cases().map(\.caseNumber.rawValue) == ["SP-2026-000310"])
        #expect(store.archive.store.verify().isClean)
    }

    @Test("a Content-Length that lies, either way, stores nothing and leaves nothing behind")
    func lyingContentLength() async throws {
        let store = try ServerStore()
        defer { store.cleanUp() }
        let body = {
            var body = MultipartBody()
            body.add(field: "photo", filename: "a.png", type: "image/png", tinyPNG("a"))
            body.add(field: "video", filename: "b.mp4", type: "video/mp4", Data(count: 300_000))
            return body
        }()
        let bytes = body.finishedBytes
        try await store.application().test(.live) { client in
            let port = try #require(client.port)
            let path = "/cases/SP-2026-000320/evidence"
            // Shorter than the body: the server reads what it was told, and the body has no end.
            let short = try await RawHTTP.exchange(port: port, RawHTTP.post(path, headers: [
                "Content-Type: \(body.contentType)", "Content-Length: \(bytes.count - 100)",
            ], body: bytes))
            #expect(RawHTTP.status(short) == 400, "\(short.prefix(300))")
            // Longer than the body, and the client stops sending: the body stops early.
            let long = try await RawHTTP.exchange(port: port, RawHTTP.post(path, headers: [
                "Content-Type: \(body.contentType)", "Content-Length: \(bytes.count + 1_000_000)",
            ], body: bytes), hangUp: true)
            #expect([0, 400].contains(RawHTTP.status(long)), "\(long.prefix(300))")
            // Chunked, and the client stops in the middle of the video.
            let chunked = try await RawHTTP.exchange(port: port, RawHTTP.post(path, headers: [
                "Content-Type: \(body.contentType)", "Transfer-Encoding: chunked",
            ], body: Data(String(bytes.count / 2, radix: 16).utf8) + Data("\r\n".utf8) + bytes.prefix(bytes.count / 2)),
                hangUp: true)
            #expect([0, 400].contains(RawHTTP.status(chunked)), "\(chunked.prefix(300))")
            // Staging empties once each intake has seen its body end.
            let started = ContinuousClock.now
            while !store.stagedFiles.isEmpty, ContinuousClock.now - started < .seconds(10) {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(store.stagedFiles.isEmpty, "staging: \(store.stagedFiles)")
        #expect(try store.archive.store.cases().isEmpty)
        #expect(store.archive.store.verify().isClean)
    }
}
