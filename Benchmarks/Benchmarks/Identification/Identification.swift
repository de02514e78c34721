import Acervo
import AcervoCore
import Benchmark
import Foundation

// The root package exports no AcervoIdentify product, so these benchmarks reach `Identifier` through
// `Sniffer`, the public API that wraps it. One worker keeps the figures per core, not per machine.

/// The sample uploads in `SampleDocs/`, found from this file so the benchmark runs from any directory.
private let sampleFiles: [URL] = {
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "SampleDocs")
    struct Sample: Decodable { var file: String }
    guard let listing = try? Data(contentsOf: root.appending(path: "expected.json")),
          let samples = try? JSONDecoder().decode([Sample].self, from: listing) else {
        fatalError("cannot read \(root.path)/expected.json")
    }
    return samples.map { root.appending(path: $0.file) }
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 3,
        maxDuration: .seconds(3),
        maxIterations: 200
    )
    let sniffer: Sniffer
    do {
        sniffer = try Sniffer(workers: 1)
    } catch {
        fatalError("cannot start libmagic: \(error)")
    }
    let files = sampleFiles
    let contents = files.map { url -> Data in
        guard let data = try? Data(contentsOf: url) else { fatalError("cannot read \(url.path)") }
        return data
    }

    // From disk: the path `acervo sniff` and intake take, with the page cache warm after warm-up.
    Benchmark("Identify the 60 SampleDocs files from disk") { benchmark in
        for url in files {
            blackHole(await sniffer.identify(fileAt: url))
        }
    }

    // From memory: what the web API pays for an upload it already holds, without file reads.
    Benchmark("Identify the 60 SampleDocs uploads from memory") { benchmark in
        for data in contents {
            blackHole(await sniffer.identify(data: data))
        }
    }
}
