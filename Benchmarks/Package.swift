// swift-tools-version:6.1
import PackageDescription

import struct Foundation.URL

/// SwiftPM names a path dependency after its directory, so the root's identity depends on where the
/// repository was cloned (`main`, `acervo`, ...).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let rootIdentity = root.lastPathComponent.lowercased()

/// In-process benchmarks of Acervo, kept in their own package so the benchmark tool and its malloc
/// interposer never become dependencies of the library. Run with `swift package benchmark` here.
let package = Package(
    name: "AcervoBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Identification",
            dependencies: [
                .product(name: "Acervo", package: rootIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Identification",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
