import AcervoCore
import Foundation
import Synchronization

/// One document being read by a few worker threads: which page comes next, the results so far, and the
/// continuation the last worker to stop resumes.
final class RecognitionRun: Sendable {
    typealias Outcome = Result<[Result<[RecognizedWord], AcervoError>], AcervoError>

    private struct State {
        var next = 0
        var completed = 0
        var running = 0
        var results: [Result<[RecognizedWord], AcervoError>?]
        var continuation: CheckedContinuation<Outcome, Never>?
    }

    private let pageCount: Int
    private let workers: Int
    private let languages: OCRLanguages
    private let tessdata: TessdataDirectory
    private let page: @Sendable (Int) throws(AcervoError) -> PageRaster
    private let progress: @Sendable (PageRecognitionProgress) -> Void
    private let state: Mutex<State>
    private let cancelled = Atomic<Bool>(false)

    init(pageCount: Int, workers: Int, languages: OCRLanguages, tessdata: TessdataDirectory,
         page: @escaping @Sendable (Int) throws(AcervoError) -> PageRaster,
         progress: @escaping @Sendable (PageRecognitionProgress) -> Void) {
        self.pageCount = pageCount
        self.workers = workers
        self.languages = languages
        self.tessdata = tessdata
        self.page = page
        self.progress = progress
        state = Mutex(State(results: Array(repeating: nil, count: pageCount)))
    }

    /// Starts the workers; `continuation` is resumed once, when the last one stops.
    func start(_ continuation: CheckedContinuation<Outcome, Never>) {
        state.withLock {
            $0.continuation = continuation
            $0.running = workers
        }
        for worker in 0..<workers {
            let thread = Thread { [self] in work() }
            thread.name = "acervo.ocr.\(worker)"
            // Tesseract recurses through page layouts: give it the main thread's usual stack.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Stops handing out pages, and asks the pages being read to stop.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }

    private var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    private func work() {
        var engine: Result<PageRecognizer, AcervoError>?
        while let index = nextPage() {
            let result: Result<[RecognizedWord], AcervoError>
            do throws(AcervoError) {
                if engine == nil {
                    engine = Result { () throws(AcervoError) in try PageRecognizer(languages: languages, tessdata: tessdata) }
                }
                let recognizer = try engine!.get()
                let raster = try page(index)
                result = .success(try recognizer.recognize(raster) { [self] in isCancelled })
            } catch {
                result = .failure(error)
            }
            finish(index, result)
        }
        engine = nil
        stop()
    }

    private func nextPage() -> Int? {
        if isCancelled { return nil }
        return state.withLock { state -> Int? in
            guard state.next < pageCount else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    private func finish(_ index: Int, _ result: Result<[RecognizedWord], AcervoError>) {
        let completed = state.withLock { state -> Int in
            state.results[index] = result
            state.completed += 1
            return state.completed
        }
        let words = (try? result.get())?.count ?? 0
        progress(PageRecognitionProgress(pageIndex: index, completed: completed, total: pageCount, words: words,
                                         failed: (try? result.get()) == nil))
    }

    /// Called by each worker as it ends; the last one resumes the caller.
    private func stop() {
        let finished = state.withLock { state -> (CheckedContinuation<Outcome, Never>, Outcome)? in
            state.running -= 1
            guard state.running == 0, let continuation = state.continuation else { return nil }
            state.continuation = nil
            if isCancelled {
                return (continuation, .failure(AcervoError(.cancelled, english: "OCR cancelled", portuguese: "OCR cancelado")))
            }
            return (continuation, .success(state.results.map { $0 ?? .success([]) }))
        }
        if let (continuation, outcome) = finished { continuation.resume(returning: outcome) }
    }
}
