import Acervo
import ComplaintAPI
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

extension ComplaintAPITests {
    @Test("several multipart uploads at once each become one version of their case, answered as the command's JSON")
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
                            let report = try JSONDecoder().decode(IntakeReport.self, from: Data(buffer: response.body))
                            #expect(report.caseNumber.rawValue == caseNumber)
                            #expect(report.items.map(\.kind) == [.photo, .screenshot, .receipt])
                            #expect(report.items.map(\.verdict) == [.accepted, .accepted, .rejected])
                            #expect(report.items[1].declaredName == "tela; \(n).png")
                            #expect(report.items[0].sha256 == sha256(tinyPNG("foto \(n)")))
                        }
                    }
                }
                try await group.waitForAll()
            }
            for n in 0..<3 {
                try await client.execute(uri: "/cases/SP-2026-00020\(n)", method: .get) { response in
                    #expect(response.status == .ok)
                    let detail = try JSONDecoder().decode(CaseDetail.self, from: Data(buffer: response.body))
                    // The first upload made the case's v1; the second waits in its open version, to be sealed
                    // as v2 at its limits or when a dossier is built.
                    #expect(detail.summary.headVersion == 1)
                    #expect(detail.versions.map(\.number) == [1])
                    #expect(detail.evidence.count == 6)
                }
            }
            try await client.execute(uri: "/cases/SP-2026-000999", method: .get) { response in
                #expect(response.status == .notFound)
                let problem = try JSONDecoder().decode([String: APIProblem.Body].self, from: Data(buffer: response.body))
                #expect(problem["error"]?.code == "not-found")
                #expect(problem["error"]?.message_pt == "processo SP-2026-000999 não encontrado")
            }
        }
        #expect(store.stagedFiles.isEmpty)
        #expect(try store.archive.store.cases().count == 3)
        #expect(store.archive.store.verify().isClean)
    }
}

/// The SHA-256 of `data`, by `sha256sum`.
func sha256(_ data: Data) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try? process.run()
    input.fileHandleForWriting.write(data)
    try? input.fileHandleForWriting.close()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return String(text.prefix(64))
}
