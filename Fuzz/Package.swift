// swift-tools-version:6.1
import Foundation
import PackageDescription

// A path dependency is named by its directory: the Acervo checkout one level up, whatever it is called.
let acervo = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

/// libFuzzer targets for Acervo's structural parsers and image decoders. Built only by `scripts/fuzz.sh`,
/// with `-sanitize=fuzzer,address`: libFuzzer supplies `main`, so a plain `swift build` here does not link.
let package = Package(
    name: "AcervoFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "acervo-fuzz",
            dependencies: [.product(name: "Acervo", package: acervo)],
            path: "Sources/AcervoFuzz"
        ),
    ],
    swiftLanguageModes: [.v6]
)
