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
        .library(name: "AcervoDigitizedIntake", targets: ["AcervoDigitizedIntake"]),
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
            name: "CDeflate",
            pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"])]
        ),
        .systemLibrary(
            name: "CLCMS",
            pkgConfig: "lcms2",
            providers: [.apt(["liblcms2-dev"])]
        ),
        // Linked by the tests, which read and write archives with libarchive directly. Acervo's own code
        // reaches libarchive through CArchiveLoader below, which opens it on first use, so that the
        // commands that never touch a dossier do not load it at start; its forwarders carry their own
        // prefix, so the two live in one test process without colliding.
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
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
        // OpenSSL's libcrypto: PKCS#12 certificates and CMS signatures (PAdES, CAdES).
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // libqrencode: the QR code printed on the station's cover sheets.
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        // The digitization module's C: setjmp-guarded libpng calls writing archival page images, through
        // CAcervoImaging's libpng error manager.
        .target(
            name: "CAcervoDigitize",
            dependencies: ["CPNG", "CTIFF", "CAcervoImaging"],
            linkerSettings: [.linkedLibrary("png16")]
        ),
        // The C that must stay C, one module per concern. Images: libjpeg and libpng behind setjmp guards
        // (probes, decoders, encoders), the resampler and the progressive-refinement decoder.
        .target(
            name: "CAcervoImaging",
            dependencies: ["CJPEG", "CPNG", "CLCMS"],
            // The C files include the headers directly, so the modulemaps' `link` lines never apply here.
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16"), .linkedLibrary("lcms2")]
        ),
        // System calls Swift cannot make directly (O_DIRECT, mallopt); reached through AcervoSystem.
        .target(
            name: "CAcervoSystem"
        ),
        // JPEG and PNG writers for the tests' inputs: linked by the tests only, shipped in no product.
        .target(
            name: "CAcervoTestWriters",
            dependencies: ["CAcervoImaging"]
        ),

        // Optional C libraries, opened (dlopen) on first use by one mechanism: CAcervoLazyLoading. Each
        // loader gives the library's declarations and, for each function Acervo calls, a forwarder under
        // the loader's prefix. Their headers include the libraries' own from the system include path
        // (scripts/requirements.sh installs libarchive-dev, libheif-dev and libtesseract-dev); nothing links them.
        .target(
            name: "CAcervoLazyLoading"
        ),
        .target(
            name: "CArchiveLoader",
            dependencies: ["CAcervoLazyLoading"]
        ),
        .target(
            name: "CHeifLoader",
            dependencies: ["CAcervoLazyLoading"]
        ),
        // Tesseract's C API and the Leptonica functions that hand it a page: the text layer of digitized
        // documents. libtesseract brings libarchive, libcurl, Leptonica and libgomp; opened on first use, a
        // command that reads no page loads none of them.
        .target(
            name: "CTesseractLoader",
            dependencies: ["CAcervoLazyLoading"]
        ),
        // zbar (cover sheets' QR codes), opened on the first page read for a sheet: Debian's libzbar brings
        // X11, D-Bus, systemd and video libraries that no other command needs.
        .target(
            name: "CZbarLoader",
            dependencies: ["CAcervoLazyLoading"]
        ),

        // MARK: Acervo
        .target(
            name: "AcervoCore",
            dependencies: [],
            swiftSettings: strictSettings
        ),
        // The system calls the store, the pipeline and the dossiers share: durable writes (fsync and
        // rename), EINTR-safe reads and writes, hashing lanes, worker pools and blocking work on threads.
        .target(
            name: "AcervoSystem",
            dependencies: ["AcervoCore", "CAcervoSystem", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AcervoIdentify",
            dependencies: ["AcervoCore", "AcervoSystem", "CMagic", "CAcervoImaging", "CZlib"],
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
                "AcervoCore", "AcervoSystem",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AcervoDossier",
            dependencies: [
                "AcervoCore", "AcervoSystem", "AcervoStore", "CArchiveLoader",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AcervoImaging",
            dependencies: ["AcervoCore", "AcervoSystem", "CAcervoImaging", "CHeifLoader"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AcervoDigitize",
            dependencies: ["AcervoCore", "AcervoPolicy", "AcervoSystem", "CTIFF", "CQPDF", "CTesseractLoader", "COpenSSL", "CPNG", "CJPEG", "CZlib", "CDeflate", "CLCMS",
                           "CJBIG2", "CAcervoDigitize", "CAcervoImaging"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Acervo",
            dependencies: [
                "AcervoCore", "AcervoSystem", "AcervoIdentify", "AcervoPolicy", "AcervoStore", "AcervoImaging",
                "AcervoDossier",
                "CMagic", "CJPEG", "CPNG", "CArchiveLoader",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Intake of scanned paper as the legal digital document. Its own module, so that a server linking
        // Acervo for uploads never loads qpdf, OpenSSL, libtiff or Tesseract.
        .target(
            name: "AcervoDigitizedIntake",
            dependencies: [
                "Acervo", "AcervoCore", "AcervoSystem", "AcervoPolicy", "AcervoStore", "AcervoDigitize",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The station's one system call Swift's Glibc module lacks: statfs (network file systems get polled).
        .target(
            name: "CAcervoStation"
        ),
        .target(
            name: "AcervoStation",
            dependencies: [
                "Acervo", "AcervoDigitizedIntake", "AcervoCore", "AcervoDigitize", "AcervoStore", "AcervoSystem", "CTIFF", "CQPDF", "CQRencode",
                "CAcervoStation",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        // Cover sheets in scanned stacks: a sheet's QR code found in a page's pixels (zbar), and a stack
        // split at its sheets. The station reaches it through its CoverSheetReading protocol.
        .target(
            name: "AcervoCoverSheets",
            dependencies: ["AcervoCore", "AcervoStation", "AcervoDigitize", "CZbarLoader"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "acervo",
            dependencies: [
                "AcervoImaging", "AcervoSystem", "AcervoStation", "AcervoCoverSheets", "AcervoDigitize", "AcervoDigitizedIntake",
                "Acervo", "AcervoCore", "AcervoPolicy", "AcervoStore", "AcervoDossier",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AcervoTests",
            dependencies: [
                "AcervoImaging", "CAcervoImaging", "CAcervoTestWriters",
                "Acervo", "AcervoCore", "AcervoIdentify", "AcervoPolicy", "AcervoStore", "AcervoSystem", "CZlib",
                "CDeflate", "AcervoDossier", "CArchive", "AcervoDigitize", "CTIFF", "CQPDF", "COpenSSL", "AcervoStation",
                "AcervoCoverSheets", "AcervoDigitizedIntake",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
