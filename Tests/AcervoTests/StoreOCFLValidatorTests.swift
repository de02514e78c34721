import AcervoCore
@testable import AcervoStore
import Foundation
import Testing

/// The path of `ocfl-validate.py` (pip package `ocfl-py`), if installed.
let ocflValidator: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/ocfl-validate.py"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}()

@Suite struct StoreOCFLValidatorTests {
    func validate(_ root: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ocflValidator!)
        process.arguments = [root.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test(.enabled(if: ocflValidator != nil, "ocfl-validate.py (pip install ocfl-py) is not installed"))
    func ocflValidateAcceptsAFilledStorageRoot() throws {
        let (fixture, _) = try filledStore()
        defer { fixture.remove() }
        var derived = try fixture.stage(storeSamplePDF(8), name: "foto.jpg", kind: .photo, case: storeCaseB)
        let display = fixture.store.stagingDirectory.appendingPathComponent("display-\(UUID())")
        try Data(storeSamplePDF(11, size: 900)).write(to: display)
        derived.derivatives = [.init(name: "display.jpg", stagedFile: display)]
        try fixture.commit([derived], case: storeCaseB)
        // The storage root's structure (declaration, layout, object discovery), then each object in full.
        let root = try validate(fixture.directory.appendingPathComponent("objects"))
        #expect(root.status == 0, "\(root.output)")
        #expect(!root.output.contains("[E"), "\(root.output)")
        for caseNumber in [storeCaseA, storeCaseB] {
            let object = try validate(fixture.objectURL(caseNumber))
            #expect(object.status == 0, "\(object.output)")
            #expect(object.output.contains("is VALID"), "\(object.output)")
        }
    }

    @Test(.enabled(if: ocflValidator != nil, "ocfl-validate.py (pip install ocfl-py) is not installed"))
    func ocflValidateRejectsAFlippedByte() throws {
        let (fixture, first) = try filledStore()
        defer { fixture.remove() }
        let url = fixture.objectURL(storeCaseA)
            .appendingPathComponent("v1/content/originals/\(first.record.id.uuidString.lowercased())/Conta de luz.pdf")
        var bytes = try Data(contentsOf: url)
        bytes[10] ^= 0x20
        try bytes.write(to: url)
        // ocfl-py 2.1.0 checks a storage root's structure but exits 0 whatever its objects hold, so the
        // digests are judged object by object.
        let object = try validate(fixture.objectURL(storeCaseA))
        #expect(object.status != 0, "\(object.output)")
        #expect(object.output.contains("Conta de luz.pdf"), "\(object.output)")
    }

    @Test(.enabled(if: ocflValidator != nil, "ocfl-validate.py (pip install ocfl-py) is not installed"))
    func ocflValidateAcceptsSealedOpenVersionsAndIgnoresPendingOnes() throws {
        let (fixture, _) = try filledStore()
        defer { fixture.remove() }
        let limits = OpenVersionLimits(uploads: 2, bytes: 1 << 40, age: 3600)
        // Two uploads sealed as v3 by the limit, a third waiting in the open version.
        for n in 20...22 {
            try fixture.commit([try fixture.stage(storeSamplePDF(n), name: "doc\(n).pdf", case: storeCaseA)],
                               case: storeCaseA, versioning: .openVersion(limits))
        }
        #expect(try fixture.store.caseVersion(storeCaseA).number == 3)
        #expect(FileManager.default.fileExists(atPath: fixture.directory.appendingPathComponent("open/\(storeCaseA.rawValue)").path))
        let root = try validate(fixture.directory.appendingPathComponent("objects"))
        #expect(root.status == 0 && !root.output.contains("[E"), "\(root.output)")
        let object = try validate(fixture.objectURL(storeCaseA))
        #expect(object.status == 0 && object.output.contains("is VALID"), "\(object.output)")
        #expect(fixture.store.verify().isClean, "\(fixture.store.verify())")
    }
}
