import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `complaint-api` executable running as a process of its own over a store, so that its memory and
/// its writes to disk are the server's alone, not the test runner's.
///
/// Built beside the tests by `swift build --build-tests`.
final class ServerProcess {
    let process = Process()
    private let log: URL
    /// The port it listens on, on 127.0.0.1.
    private(set) var port = 0

    /// Starts the server over `store`, writing its output to `log`, and waits until it listens. A client
    /// idle for `idleSeconds` in the middle of a request is disconnected.
    init(store: URL, log: URL, idleSeconds: Int = 30) async throws {
        let executable = try Self.executable()
        self.log = log
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        process.executableURL = executable
        process.arguments = [store.path, "0", String(idleSeconds)]
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let started = ContinuousClock.now
        while port == 0 {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on 127.0.0.1:") }) {
                port = Int(line.split(separator: ":").last ?? "") ?? 0
            }
            guard process.isRunning, ContinuousClock.now - started < .seconds(60) else {
                throw ServerFailure(description: "complaint-api did not start: \(text)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// `complaint-api` in the directory of the test binary.
    static func executable() throws -> URL {
        let runner = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        // The test binary of `swift test` may sit inside an .xctest bundle.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "MacOS" {
            directory.deleteLastPathComponent()
        }
        let executable = directory.appending(path: "complaint-api")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw ServerFailure(description: "\(executable.path) is missing: build with `swift build --build-tests`")
        }
        return executable
    }

    /// The server's peak resident memory so far (`VmHWM`), in bytes.
    func peakResidentBytes() throws -> Int64 {
        try field("VmHWM:", in: "status") * 1024
    }

    /// Bytes the server has caused to be written to storage (`write_bytes`): counted when pages are
    /// dirtied, so a file written, renamed and synced counts once.
    func bytesWrittenToDisk() throws -> Int64 {
        try field("write_bytes:", in: "io")
    }

    private func field(_ name: String, in file: String) throws -> Int64 {
        let text = try String(contentsOfFile: "/proc/\(process.processIdentifier)/\(file)", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(name) })
        return try #require(Int64(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }

    /// What the server logged.
    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Stops the server (SIGTERM: a graceful shutdown) and waits for it.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// The server could not be run.
struct ServerFailure: Error, CustomStringConvertible {
    var description: String
}
