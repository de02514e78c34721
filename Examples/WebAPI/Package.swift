// swift-tools-version:6.2
import Foundation
import PackageDescription

// A path dependency is named by its directory: the Acervo checkout two levels up, whatever it is called.
let acervo = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent.lowercased()

/// The complaint web API in miniature: a Hummingbird 2 server that takes multipart uploads straight into
/// Acervo, with no file of its own in between.
let package = Package(
    name: "WebAPI",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .target(
            name: "ComplaintAPI",
            dependencies: [
                .product(name: "Acervo", package: acervo),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "complaint-api",
            dependencies: [
                "ComplaintAPI",
                .product(name: "Acervo", package: acervo),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "ComplaintAPITests",
            dependencies: [
                "ComplaintAPI",
                .product(name: "Acervo", package: acervo),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
