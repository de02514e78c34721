import AcervoCore
import Foundation
import Logging
import Testing

/// A fresh directory under the system's temporary directory, removed by `cleanUp()`.
struct TemporaryDirectory: Sendable {
    let url: URL

    init(_ label: String = "acervo-test") {
        url = FileManager.default.temporaryDirectory.appending(path: "\(label)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String, _ bytes: some Sequence<UInt8>) throws -> URL {
        let target = url.appending(path: name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: target)
        return target
    }
}

/// A logger for tests: quiet unless ACERVO_LOG_LEVEL says otherwise.
let testLogger: Logger = {
    var logger = Logger(label: "acervo.tests")
    logger.logLevel = ProcessInfo.processInfo.environment["ACERVO_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
    return logger
}()

/// The shared corpus: `ACERVO_CORPUS` when set (CI points it at an empty folder once, to prove the suites
/// that read the corpus skip on a clone that has none), otherwise `../shared/corpus` beside the checkout.
let corpusRoot: URL = {
    if let path = ProcessInfo.processInfo.environment["ACERVO_CORPUS"], !path.isEmpty {
        return URL(fileURLWithPath: path, isDirectory: true)
    }
    return packageRoot.deletingLastPathComponent().appending(path: "shared/corpus")
}()

/// Whether the corpus has anything in it: tests that read it are disabled, with this reason, without it.
let corpusPresent: Bool = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: corpusRoot.path)) ?? []
    return names.contains { !$0.hasPrefix(".") && $0 != "README.md" }
}()

/// The trait of every test that reads the corpus: skipped, and said so, when the corpus is absent.
let needsCorpus = ConditionTrait.enabled(if: corpusPresent, "the shared corpus (../shared/corpus or ACERVO_CORPUS) is absent")

/// The sample documents and what each should get.
struct SampleExpectation: Decodable, Sendable, CustomTestStringConvertible {
    var file: String
    var kind: String
    var verdict: String
    var reasons: [String]?
    var format: String?
    var mime: String?
    var note: String?

    var testDescription: String { "\(file) as \(kind)" }

    static let all: [SampleExpectation] = {
        let url = packageRoot.appending(path: "SampleDocs/expected.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([SampleExpectation].self, from: data)) ?? []
    }()
}

/// Runs a command and returns its exit status and output, with a deadline: a test never hangs.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

func runCommand(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                timeout: TimeInterval = 120) throws -> CommandResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes while the process runs, so a full pipe never blocks it.
    let outData = LockedData(), errData = LockedData()
    let group = DispatchGroup()
    for (pipe, sink) in [(out, outData), (err, errData)] {
        group.enter()
        DispatchQueue.global().async {
            sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    group.wait()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData.get(), as: UTF8.self),
                         stderr: String(decoding: errData.get(), as: UTF8.self))
}

final class LockedData: @unchecked Sendable {
    // Guarded by `lock`; written once by a reader thread, read after the DispatchGroup wait.
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}

/// The `acervo` executable built beside the tests.
let acervoExecutable: URL = {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
    ]
    for dir in candidates {
        let exe = dir.appending(path: "acervo")
        if FileManager.default.isExecutableFile(atPath: exe.path) { return exe }
    }
    return packageRoot.appending(path: ".build/debug/acervo")
}()

/// Whether a program is on PATH.
func which(_ program: String) -> URL? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let candidate = URL(fileURLWithPath: String(dir)).appending(path: program)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
}
