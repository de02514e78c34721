import AcervoCore
import AcervoIdentify
import AcervoImaging
import Foundation
import Testing

/// Inputs a fuzz target once stopped on (Tests/Regressions/<target>/), run through the same engine.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let root = packageRoot.appending(path: "Tests/Regressions")

    static var inputs: [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        return walker.compactMap { $0 as? URL }
            .filter { $0.lastPathComponent != "README.md" && !$0.lastPathComponent.hasPrefix(".") }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }

    @Test("Every regression input gets an identification, and every image an outcome with a reason", arguments: inputs)
    func input(_ file: URL) throws {
        let id = try Identifier().identify(fileAt: file)
        #expect(!id.mime.isEmpty)
        let target = file.deletingLastPathComponent().lastPathComponent
        guard target.hasPrefix("decode-") else { return }
        let directory = TemporaryDirectory("fuzz-regression")
        defer { directory.cleanUp() }
        var options = NormalizeOptions(maxDimension: 256, quality: 85, thumbnailDimension: 64)
        options.limits = ImageLimits(pixels: 16_000_000)
        let outcome = ImageNormalizer().normalize(fileAt: file, options: options,
                                                  writingTo: directory.url.appending(path: "out"),
                                                  thumbnailTo: directory.url.appending(path: "thumb"))
        #expect(outcome.succeeded || outcome.failure != nil)
    }
}
