import AcervoCore
import AcervoDigitize
import Foundation
import Synchronization
import Testing

/// Tesseract and Leptonica open on first use: a process where they cannot be opened still starts, and
/// whoever asks for the OCR engine gets a clear error in both languages, never a crash.
///
/// The libraries are hidden the way a machine without them would be: in a private mount namespace
/// (`unshare --mount`, as root), the library's file is covered by an empty one, so the dynamic loader
/// finds it and cannot load it. Nothing outside that namespace sees the change.
@Suite struct TesseractLoadingTests {
    /// The environment variable that tells this test binary, run again inside such a namespace, that the
    /// libraries are hidden there.
    static let hiddenVariable = "ACERVO_TEST_TESSERACT_HIDDEN"

    static let libraries = ["libtesseract.so.5", "liblept.so.5"]

    /// Whether this process may make a private mount namespace (root, with the capability to mount).
    static let canHide: Bool = {
        guard let unshare = which("unshare"), getuid() == 0 else { return false }
        return (try? runCommand(unshare, ["--mount", "true"]).status) == 0
    }()

    /// The file the dynamic loader maps for `soname`, from its cache (`ldconfig -p`).
    static func file(of soname: String) throws -> String {
        let ldconfig = try #require(["/sbin/ldconfig", "/usr/sbin/ldconfig"].first { FileManager.default.isExecutableFile(atPath: $0) })
        let cache = try runCommand(URL(fileURLWithPath: ldconfig), ["-p"])
        let line = try #require(cache.stdout.split(separator: "\n").first { $0.contains(soname + " (") },
                                "\(soname) is not in the loader's cache")
        return try #require(line.components(separatedBy: " => ").last).trimmingCharacters(in: .whitespaces)
    }

    /// Runs `executable` with `arguments` in a private mount namespace where `soname`'s file is empty.
    static func runHiding(_ soname: String, _ executable: URL, _ arguments: [String],
                          environment: [String: String]? = nil) throws -> CommandResult {
        let library = try file(of: soname)
        let script = "mount --bind /dev/null \"$0\" && exec \"$@\""
        return try runCommand(try #require(which("unshare")),
                              ["--mount", "sh", "-c", script, library, executable.path] + arguments,
                              environment: environment)
    }

    @Test("without Tesseract or Leptonica the command starts, and `versions` says why Tesseract is unavailable",
          .enabled(if: canHide), arguments: libraries)
    func commandStartsWithoutTheLibrary(_ soname: String) throws {
        let versions = try Self.runHiding(soname, acervoExecutable, ["versions"])
        #expect(versions.status == 0, "\(versions.stderr)")
        let lines = versions.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("libmagic ") } && lines.contains { $0.hasPrefix("qpdf 11.") }, "\(lines)")
        let tesseract = try #require(lines.first { $0.hasPrefix("tesseract ") }, "\(lines)")
        let named = soname.hasPrefix("libtesseract") ? "libtesseract cannot be opened" : "liblept (Leptonica) cannot be opened"
        #expect(tesseract.hasPrefix("tesseract unavailable: the OCR engine (Tesseract) cannot be loaded: \(named)"), "\(tesseract)")
        #expect(tesseract.contains("o motor de OCR (Tesseract) não pôde ser carregado"), "\(tesseract)")
        // The loader's own reason, for the first file it tried: the empty file is too short to be a library.
        #expect(tesseract.contains("\(soname): file too short"), "\(tesseract)")
        #expect(!versions.stderr.contains("error while loading shared libraries"))

        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let png = try dir.file("comprovante.png", TinyImages.png)
        let sniff = try Self.runHiding(soname, acervoExecutable, ["sniff", "--json", png.path])
        #expect(sniff.status == 0, "\(sniff.stderr)")
        #expect(sniff.stdout.contains("\"format\":\"png\""), "\(sniff.stdout)")
    }

    @Test("without Tesseract or Leptonica the library's OCR gives a clear error before any page is read",
          .enabled(if: canHide), arguments: libraries)
    func recognizersFailClearlyWithoutTheLibrary(_ soname: String) throws {
        // This test binary, run again in the namespace, with only the test below selected.
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let run = try Self.runHiding(soname, binary,
                                     ["--testing-library", "swift-testing", "--filter", "engineIsAClearErrorWhenHidden"],
                                     environment: [Self.hiddenVariable: soname])
        let report = run.stdout + run.stderr
        #expect(run.status == 0, "\(report)")
        #expect(report.contains("Test run with 1 test") && report.contains("passed"), "\(report)")
    }

    /// Run only inside the namespace that hides the library (by the test above).
    @Test(.enabled(if: ProcessInfo.processInfo.environment[hiddenVariable] != nil))
    func engineIsAClearErrorWhenHidden() async throws {
        let hidden = try #require(ProcessInfo.processInfo.environment[Self.hiddenVariable])
        let named = hidden.hasPrefix("libtesseract") ? "libtesseract" : "liblept"
        do {
            _ = try PageRecognizer()
            Issue.record("an engine was made without \(hidden)")
        } catch {
            #expect(error.code == .library)
            #expect(error.english.hasPrefix("the OCR engine (Tesseract) cannot be loaded: \(named)"), "\(error.english)")
            #expect(error.english.hasSuffix("install libtesseract5"), "\(error.english)")
            #expect(error.portuguese?.hasPrefix("o motor de OCR (Tesseract) não pôde ser carregado: \(named)") == true)
        }
        // A document is refused as a whole, before its first page is loaded.
        let loads = Atomic<Int>(0)
        await #expect(throws: AcervoError.self) {
            try await DocumentRecognizer().recognize(pageCount: 3) { _ throws(AcervoError) in
                loads.add(1, ordering: .relaxed)
                throw AcervoError(.io, english: "not to be read", portuguese: "não deve ser lida")
            }
        }
        #expect(loads.load(ordering: .relaxed) == 0)
        // A digitization with OCR is refused before the pages' headers are read (a missing page would
        // otherwise be a finding of a refused document, not an error).
        let missingPage = FileManager.default.temporaryDirectory.appending(path: "acervo-sem-pagina-\(getpid()).tif")
        let request = DigitizationRequest(pages: [missingPage.path], profile: .texto, ocr: .standard,
                                          metadata: SyntheticPage.metadata)
        do {
            let outcome = try await Digitizer().digitize(request, to: missingPage.deletingPathExtension().appendingPathExtension("pdf"))
            Issue.record("digitized without \(hidden): \(outcome.findings)")
        } catch let error as AcervoError {
            #expect(error.code == .library && error.english.contains("\(named)"), "\(error)")
        }
        // And asking again gives the same answer: the libraries are tried once per process.
        #expect(throws: AcervoError.self) { try PageRecognizer() }
        #expect(DigitizationLibraryVersions.all.first { $0.library == "tesseract" }?.version.hasPrefix("unavailable: ") == true)
    }
}
