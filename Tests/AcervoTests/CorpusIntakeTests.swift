import Acervo
import AcervoCore
import AcervoStore
import Foundation
import Testing

/// Real files nobody on the project made, through the whole intake: every one gets a verdict with a
/// reason, the refused families are refused, and the filled store is valid OCFL.
@Suite("Corpus intake", needsCorpus)
struct CorpusIntakeTests {
    static func corpusFiles() -> [URL] {
        let enumerator = FileManager.default.enumerator(at: corpusRoot, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true, url.lastPathComponent != "README.md" {
                files.append(url)
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Labeled folders whose files Acervo must always refuse, whatever the kind.
    static let refusedFolders: Set<String> = ["html", "svg", "zip", "batch", "javascript", "python", "ruby", "pythonbytecode", "empty"]

    @Test("every corpus file sent as 'other' gets a verdict; refused families are refused; the store is valid")
    func everyCorpusFile() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let archive = try EvidenceArchive.open(at: dir.url.appending(path: "store"), logger: testLogger)
        let files = Self.corpusFiles()
        #expect(files.count > 100)
        let report = try await archive.intake(case: try CaseNumber(validating: "CORPUS-1"),
                                              attachments: files.map { .file($0, kind: .other) }, operatorName: "tests")
        #expect(report.items.count == files.count)
        for (file, item) in zip(files, report.items) {
            if item.verdict != .accepted {
                #expect(!item.reasons.filter { $0.verdict == item.verdict }.isEmpty, "\(file.path): \(item.verdict) without a reason")
            }
            let folder = file.deletingLastPathComponent().lastPathComponent
            if file.path.contains("/labeled/"), Self.refusedFolders.contains(folder) {
                #expect(item.verdict == .rejected, "\(file.path): \(item.verdict) \(item.identification.format)")
            }
            if file.path.contains("/cameras/") || file.path.contains("/orientation/") {
                #expect(item.verdict == .accepted, "\(file.path): \(item.reasons.map(\.code))")
            }
        }
        let verification = archive.store.verify()
        #expect(verification.isClean, "\(verification.problems.prefix(5))")
        if let validator = which("ocfl-validate.py") {
            let result = try runCommand(validator, [dir.url.appending(path: "store/objects/CORPUS-1").path])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("VALID") || result.stderr.contains("VALID"), "\(result.stdout)")
        }
    }
}
