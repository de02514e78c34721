// swift-tools-version:6.1
import PackageDescription

import struct Foundation.URL

/// SwiftPM names a path dependency after its directory, so the root's identity depends on where the
/// repository was cloned (`main`, `acervo`, ...). `ACERVO_ROOT` points the benchmark at another
/// checkout of Acervo, to measure an older commit with the same benchmark (it uses public API only).
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let root = (Context.environment["ACERVO_ROOT"].map { URL(fileURLWithPath: $0) }
    ?? here.deletingLastPathComponent().deletingLastPathComponent()).standardizedFileURL
let rootIdentity = root.lastPathComponent.lowercased()

/// The store-scaling benchmark: uploads trickling into one case, and concurrent uploads to many cases,
/// through the `Acervo` library. Its own package, so it links nothing but the library.
let package = Package(
    name: "StoreScaling",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: root.path)],
    targets: [
        .executableTarget(
            name: "StoreScaling",
            dependencies: [.product(name: "Acervo", package: rootIdentity)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
