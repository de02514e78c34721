import AcervoCore
import AcervoDigitize
import Crypto
import Foundation
import Synchronization
import Testing

/// The pages the recognition tests read, rendered once and kept under the temporary directory, keyed by
/// the generator's own hash (a changed generator makes new pages).
enum RecognitionFixtures {
    static let names = ["letter-bitonal", "letter-grey", "letter-colour", "two-column-bitonal", "receipt-bitonal", "contract-grey"]

    static let pages: [String: ScannedTestPage]? = {
        guard let script = try? Data(contentsOf: ScannedTestPage.script) else { return nil }
        let key = SHA256.hash(data: script).prefix(6).map { String(format: "%02x", $0) }.joined()
        let home = FileManager.default.temporaryDirectory.appending(path: "acervo-scanned-pages-\(key)")
        func read() -> [String: ScannedTestPage]? {
            (try? ScannedTestPage.make(from: home, names)).map { Dictionary(uniqueKeysWithValues: $0.map { ($0.name, $0) }) }
        }
        if let pages = read() { return pages }
        // Made aside and moved into place, so two test runs at once never read a half-made folder.
        let fresh = TemporaryDirectory("acervo-scanned-pages-new")
        guard (try? ScannedTestPage.make(names, in: fresh.url)) != nil else { return nil }
        try? FileManager.default.moveItem(at: fresh.url, to: home)
        fresh.cleanUp()
        return read()
    }()

    static func page(_ name: String) throws -> ScannedTestPage {
        try #require(pages?[name], "scanned_pages.py could not render \(name) (needs gs and numpy)")
    }
}

/// Reading scanned pages with Tesseract: accuracy, reading order, boxes, pages in parallel, languages.
@Suite struct DigitizeRecognitionTests {
    /// Measured on these pages (see the report in Benchmarks/results/2026-12-06-digitize.md): about 0.98–1.0
    /// of the words for every page; the thresholds leave room for another Tesseract or Ghostscript build.
    @Test(arguments: [("letter-bitonal", 0.95), ("letter-grey", 0.95), ("letter-colour", 0.95),
                      ("receipt-bitonal", 0.9), ("contract-grey", 0.95)])
    func readsScannedPagesWithTheirWords(name: String, threshold: Double) throws {
        let page = try RecognitionFixtures.page(name)
        let recognizer = try PageRecognizer()
        let words = try recognizer.recognize(page.raster())
        let accuracy = try wordAccuracy(truth: page.truth, ocr: text(of: words))
        #expect(accuracy >= threshold, "\(name): word accuracy \(accuracy)")
        // Lines are counted in order from 0, without gaps.
        #expect(words.first?.line == 0)
        #expect(zip(words, words.dropFirst()).allSatisfy { $1.line == $0.line || $1.line == $0.line + 1 })
        #expect(words.allSatisfy { (0...100).contains($0.confidence) && !$0.text.contains(" ") })
    }

    /// A colour page is read from its luminance (Leptonica's weights and rounding, as Tesseract itself
    /// greys a line): the same words, boxes and lines as the grey raster of that luminance, for a third of
    /// the bytes the engine compresses per line.
    @Test func aColourPageIsReadAsItsLuminance() throws {
        let colour = try RecognitionFixtures.page("letter-colour").raster()
        #expect(colour.colour == .rgb)
        var grey = [UInt8](repeating: 0, count: colour.width * colour.height)
        colour.pixels.withUnsafeBytes { (rgb: UnsafeRawBufferPointer) in
            for y in 0..<colour.height {
                for x in 0..<colour.width {
                    let p = y * colour.bytesPerRow + 3 * x
                    let red = Int(rgb[p]), green = Int(rgb[p + 1]), blue = Int(rgb[p + 2])
                    // 0.3 R + 0.5 G + 0.2 B + 0.5, truncated: pixConvertRGBToLuminance.
                    let tenths: Int = 3 * red + 5 * green + 2 * blue + 5
                    grey[y * colour.width + x] = UInt8(tenths / 10)
                }
            }
        }
        var page = colour.page
        page.colour = .greyscale
        page.samplesPerPixel = 1
        let luminance = PageRaster(page: page, width: colour.width, height: colour.height, colour: .greyscale, pixels: Data(grey))
        let recognizer = try PageRecognizer()
        let fromColour = try recognizer.recognize(colour)
        let fromGrey = try recognizer.recognize(luminance)
        #expect(!fromColour.isEmpty)
        #expect(fromColour == fromGrey)
    }

    @Test func twoColumnPageReadsColumnByColumn() throws {
        let page = try RecognitionFixtures.page("two-column-bitonal")
        let words = try PageRecognizer().recognize(page.raster())
        #expect(try wordAccuracy(truth: page.truth, ocr: text(of: words)) >= 0.95)
        // Below the title, every word of the left column comes before any word of the right one.
        let titleBottom = page.words.filter { $0.line == 0 }.map { $0.top + $0.height }.max() ?? 0
        let body = words.filter { $0.top > titleBottom }
        let columns = body.map { $0.left + $0.width / 2 < page.width / 2 ? 0 : 1 }
        #expect(columns.contains(0) && columns.contains(1))
        #expect(columns == columns.sorted(), "columns in reading order: \(columns)")
        #expect(words.first?.text == "INFORMATIVO")
        // Lines restart at each column: the right column's first line follows the left column's last.
        let leftLast = try #require(body.last { $0.left < page.width / 2 }).line
        let rightFirst = try #require(body.first { $0.left >= page.width / 2 }).line
        #expect(rightFirst == leftLast + 1)
    }

    @Test func boxesLieWithinThePageAndOverTheWords() throws {
        let page = try RecognitionFixtures.page("letter-colour")
        let words = try PageRecognizer().recognize(page.raster())
        #expect(words.allSatisfy { $0.left >= 0 && $0.top >= 0 && $0.width > 0 && $0.height > 0
                && $0.left + $0.width <= page.width && $0.top + $0.height <= page.height })
        // Each word read is compared with the nearest word of the same text where it was drawn.
        let margin = 8
        var matched = 0, over = 0
        for word in words {
            let candidates = page.words.filter { $0.text == word.text }
            let cx = word.left + word.width / 2, cy = word.top + word.height / 2
            guard let drawn = candidates.min(by: {
                abs($0.left + $0.width / 2 - cx) + abs($0.top + $0.height / 2 - cy)
                    < abs($1.left + $1.width / 2 - cx) + abs($1.top + $1.height / 2 - cy)
            }) else { continue }
            matched += 1
            let inside = word.left >= drawn.left - margin && word.top >= drawn.top - margin
                && word.left + word.width <= drawn.left + drawn.width + margin
                && word.top + word.height <= drawn.top + drawn.height + margin
            let centred = (drawn.left...(drawn.left + drawn.width)).contains(cx) && (drawn.top...(drawn.top + drawn.height)).contains(cy)
            if inside && centred { over += 1 }
        }
        #expect(matched >= page.words.count * 9 / 10)
        #expect(Double(over) >= Double(matched) * 0.97, "\(over) of \(matched) boxes over their words")
    }

    @Test func pagesInParallelGiveTheWordsOfOneAtATimeInPageOrder() async throws {
        let names = ["letter-bitonal", "two-column-bitonal", "receipt-bitonal"]
        let rasters = try names.enumerated().map { try RecognitionFixtures.page($1).raster(number: $0 + 1) }
        let loads = Mutex<[Int]>([])
        let reports = Mutex<[PageRecognitionProgress]>([])
        let parallel = try await DocumentRecognizer(concurrentPages: 2).recognize(pageCount: rasters.count, page: { index in
            loads.withLock { $0.append(index) }
            return rasters[index]
        }, progress: { report in reports.withLock { $0.append(report) } })
        let serial = try await DocumentRecognizer(concurrentPages: 1).recognize(rasters)
        let alone = try rasters.map { try PageRecognizer().recognize($0) }

        #expect(try parallel.map { try $0.get() } == alone)
        #expect(try serial.map { try $0.get() } == alone)
        #expect(loads.withLock { $0.sorted() } == [0, 1, 2])
        let seen = reports.withLock { $0 }
        #expect(seen.map(\.completed) == [1, 2, 3])
        #expect(Set(seen.map(\.pageIndex)) == [0, 1, 2])
        #expect(seen.allSatisfy { $0.total == 3 && !$0.failed })
        #expect(seen.sorted { $0.pageIndex < $1.pageIndex }.map(\.words) == alone.map(\.count))
        // The pages are not mixed up: each page's text is its own.
        #expect(try wordAccuracy(truth: RecognitionFixtures.page(names[1]).truth, ocr: text(of: parallel[1].get())) >= 0.95)
    }

    @Test func aPageTheEngineCannotReadIsAnErrorForThatPageOnly() async throws {
        let blank = PageRaster(page: Self.page(1, 200, 100), width: 200, height: 100, colour: .greyscale,
                               pixels: Data(repeating: 255, count: 200 * 100))
        let short = PageRaster(page: Self.page(2, 200, 100), width: 200, height: 100, colour: .rgb,
                               pixels: Data(repeating: 0, count: 100))
        let huge = PageRaster(page: Self.page(3, 40_000, 1), width: 40_000, height: 1, colour: .bitonal,
                              pixels: Data(repeating: 0, count: 5_000))
        let results = try await DocumentRecognizer(concurrentPages: 2).recognize(pageCount: 4) { index throws(AcervoError) in
            if index == 3 {
                throw AcervoError(.io, english: "page 4 is unreadable", portuguese: "a página 4 é ilegível")
            }
            return [blank, short, huge][index]
        }
        #expect(results.count == 4)
        #expect(try results[0].get().isEmpty)
        for (index, expected) in [(1, AcervoError.Code.invalidArgument), (2, .invalidArgument), (3, .io)] {
            guard case .failure(let error) = results[index] else {
                Issue.record("page \(index + 1) should have failed")
                continue
            }
            #expect(error.code == expected)
            #expect(error.portuguese != nil)
        }
        // The same engine goes on reading after a page it refused.
        let recognizer = try PageRecognizer()
        #expect(throws: AcervoError.self) { try recognizer.recognize(short) }
        #expect(try recognizer.recognize(blank).isEmpty)
    }

    @Test func cancellingStopsBetweenPages() async throws {
        let raster = try RecognitionFixtures.page("letter-bitonal").raster()
        let loads = Mutex<[Int]>([])
        // The cancel is sent from the progress of the first page, on the worker's thread: a polling task
        // could wait behind a busy cooperative pool until every page was read.
        let handle = Mutex<Task<[Result<[RecognizedWord], AcervoError>], any Error>?>(nil)
        let cancelRequested = Atomic<Bool>(false)
        let task = Task {
            try await DocumentRecognizer(concurrentPages: 1).recognize(pageCount: 4, page: { index in
                loads.withLock { $0.append(index) }
                return raster
            }, progress: { _ in
                cancelRequested.store(true, ordering: .sequentiallyConsistent)
                handle.withLock { $0?.cancel() }
            })
        }
        handle.withLock { $0 = task }
        if cancelRequested.load(ordering: .sequentiallyConsistent) { task.cancel() }
        let outcome = await task.result
        #expect(throws: AcervoError.self) { try outcome.get() }
        if case .failure(let error as AcervoError) = outcome { #expect(error.code == .cancelled) }
        #expect(loads.withLock { $0.count } <= 2, "pages loaded after the cancel: \(loads.withLock { $0 })")
    }

    @Test func ocrNoneReadsNothing() async throws {
        #expect(try OCRLanguages(parsing: "none") == .none)
        #expect(try OCRLanguages(parsing: "NONE") == .none)
        #expect(try OCRLanguages(parsing: "por+eng") == .standard)
        #expect(try OCRLanguages(parsing: "chi_sim").names == ["chi_sim"])
        #expect(OCRLanguages.standard.description == "por+eng")
        for bad in ["", "por+", "+eng", "../por", "por+por", "por eng", "pôr"] {
            #expect(throws: AcervoError.self, "\(bad)") { try OCRLanguages(parsing: bad) }
        }
        let loads = Atomic<Int>(0)
        let results = try await DocumentRecognizer(languages: .none).recognize(pageCount: 3) { _ throws(AcervoError) in
            loads.add(1, ordering: .relaxed)
            throw AcervoError(.io, english: "not to be read", portuguese: "não deve ser lida")
        }
        #expect(loads.load(ordering: .relaxed) == 0)
        #expect(try results.map { try $0.get() } == [[], [], []])
        #expect(throws: AcervoError.self) { try PageRecognizer(languages: .none) }
    }

    @Test func aMissingLanguagePackIsAClearError() async throws {
        let languages = try OCRLanguages(parsing: "por+klingon_x")
        do {
            _ = try PageRecognizer(languages: languages)
            Issue.record("a missing language should be refused")
        } catch {
            #expect(error.code == .library)
            #expect(error.english.contains("klingon_x") && error.english.contains("tesseract-ocr-klingon-x"))
            #expect(error.portuguese?.contains("falta o pacote de idioma do OCR 'klingon_x'") == true)
        }
        // Refused before any page is loaded.
        let loads = Atomic<Int>(0)
        await #expect(throws: AcervoError.self) {
            try await DocumentRecognizer(languages: languages).recognize(pageCount: 2) { _ throws(AcervoError) in
                loads.add(1, ordering: .relaxed)
                throw AcervoError(.io, english: "not to be read", portuguese: "não deve ser lida")
            }
        }
        #expect(loads.load(ordering: .relaxed) == 0)
        // TESSDATA_PREFIX names the models' folder; without it, Debian's.
        #expect(TessdataDirectory.located(environment: ["TESSDATA_PREFIX": "/opt/models"]).url.path == "/opt/models")
        #expect(TessdataDirectory.located(environment: ["TESSDATA_PREFIX": ""]) == .debian)
        #expect(TessdataDirectory.located(environment: [:]).url.path == "/usr/share/tesseract-ocr/5/tessdata")
        let empty = TemporaryDirectory("acervo-tessdata")
        defer { empty.cleanUp() }
        #expect(throws: AcervoError.self) { try TessdataDirectory(url: empty.url).check(.standard) }
    }

    /// Tesseract's OpenMP threads are off: the page is read on the calling thread alone. The recognition
    /// runs on a thread with a name of its own; any thread it started would carry that name too (Linux
    /// copies a thread's name to the threads it creates), so their CPU is counted from /proc.
    @Test func onePageCostsOneThreadOfCPU() throws {
        let raster = try RecognitionFixtures.page("letter-bitonal").raster()
        let name = "ocr-cpu-\(getpid() % 100_000)"
        let measured = Mutex<Result<CPUMeasure, AcervoError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            CPUMeasure.nameCurrentThread(name)
            measured.withLock { $0 = Result { () throws(AcervoError) in try CPUMeasure.recognizing(raster, threadName: name) } }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        done.wait()
        let cpu = try #require(measured.withLock { $0 }).get()
        #expect(cpu.named)
        #expect(cpu.threadsStarted == 0, "the recognition started \(cpu.threadsStarted) threads")
        #expect(cpu.user <= 1.3 * cpu.wall, "user \(cpu.user) s for \(cpu.wall) s")
        #expect(cpu.user + cpu.otherThreads <= 1.3 * cpu.wall)
    }

    static func page(_ number: Int, _ width: Int, _ height: Int) -> ScannedPage {
        ScannedPage(number: number, indexInFile: 0, width: width, height: height, dpiX: 300, dpiY: 300, colour: .greyscale,
                    bitsPerSample: 8, samplesPerPixel: 1, compression: "none", lossyCompression: false)
    }
}

/// The CPU one recognition cost its thread, and any threads it started.
struct CPUMeasure: Sendable {
    var user: Double
    var wall: Double
    var threadsStarted: Int
    var otherThreads: Double
    /// Whether the measuring thread carried the name (else threads it started could not be found).
    var named: Bool

    /// glibc's `gettid` and `pthread_setname_np`, which Swift's Glibc does not export (they need _GNU_SOURCE).
    private static let currentThreadID = unsafeBitCast(dlsym(nil, "gettid"), to: (@convention(c) () -> Int32).self)
    private static let setName = unsafeBitCast(dlsym(nil, "pthread_setname_np"),
                                               to: (@convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32).self)

    /// Names the calling thread (at most 15 bytes), as `/proc/self/task/*/comm` shows it.
    static func nameCurrentThread(_ name: String) {
        _ = setName(pthread_self(), name)
    }

    /// `RUSAGE_THREAD` (Linux), which Swift's Glibc does not export.
    static let thread = __rusage_who_t(1)

    /// Recognizes `raster` on the calling thread, named `threadName`, and measures it.
    static func recognizing(_ raster: PageRaster, threadName: String) throws(AcervoError) -> CPUMeasure {
        let recognizer = try PageRecognizer()
        let me = Int(currentThreadID())
        var before = rusage(), after = rusage()
        getrusage(Self.thread, &before)
        let start = ContinuousClock.now
        _ = try recognizer.recognize(raster)
        let wall = ContinuousClock.now - start
        getrusage(Self.thread, &after)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        let user = seconds(after.ru_utime) - seconds(before.ru_utime)
        var started = 0
        var others = 0.0
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        for task in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? [] where Int(task) != me {
            guard let comm = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8),
                  comm.trimmingCharacters(in: .whitespacesAndNewlines) == threadName else { continue }
            started += 1
            if let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
               let close = stat.lastIndex(of: ")") {
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                // After the name: state is field 3, utime 14 and stime 15 (1-based over the whole line).
                others += (Double(fields[11]) ?? 0) / ticks + (Double(fields[12]) ?? 0) / ticks
            }
        }
        let own = (try? String(contentsOfFile: "/proc/self/task/\(me)/comm", encoding: .utf8)) ?? ""
        return CPUMeasure(user: user, wall: Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18,
                          threadsStarted: started, otherThreads: others,
                          named: own.trimmingCharacters(in: .whitespacesAndNewlines) == threadName)
    }
}
