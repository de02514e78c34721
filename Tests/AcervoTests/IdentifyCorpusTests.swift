import AcervoCore
import AcervoIdentify
import Foundation
import Testing

/// Real files nobody on the project made (../shared/corpus); skipped when the folder is absent.
enum IdentifyCorpus {
    static var root: URL { corpusRoot }

    static func files(in folder: String) -> [URL] {
        let directory = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        return walker.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }
}

@Suite("Identify: the shared corpus", needsCorpus)
struct IdentifyCorpusTests {
    /// Folder name (the true type) and the format Acervo must conclude.
    @Test(arguments: [
        ("jpeg", FileFormat.jpeg), ("png", .png), ("pdf", .pdf), ("docx", .docx), ("xlsx", .xlsx), ("pptx", .pptx),
        ("odt", .odt), ("ods", .ods), ("odp", .odp), ("eml", .eml), ("mp3", .mp3), ("ogg", .oggVorbis), ("wav", .wav),
        ("flac", .flac), ("zip", .archive), ("epub", .archive), ("html", .html), ("svg", .svg), ("python", .script),
        ("javascript", .script), ("batch", .script), ("ruby", .script), ("empty", .empty), ("txt", .text),
        ("rtf", .rtf), ("json", .json), ("csv", .csv), ("outlook", .oleOffice), ("pythonbytecode", .executable),
    ])
    func labeledTypes(folder: String, format: FileFormat) throws {
        let identifier = try Identifier()
        let files = IdentifyCorpus.files(in: "labeled/\(folder)")
        #expect(!files.isEmpty)
        for file in files {
            let id = identifier.identify(fileAt: file)
            #expect(id.format == format, "\(file.lastPathComponent): \(id.format) \(id.mime) \(id.description)")
            #expect(id.findings.isEmpty, "\(file.lastPathComponent): \(id.findings)")
        }
    }

    @Test func heicPhotosAreHEIC() throws {
        let identifier = try Identifier()
        let files = IdentifyCorpus.files(in: "cameras/heic")
        #expect(!files.isEmpty)
        for file in files {
            let id = identifier.identify(fileAt: file)
            #expect(id.format == .heic, "\(file.lastPathComponent)")
            #expect(id.findings.isEmpty, "\(file.lastPathComponent): \(id.findings)")
        }
    }

    @Test func cameraJPEGsAreWholeJPEGs() throws {
        let identifier = try Identifier()
        for file in IdentifyCorpus.files(in: "cameras/jpg") + IdentifyCorpus.files(in: "orientation") {
            let id = identifier.identify(fileAt: file)
            #expect(id.format == .jpeg, "\(file.lastPathComponent)")
            #expect(id.findings.isEmpty, "\(file.lastPathComponent): \(id.findings)")
        }
    }

    @Test func everyFileCutAnywhereIdentifiesWithoutCrashing() throws {
        // Every corpus file, whole and cut at a few points: any answer is fine, crashing or hanging is not.
        let identifier = try Identifier()
        for file in IdentifyCorpus.files(in: "") {
            let bytes = try Data(contentsOf: file)
            _ = identifier.identify(fileAt: file)
            for cut in [1, 7, 100, 1000, bytes.count / 2, bytes.count - 1] where cut > 0 && cut < bytes.count {
                let id = identifier.identify(data: bytes.prefix(cut))
                #expect(id.format != .empty)
            }
        }
    }
}
