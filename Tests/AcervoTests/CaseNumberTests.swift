import Acervo
import AcervoCore
import Foundation
import Testing

@Suite("Protocol numbers")
struct CaseNumberTests {
    @Test("Spellings that differ only in case are one protocol number, in upper case",
          arguments: ["ms-2024-000123", "Ms-2024-000123", "MS-2024-000123"])
    func canonical(spelling: String) throws {
        let number = try CaseNumber(validating: spelling)
        #expect(number.rawValue == "MS-2024-000123")
        #expect(number == CaseNumber(rawValue: "MS-2024-000123"))
    }

    @Test("Intakes under two spellings of one protocol number land in one case object")
    func oneObject() async throws {
        let directory = TemporaryDirectory("acervo-case-number")
        defer { directory.cleanUp() }
        let archive = try EvidenceArchive.open(at: directory.url.appending(path: "store"), logger: testLogger)
        let docs = packageRoot.appending(path: "SampleDocs")
        _ = try await archive.intake(case: try CaseNumber(validating: "ms-2024-000123"), attachments: [
            .file(docs.appending(path: "photo/geladeira-amassada.jpg"), kind: .photo),
        ], operatorName: "tests")
        let second = try await archive.intake(case: try CaseNumber(validating: "MS-2024-000123"), attachments: [
            .file(docs.appending(path: "receipt/danfe-nota-fiscal.pdf"), kind: .receipt),
        ], operatorName: "tests")
        #expect(second.version == 2)
        let objects = try FileManager.default.contentsOfDirectory(atPath: directory.url.appending(path: "store/objects").path)
            .filter { !$0.hasPrefix("0=") && $0 != "extensions" && $0 != "ocfl_layout.json" }
        #expect(objects == ["MS-2024-000123"])
    }
}
