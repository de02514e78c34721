// swift-tools-version:6.1
import PackageDescription

/// Settings every Swift target shares: they keep dependencies honest and existentials explicit.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Acervo",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Acervo", targets: ["Acervo"]),
        .executable(name: "acervo", targets: ["acervo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: C libraries, as the system provides them
        .systemLibrary(
            name: "CMagic",
            pkgConfig: "libmagic",
            providers: [.apt(["libmagic-dev"])]
        ),
        .systemLibrary(
            name: "CJPEG",
            pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg62-turbo-dev"])]
        ),
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CLCMS",
            pkgConfig: "lcms2",
            providers: [.apt(["liblcms2-dev"])]
        ),
        // Linked by the tests, which read and write archives with libarchive directly. Acervo's own code
        // reaches libarchive through CArchiveLoader below, which opens it on first use, so that the
        // commands that never touch a dossier do not load it at start.
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        // Headers only: libheif is opened with dlopen on first use (see AcervoImaging's HEIFLibrary), so
        // no pkg-config link line here. scripts/requirements.sh installs libheif-dev.
        .systemLibrary(
            name: "CHeif",
            providers: [.apt(["libheif-dev"])]
        ),
        .systemLibrary(
            name: "CTIFF",
            pkgConfig: "libtiff-4",
            providers: [.apt(["libtiff-dev"])]
        ),
        // qpdf's C API: digitized documents are written as PDF/A through it, and scanners' PDFs read.
        .systemLibrary(
            name: "CQPDF",
            pkgConfig: "libqpdf",
            providers: [.apt(["libqpdf-dev"])]
        ),
        // jbig2dec: the JBIG2 page images of scanners' PDFs.
        .systemLibrary(
            name: "CJBIG2",
            pkgConfig: "jbig2dec",
            providers: [.apt(["libjbig2dec0-dev"])]
        ),
        // Tesseract's C API (with Leptonica's image type): the text layer of digitized documents.
        .systemLibrary(
            name: "CTesseract",
            pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev"])]
        ),
        // OpenSSL's libcrypto: PKCS#12 certificates and CMS signatures (PAdES, CAdES).
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // The digitization module's C: setjmp-guarded libpng calls writing archival page images.
        .target(
            name: "CAcervoDigitize",
            dependencies: ["CPNG"],
            linkerSettings: [.linkedLibrary("png16")]
        ),
        // The C that must stay C: setjmp-guarded decoder calls.
        .target(
            name: "CAcervoShims",
            dependencies: ["CJPEG", "CPNG", "CLCMS"],
            // The C files include the headers directly, so the modulemaps' `link` lines never apply here.
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16"), .linkedLibrary("lcms2")]
        ),

        // libarchive's declarations, and its functions under their own names forwarding to the library
        // opened (dlopen) on first use. Its header includes libarchive's from the system include path.
        .target(
            name: "CArchiveLoader"
        ),

        // MARK: Acervo
        .target(
            name: "AcervoCore",
            dependencies: [],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AcervoIdentify",
            dependencies: ["AcervoCore", "CMagic", "CAcervoShims", "CZlib"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AcervoPolicy",
            dependencies: ["AcervoCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AcervoStore",
            dependencies: [
                "AcervoCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AcervoDossier",
            dependencies: [
                "AcervoCore", "AcervoStore", "CArchiveLoader", "CAcervoShims",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AcervoImaging",
            dependencies: ["AcervoCore", "CAcervoShims", "CHeif"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AcervoDigitize",
            dependencies: ["AcervoCore", "CTIFF", "CQPDF", "CTesseract", "COpenSSL", "CPNG", "CJPEG", "CZlib", "CLCMS",
                           "CAcervoDigitize", "CJBIG2", "CAcervoShims"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Acervo",
            dependencies: [
                "AcervoCore", "AcervoIdentify", "AcervoPolicy", "AcervoStore", "AcervoImaging", "AcervoDossier",
                "CMagic", "CJPEG", "CPNG", "CArchiveLoader",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "acervo",
            dependencies: [
                "AcervoImaging", "CAcervoShims",
                "Acervo", "AcervoCore", "AcervoPolicy", "AcervoStore", "AcervoDossier",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AcervoTests",
            dependencies: [
                "AcervoImaging", "CAcervoShims",
                "Acervo", "AcervoCore", "AcervoIdentify", "AcervoPolicy", "AcervoStore", "CZlib",
                "AcervoDossier", "CArchive", "AcervoDigitize", "CTIFF", "CQPDF", "COpenSSL",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
