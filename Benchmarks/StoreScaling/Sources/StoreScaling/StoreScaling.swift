// The store-scaling benchmark (see Benchmarks/README.md, "Store scaling"): 300 one-file uploads
// trickling into one case through the library, and 20 uploads to 20 cases at once against the same
// 20 one after the other. Prints one table and, with --json FILE, every sample. Public API only, so
// the same source measures older checkouts of Acervo.
import Acervo
import Foundation
import Logging

struct Options {
    var work = URL(fileURLWithPath: NSTemporaryDirectory())
    var photo = URL(fileURLWithPath: "SampleDocs/photo/geladeira-amassada.jpg")
    var uploads = 300
    var cases = 20
    var rounds = 3
    var json: URL?

    init(_ arguments: [String]) {
        var it = arguments.dropFirst().makeIterator()
        func value(_ name: String) -> String {
            guard let v = it.next() else { fatalError("\(name) needs a value") }
            return v
        }
        while let argument = it.next() {
            switch argument {
            case "--work": work = URL(fileURLWithPath: value(argument))
            case "--photo": photo = URL(fileURLWithPath: value(argument))
            case "--uploads": uploads = max(20, Int(value(argument)) ?? 300)
            case "--cases": cases = max(2, Int(value(argument)) ?? 20)
            case "--rounds": rounds = max(1, Int(value(argument)) ?? 3)
            case "--json": json = URL(fileURLWithPath: value(argument))
            default: fatalError("unknown argument \(argument)")
            }
        }
    }
}

/// The photo with a comment segment after SOI naming `n`: a valid JPEG whose bytes differ from every
/// other upload's, so nothing is deduplicated.
func variant(of jpeg: Data, _ n: Int) -> Data {
    let comment = Data("acervo store benchmark upload \(n)".utf8)
    let length = comment.count + 2
    var out = Data(jpeg.prefix(2))
    out.append(contentsOf: [0xFF, 0xFE, UInt8(length >> 8), UInt8(length & 0xFF)])
    out.append(comment)
    out.append(jpeg.dropFirst(2))
    return out
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// The process's peak resident set (VmHWM), in MiB.
func peakRSSMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kib = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) }
        return (kib ?? .nan) / 1024
    }
    return .nan
}

func median(_ values: some Collection<Double>) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Bytes of every regular file under `url` (apparent sizes; a file with several links counted once),
/// by top-level entry, and the payload: originals and derivatives, wherever the layout keeps them.
func bytes(under url: URL) -> (total: Int64, payload: Int64, byTop: [String: Int64]) {
    var total: Int64 = 0
    var payload: Int64 = 0
    var byTop: [String: Int64] = [:]
    var seen = Set<String>()
    let base = url.standardizedFileURL.path
    let keys: [URLResourceKey] = [.fileSizeKey, .isRegularFileKey, .fileResourceIdentifierKey]
    guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: keys) else { return (0, 0, [:]) }
    for case let file as URL in walker {
        guard let values = try? file.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
        if let id = values.fileResourceIdentifier, !seen.insert("\(id)").inserted { continue }
        let size = Int64(values.fileSize ?? 0)
        total += size
        let relative = String(file.standardizedFileURL.path.dropFirst(base.count + 1))
        byTop[String(relative.split(separator: "/").first ?? ""), default: 0] += size
        if relative.contains("/originals/") || relative.contains("/derivatives/") { payload += size }
    }
    return (total, payload, byTop)
}

func intakeOne(_ archive: EvidenceArchive, _ caseNumber: CaseNumber, _ data: Data, _ n: Int) async throws {
    let report = try await archive.intake(case: caseNumber,
                                          attachments: [.bytes(data, kind: .photo, name: "foto-\(n).jpg", mime: "image/jpeg")],
                                          operatorName: "bench")
    guard report.items.first?.verdict == .accepted else {
        fatalError("upload \(n) was not accepted: \(report.items)")
    }
}

@main
struct StoreScaling {
    static func main() async throws {
        let options = Options(CommandLine.arguments)
        let photo = try Data(contentsOf: options.photo)
        var logger = Logger(label: "acervo.bench")
        logger.logLevel = .warning
        var samples: [String: Any] = [:]

        // 1. Trickle: one case, one upload after the other.
        let trickleStore = options.work.appendingPathComponent("trickle")
        let archive = try EvidenceArchive.open(at: trickleStore, logger: logger)
        let trickleCase = try CaseNumber(validating: "SP-2026-000001")
        var costs: [Double] = []
        var uploadBytes: Int64 = 0
        let start = now()
        for n in 1...options.uploads {
            let data = variant(of: photo, n)
            uploadBytes += Int64(data.count)
            let t0 = now()
            try await intakeOne(archive, trickleCase, data, n)
            costs.append(now() - t0)
            if n % 50 == 0 {
                FileHandle.standardError.write(Data("  upload \(n): \(String(format: "%.1f", costs.last! * 1000)) ms\n".utf8))
            }
        }
        let trickleWall = now() - start
        let rss = peakRSSMiB()
        let stored = bytes(under: trickleStore)
        let early = median(costs[5..<15])          // uploads 6-15, around the 10th
        let late = median(costs.suffix(10))         // the last 10
        samples["trickle_costs_s"] = costs
        samples["trickle_bytes_by_top"] = stored.byTop

        // 2. Concurrency: 20 uploads to 20 cases, at once and one after the other, alternating.
        let manyStore = options.work.appendingPathComponent("many")
        let many = try EvidenceArchive.open(at: manyStore, logger: logger)
        try await intakeOne(many, try CaseNumber(validating: "SP-2026-900000"), variant(of: photo, 0), 0)
        var serial: [Double] = []
        var concurrent: [Double] = []
        var counter = 1_000
        for round in 0..<options.rounds {
            for mode in (round % 2 == 0 ? ["serial", "concurrent"] : ["concurrent", "serial"]) {
                let base = counter
                counter += options.cases
                let uploads = try (0..<options.cases).map { i in
                    (try CaseNumber(validating: String(format: "SP-2026-%06d", base + i)), variant(of: photo, base + i), base + i)
                }
                let t0 = now()
                if mode == "serial" {
                    for (caseNumber, data, n) in uploads { try await intakeOne(many, caseNumber, data, n) }
                    serial.append(now() - t0)
                } else {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for (caseNumber, data, n) in uploads {
                            group.addTask { try await intakeOne(many, caseNumber, data, n) }
                        }
                        try await group.waitForAll()
                    }
                    concurrent.append(now() - t0)
                }
            }
        }
        samples["serial_s"] = serial
        samples["concurrent_s"] = concurrent
        let speedup = median(serial) / median(concurrent)

        func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
        func mib(_ b: Int64) -> String { String(format: "%.1f MiB", Double(b) / 1048576) }
        func verdict(_ ok: Bool) -> String { ok ? "PASS" : "MISS" }
        let byteRatio = Double(stored.total) / Double(max(1, stored.payload))
        let costRatio = late / early
        let loads = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
            .split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        print("Machine: nproc \(ProcessInfo.processInfo.activeProcessorCount); load average \(loads) at the end")
        print("""
            | store benchmark | value | target | result |
            |---|---|---|---|
            | trickle: \(options.uploads) one-file uploads into one case; upload 10 (median of uploads 6-15) | \(ms(early)) | | |
            | upload \(options.uploads) (median of the last 10) | \(ms(late)) | | |
            | ratio last / 10th | \(String(format: "%.2fx", costRatio)) | <= 1.50x | \(verdict(costRatio <= 1.5)) |
            | slowest upload; wall for all | \(ms(costs.max() ?? .nan)); \(String(format: "%.1f s", trickleWall)) | | |
            | store bytes / (uploads + derivatives) | \(mib(stored.total)) / \(mib(stored.payload)) = \(String(format: "%.2fx", byteRatio)) | <= 1.20x | \(verdict(byteRatio <= 1.2)) |
            | of which | \(stored.byTop.sorted { $0.key < $1.key }.map { "\($0.key) \(mib($0.value))" }.joined(separator: ", ")) | | |
            | uploads alone | \(mib(uploadBytes)) | | |
            | peak RSS after the trickle | \(String(format: "%.1f MiB", rss)) | < 64 MiB | \(verdict(rss < 64)) |
            | \(options.cases) uploads to \(options.cases) cases, one after the other (median of \(options.rounds)) | \(String(format: "%.2f s", median(serial))) | | |
            | the same, all at once (median of \(options.rounds)) | \(String(format: "%.2f s", median(concurrent))) | | |
            | throughput ratio | \(String(format: "%.2fx", speedup)) | >= 1.60x | \(verdict(speedup >= 1.6)) |
            """)
        if let json = options.json {
            let data = try JSONSerialization.data(withJSONObject: samples, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: json)
        }
    }
}
