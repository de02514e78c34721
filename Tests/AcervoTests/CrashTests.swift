import Foundation
import Testing

/// A real `acervo intake` process killed mid-way must leave the store valid: `store verify` clean,
/// earlier versions byte for byte as they were.
@Suite("Crash safety", .serialized)
struct CrashTests {
    /// Every file under a directory with its bytes, to compare a version before and after.
    func snapshot(_ dir: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            if (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
                files[String(url.path.dropFirst(dir.path.count))] = try Data(contentsOf: url)
            }
        }
        return files
    }

    func makeStoreWithV1(_ dir: TemporaryDirectory) throws -> URL {
        let store = dir.url.appending(path: "store")
        let first = try dir.file("rg.png", TinyImages.png)
        let v1 = try runCommand(acervoExecutable, ["intake", "--store", store.path, "--case", "MS-2024-000777",
                                                    "--kind", "identity", first.path])
        #expect(v1.status == 0, "\(v1.stderr)")
        return store
    }

    @Test("a process that dies at any step of a commit leaves the store valid and v1 intact", needsFaultInjection,
          arguments: ["built", "journaled", "version-moved", "root-inventory", "root-sidecar", "quarantined", "indexed"])
    func diesAtStep(step: String) throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let store = try makeStoreWithV1(dir)
        let v1 = store.appending(path: "objects/MS-2024-000777/v1")
        let before = try snapshot(v1)
        let good = try dir.file("nota.pdf", TinyDocuments.pdf())
        let bad = try dir.file("script.pdf", Data("#!/bin/sh\nexit 0\n".utf8))
        let crashed = try runCommand(acervoExecutable, ["intake", "--store", store.path, "--case", "MS-2024-000777",
                                                         "--kind", "receipt", good.path, bad.path],
                                     environment: ["ACERVO_TEST_CRASH_AT": step])
        #expect(crashed.status != 0, "the process should have died at \(step)")

        let verify = try runCommand(acervoExecutable, ["store", "verify", "--store", store.path])
        #expect(verify.status == 0, "after a crash at \(step): \(verify.stdout) \(verify.stderr)")
        #expect(try snapshot(v1) == before, "v1 changed after a crash at \(step)")

        // The store takes the same intake again and stays valid.
        let retry = try runCommand(acervoExecutable, ["intake", "--store", store.path, "--case", "MS-2024-000777",
                                                       "--kind", "receipt", "--json", good.path])
        #expect(retry.status == 0, "\(retry.stderr)")
        let final = try runCommand(acervoExecutable, ["store", "verify", "--store", store.path])
        #expect(final.status == 0, "\(final.stdout)")
        if let validator = which("ocfl-validate.py") {
            let ocfl = try runCommand(validator, [store.appending(path: "objects").path])
            #expect(ocfl.status == 0, "\(ocfl.stdout)\(ocfl.stderr)")
        }
    }

    @Test("SIGKILL at arbitrary moments of a large intake leaves the store valid and v1 intact")
    func sigkillDuringLargeIntake() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let store = try makeStoreWithV1(dir)
        let v1 = store.appending(path: "objects/MS-2024-000777/v1")
        let before = try snapshot(v1)
        // A video-sized upload and a few small ones: receiving, hashing and committing take a while.
        var mp4 = Data([0, 0, 0, 24]) + Data("ftypisom".utf8) + Data([0, 0, 2, 0]) + Data("isommp41".utf8)
        mp4 += Data([0, 0, 0, 8]) + Data("moov".utf8)
        let payload = 48 << 20
        withUnsafeBytes(of: UInt32(payload + 8).bigEndian) { mp4 += $0 }
        mp4 += Data("mdat".utf8)
        mp4 += Data(count: payload)
        let video = try dir.file("video.mp4", mp4)
        var files = [video.path]
        for i in 0..<20 { files.append(try dir.file("foto\(i).png", TinyImages.png + Data([UInt8(i)])).path) }

        for delay in [30, 120, 250, 400, 600, 900] {
            let process = Process()
            process.executableURL = acervoExecutable
            process.arguments = ["intake", "--store", store.path, "--case", "MS-2024-000777", "--kind", "video"] + files
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(delay))
            kill(process.processIdentifier, SIGKILL)
            await exited(process)

            let verify = try await commandOffPool(acervoExecutable, ["store", "verify", "--store", store.path])
            #expect(verify.status == 0, "after SIGKILL at \(delay) ms: \(verify.stdout) \(verify.stderr)")
            #expect(try snapshot(v1) == before, "v1 changed after SIGKILL at \(delay) ms")
        }
    }
}
