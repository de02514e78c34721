import AcervoIdentify
import AcervoImaging
import Foundation

/// The target this process fuzzes, named by `ACERVO_FUZZ_TARGET` (`scripts/fuzz.sh` sets it).
nonisolated(unsafe) private var target: FuzzTarget?
nonisolated(unsafe) private var identifier: Identifier?
nonisolated(unsafe) private let normalizer = ImageNormalizer()
/// Where decoder inputs and outputs go: one scratch directory per process, in memory where possible.
nonisolated(unsafe) private var scratch: URL?

/// libFuzzer's set-up hook: picks the target once, and opens libmagic once (not per input).
@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    guard target == nil else { return 0 }
    let name = ProcessInfo.processInfo.environment["ACERVO_FUZZ_TARGET"] ?? ""
    guard let chosen = FuzzTarget.all.first(where: { $0.name == name }) else {
        let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data("acervo-fuzz: set ACERVO_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(64)
    }
    target = chosen
    do {
        identifier = try Identifier()
    } catch {
        FileHandle.standardError.write(Data("acervo-fuzz: cannot open libmagic: \(error)\n".utf8))
        exit(70)
    }
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm")
        : FileManager.default.temporaryDirectory
    let directory = base.appending(path: "acervo-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    scratch = directory
    atexit { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
    return 0
}

/// libFuzzer's entry point: one input through the chosen target. A crash, a sanitizer report or a
/// timeout is a finding; any verdict, however grave, is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let target, let identifier, let scratch else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    let input = target.input(bytes)
    switch target.engine {
    case .identify:
        _ = input.withUnsafeBytes { identifier.identify(bytes: $0) }
    case .normalize(let pathExtension):
        let source = scratch.appending(path: "in.\(pathExtension)")
        guard (try? Data(input).write(to: source)) != nil else { return 0 }
        // Small limits keep each run short: the limits themselves are part of what is fuzzed.
        var options = NormalizeOptions(maxDimension: 256, quality: 85, thumbnailDimension: 64)
        options.limits = ImageLimits(pixels: 16_000_000)
        _ = normalizer.normalize(fileAt: source, options: options, writingTo: scratch.appending(path: "out"),
                                 thumbnailTo: scratch.appending(path: "thumb"))
    }
    return 0
}

/// libFuzzer's driver, which parses its flags and runs the loop.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The process's entry point. SwiftPM links every executable with `main` defined as `<module>_main`, so
/// libFuzzer's own `main` cannot be used; this one hands the command line to libFuzzer's driver.
@_cdecl("acervo_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    _ = fuzzerInitialize(&count, &arguments)
    return runDriver(&count, &arguments) { data, size in fuzzerTestOneInput(data, size) }
}
