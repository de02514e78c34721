import Crypto
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// SIGKILL at random moments of real `acervo intake` and `acervo dossier build` processes, on one store.
/// After each kill: `store verify` passes (after the next open's recovery), every version that existed
/// before is byte for byte as it was, a partial dossier left beside the output is one the next build
/// reclaims, and (at the end) every OCFL object of every state the store went through is valid and a
/// later intake and build succeed.
///
/// The delays come from a seeded generator: the seed is printed, and `ACERVO_KILL_SEED=<seed>` replays
/// the same sequence (`ACERVO_KILLS` sets how many kills; 36 by default).
@Suite("Randomized kill", .serialized)
struct KillTests {
    static let caseNumber = "MS-2024-000901"

    @Test("SIGKILL at random moments of intake and dossier build never breaks the store",
          .enabled(if: ocflValidator != nil, "ocfl-validate.py (pip install ocfl-py; scripts/requirements.sh) is not installed"))
    func randomKills() async throws {
        let started = Date()
        let seed = ProcessInfo.processInfo.environment["ACERVO_KILL_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 0...UInt64.max)
        let target = ProcessInfo.processInfo.environment["ACERVO_KILLS"].flatMap { Int($0) } ?? 36
        print("kill test: seed \(seed) (replay with ACERVO_KILL_SEED=\(seed)), \(target) kills")
        var random = SplitMix64(seed: seed)

        let dir = TemporaryDirectory("acervo-kill")
        defer { dir.cleanUp() }
        let run = KillRun(dir: dir)
        try run.makeInputs()

        // Calibration: one whole intake and one whole build, timed, so the kills fall within their lives.
        let intakeTime = try await run.completedIntake(label: "first")
        let buildTime = try await run.completedBuild()
        try await run.verifyAndRecord(after: "calibration")
        print("kill test: a whole intake takes \(Int(intakeTime * 1000)) ms, a whole build \(Int(buildTime * 1000)) ms")

        // Half the kills during intake, half during builds, in a seeded order.
        var plan = (0..<target).map { $0 % 2 == 0 ? KillRun.Operation.intake : .dossier }
        plan.shuffle(using: &random)
        var counts = KillCounts()
        var attempt = 0
        // The expected lives, shortened whenever a process ends before its kill: a calibration run slowed
        // by a busy machine must not make every later kill come too late.
        var lives: [KillRun.Operation: TimeInterval] = [.intake: intakeTime, .dossier: buildTime]
        while counts.kills < target && attempt < target * 3 {
            let operation = plan[counts.kills % plan.count]
            let life = lives[operation]!
            // sqrt skews the moments toward the end of a process's life, where its commit is: a uniform
            // draw spends most kills on start-up, receiving and judging.
            let delay = Int((Double(random.next() % 10_000) / 10_000).squareRoot() * life * 1_000_000)
            let label = "\(operation) #\(attempt) killed after \(delay / 1000) ms (seed \(seed))"
            attempt += 1
            let before = run.headVersion()
            let outcome = try await run.kill(operation, afterMicroseconds: delay, attempt: attempt)
            guard outcome.killed else {
                counts.finishedFirst += 1
                lives[operation] = min(life, outcome.elapsed) * 0.8
                try await run.verifyAndRecord(after: label + ", finished before the kill")
                continue
            }
            counts.count(operation, landed: run.landing(headBefore: before))
            try await run.verifyAndRecord(after: label)
            if counts.kills % 6 == 0 {
                // A later intake goes through on the store the kills left.
                _ = try await run.completedIntake(label: "after \(label)")
                try await run.verifyAndRecord(after: "an intake after \(label)")
            }
        }
        #expect(counts.kills >= target, "only \(counts.kills) of \(attempt) processes were killed before they ended")

        // What the killed builds left beside the output is reclaimed by the next build once it is old.
        let partials = run.partialDossiers()
        for partial in partials { run.age(partial, by: 2 * 60 + 5) }
        _ = try await run.completedBuild()
        #expect(run.partialDossiers().isEmpty, "left beside the dossier after a later build: \(run.partialDossiers())")
        _ = try await run.completedIntake(label: "last")
        try await run.verifyAndRecord(after: "the last intake")

        // Every object of every state the store was left in, validated in one run of ocfl-validate.py.
        let validated = try await run.validateSnapshots()
        let elapsed = Date().timeIntervalSince(started)
        print("""
            kill test: seed \(seed): \(counts.kills) kills (\(counts.intakeKills) during intake, \
            \(counts.dossierKills) during dossier build), \(counts.finishedFirst) processes ended before their kill; \
            landed: \(counts.beforeCommit) before any commit, \(counts.building) while a version was built, \
            \(counts.journaled) mid-commit after the marker, \(counts.committed) after the commit; \
            \(partials.count) partial dossier(s) left by killed builds, all reclaimed; \
            \(run.stagingLeftovers) staged upload(s) left in staging/incoming; \
            \(validated) OCFL object states validated; \(String(format: "%.1f", elapsed)) s
            """)
    }
}

/// Where a kill landed, judged from what it left before any recovery ran.
enum KillLanding {
    /// Nothing of a commit on disk: killed while starting, receiving, judging or bundling.
    case beforeCommit
    /// A transaction directory without a marker: the new version was being built.
    case building
    /// A commit marker: the version was being moved into the object (recovery rolls it on or back).
    case journaled
    /// The head moved and no marker is left: the commit was done.
    case committed
}

/// The figures the test reports.
struct KillCounts {
    var intakeKills = 0
    var dossierKills = 0
    var finishedFirst = 0
    var beforeCommit = 0
    var building = 0
    var journaled = 0
    var committed = 0

    var kills: Int { intakeKills + dossierKills }

    mutating func count(_ operation: KillRun.Operation, landed: KillLanding) {
        switch operation {
        case .intake: intakeKills += 1
        case .dossier: dossierKills += 1
        }
        switch landed {
        case .beforeCommit: beforeCommit += 1
        case .building: building += 1
        case .journaled: journaled += 1
        case .committed: committed += 1
        }
    }
}

/// One store under fire: its inputs, the versions seen so far with their digests, and the snapshots of
/// its objects after each recovery.
final class KillRun {
    enum Operation: CustomStringConvertible {
        case intake, dossier
        var description: String { self == .intake ? "intake" : "dossier build" }
    }

    let dir: TemporaryDirectory
    let store: URL
    let outputDirectory: URL
    let output: URL
    let snapshots: URL
    /// The SHA-256 of every file of every version directory recorded so far, by path under `objects/`.
    private var versionDigests: [String: String] = [:]
    private var snapshotCount = 0
    private var photos: [URL] = []
    /// Staged uploads that killed intakes left in `staging/incoming`, seen after recovery.
    private(set) var stagingLeftovers = 0

    init(dir: TemporaryDirectory) {
        self.dir = dir
        store = dir.url.appending(path: "store")
        outputDirectory = dir.url.appending(path: "dossiers")
        output = outputDirectory.appending(path: "dossie.tar")
        snapshots = dir.url.appending(path: "snapshots")
    }

    /// Three photos, large enough that receiving, identifying and normalizing take a moment.
    func makeInputs() throws {
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: snapshots, withIntermediateDirectories: true)
        for index in 0..<3 {
            let url = dir.url.appending(path: "inputs/foto\(index).jpg")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try TestImages.jpeg(url, width: 640, height: 480, components: 3, quality: 90) { x, y in
                [UInt8(truncatingIfNeeded: x &* 3 &+ index), UInt8(truncatingIfNeeded: y &* 5), UInt8(truncatingIfNeeded: x ^ y)]
            }
            photos.append(url)
        }
    }

    /// The arguments of an intake of the photos, a receipt of its own (new bytes every time) and a script
    /// posing as a PDF (quarantined).
    func intakeArguments(_ label: String) throws -> [String] {
        let unique = UUID().uuidString
        let receipt = try dir.file("inputs/\(unique)/nota.pdf", TinyDocuments.pdf(catalogExtra: "/Acervo (\(unique))"))
        let script = try dir.file("inputs/\(unique)/script.pdf", Data("#!/bin/sh\necho \(unique)\n".utf8))
        return ["intake", "--store", store.path, "--case", KillTests.caseNumber, "--kind", "receipt",
                "--operator", "kill-test"] + photos.map(\.path) + [receipt.path, script.path]
    }

    var buildArguments: [String] {
        ["dossier", "build", "--store", store.path, "--case", KillTests.caseNumber, "--output", output.path,
         "--operator", "kill-test"]
    }

    /// Runs a whole intake, which must succeed; returns how long it took.
    func completedIntake(label: String) async throws -> TimeInterval {
        let start = Date()
        let result = try await commandOffPool(acervoExecutable, try intakeArguments(label))
        #expect(result.status == 0, "the intake \(label) failed: \(result.stdout)\(result.stderr)")
        return Date().timeIntervalSince(start)
    }

    /// Runs a whole dossier build, which must succeed; returns how long it took.
    func completedBuild() async throws -> TimeInterval {
        let start = Date()
        let result = try await commandOffPool(acervoExecutable, buildArguments)
        #expect(result.status == 0, "a dossier build failed: \(result.stdout)\(result.stderr)")
        return Date().timeIntervalSince(start)
    }

    /// Starts `operation` and sends it SIGKILL after `microseconds`; `killed` is `false` when it ended first,
    /// and `elapsed` is how long it lived.
    func kill(_ operation: Operation, afterMicroseconds microseconds: Int, attempt: Int) async throws
        -> (killed: Bool, elapsed: TimeInterval) {
        let start = Date()
        let process = Process()
        process.executableURL = acervoExecutable
        process.arguments = operation == .intake ? try intakeArguments("killed #\(attempt)") : buildArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await Task.sleep(for: .microseconds(microseconds))
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        await exited(process)
        let elapsed = Date().timeIntervalSince(start)
        if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL { return (true, elapsed) }
        #expect(process.terminationStatus == 0, "\(operation) #\(attempt) ended with \(process.terminationStatus) before its kill")
        return (false, elapsed)
    }

    /// The case's head version as its root inventory says, before any recovery; 0 when there is none.
    func headVersion() -> Int {
        let inventory = store.appending(path: "objects/\(KillTests.caseNumber)/inventory.json")
        guard let data = try? Data(contentsOf: inventory),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let head = object["head"] as? String else { return 0 }
        return Int(head.dropFirst()) ?? 0
    }

    /// Where the last kill landed, from the marker, the transactions and the head it left.
    func landing(headBefore: Int) -> KillLanding {
        let staging = store.appending(path: "staging")
        if !names(in: staging.appending(path: "journal")).filter({ $0.hasSuffix(".json") }).isEmpty { return .journaled }
        if !names(in: staging.appending(path: "tx")).isEmpty { return .building }
        return headVersion() > headBefore ? .committed : .beforeCommit
    }

    /// Runs `store verify` (whose open recovers what the kill left), then checks that every version seen
    /// before is unchanged, that partial dossiers are unlocked (their writer is gone, so the next build
    /// reclaims them), records the new versions and keeps a snapshot of the objects for validation.
    func verifyAndRecord(after label: String) async throws {
        let verify = try await commandOffPool(acervoExecutable, ["store", "verify", "--store", store.path])
        #expect(verify.status == 0, "store verify after \(label): \(verify.stdout)\(verify.stderr)")

        let current = try digestsOfVersions()
        for (path, digest) in versionDigests where current[path] != digest {
            Issue.record("after \(label): \(path) of an earlier version \(current[path] == nil ? "is gone" : "changed")")
        }
        let earlierVersions = Set(versionDigests.keys.map(Self.versionDirectory))
        for path in current.keys where earlierVersions.contains(Self.versionDirectory(path)) && versionDigests[path] == nil {
            Issue.record("after \(label): \(path) was added to an earlier version")
        }
        versionDigests = current

        for partial in partialDossiers() {
            #expect(!isLocked(partial), "after \(label): \(partial.lastPathComponent) is still locked by a writer")
        }
        stagingLeftovers = names(in: store.appending(path: "staging/incoming")).count

        snapshotCount += 1
        let snapshot = snapshots.appending(path: String(format: "%03d", snapshotCount))
        // Hard links: versions and inventories are never rewritten in place, only replaced by rename.
        let copy = try await commandOffPool(URL(fileURLWithPath: "/bin/cp"), ["-al", store.appending(path: "objects").path, snapshot.path])
        #expect(copy.status == 0, "cp -al: \(copy.stderr)")
    }

    /// Validates every object of every snapshot, in one run of `ocfl-validate.py`; returns how many.
    func validateSnapshots() async throws -> Int {
        var objects: [String] = []
        for snapshot in names(in: snapshots) {
            let root = snapshots.appending(path: snapshot)
            for object in names(in: root) where isDirectory(root.appending(path: object)) && object != "extensions" {
                objects.append(root.appending(path: object).path)
            }
        }
        guard let validator = ocflValidator, !objects.isEmpty else { return 0 }
        let arguments = ["-q"] + objects
        let result = try await offPool { try runCommand(URL(fileURLWithPath: validator), arguments, timeout: 300) }
        let valid = result.stdout.components(separatedBy: "\n").filter { $0.hasSuffix("is VALID") }.count
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(valid == objects.count, "\(valid) of \(objects.count) objects valid: \(result.stdout)\(result.stderr)")
        return objects.count
    }

    /// The temporary files killed builds left beside the output.
    func partialDossiers() -> [URL] {
        names(in: outputDirectory).filter { $0.hasPrefix(".\(output.lastPathComponent).partial-") }
            .map { outputDirectory.appending(path: $0) }
    }

    /// Makes `url` look `seconds` older, as a leftover that waited that long.
    func age(_ url: URL, by seconds: TimeInterval) {
        try? FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-seconds)], ofItemAtPath: url.path)
    }

    private func isLocked(_ url: URL) -> Bool {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_EX | LOCK_NB) != 0
    }

    /// Every file under a `vN` directory of an object, with its SHA-256, by path under `objects/`.
    private func digestsOfVersions() throws -> [String: String] {
        let objects = store.appending(path: "objects")
        var digests: [String: String] = [:]
        for object in names(in: objects) where isDirectory(objects.appending(path: object)) {
            for version in names(in: objects.appending(path: object)) where version.hasPrefix("v") {
                let root = objects.appending(path: "\(object)/\(version)")
                let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
                while let url = enumerator?.nextObject() as? URL {
                    guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
                    let relative = "\(object)/\(version)" + String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count))
                    digests[relative] = SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
                }
            }
        }
        return digests
    }

    /// `OBJECT/vN` of a path under `objects/`.
    private static func versionDirectory(_ path: String) -> String {
        path.split(separator: "/").prefix(2).joined(separator: "/")
    }

    private func names(in url: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    private func isDirectory(_ url: URL) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
    }
}

/// A small seeded generator (SplitMix64), so a failing sequence of delays can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
