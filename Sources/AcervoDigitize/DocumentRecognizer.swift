public import AcervoCore
public import Foundation
import Synchronization

/// Reads the text of a document's pages, several pages at once, each on one thread.
///
/// At most ``concurrentPages`` pages are in memory and being read at any moment: each worker thread loads
/// its next page only when it starts it (through the `page` closure), keeps one ``PageRecognizer`` for all
/// its pages, and lets the page go before taking another. Results come back in page order whatever order
/// the pages finish in.
public struct DocumentRecognizer: Sendable {
    /// The languages; `none` reads nothing.
    public var languages: OCRLanguages
    /// Where the language models are.
    public var tessdata: TessdataDirectory
    /// The most pages read at once (at least 1).
    public var concurrentPages: Int

    /// Makes a recognizer; by default Portuguese and English, the models where Tesseract finds them, and
    /// as many pages at once as the process has active processors.
    public init(languages: OCRLanguages = .standard, tessdata: TessdataDirectory = .located(),
                concurrentPages: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.languages = languages
        self.tessdata = tessdata
        self.concurrentPages = max(1, concurrentPages)
    }

    /// Reads `pageCount` pages, loading page `i` (from 0) with `page(i)` on the worker that reads it.
    ///
    /// Returns one result per page, in page order: its words, or the error that page met (a page that
    /// could not be loaded or that the engine failed on); the other pages are read all the same. With
    /// `none`, no page is loaded and every page has no words. `progress` is called once per finished page,
    /// from a worker thread. A missing language model, or a Tesseract that cannot be opened, is thrown
    /// before any page is loaded; cancelling the calling task stops the workers (the page in hand stops
    /// early) and throws ``AcervoError/Code/cancelled``.
    public func recognize(
        pageCount: Int,
        page: @escaping @Sendable (Int) throws(AcervoError) -> PageRaster,
        progress: @escaping @Sendable (PageRecognitionProgress) -> Void = { _ in }
    ) async throws(AcervoError) -> [Result<[RecognizedWord], AcervoError>] {
        guard case .languages = languages, pageCount > 0 else {
            for index in 0..<max(pageCount, 0) {
                progress(PageRecognitionProgress(pageIndex: index, completed: index + 1, total: pageCount, words: 0, failed: false))
            }
            return Array(repeating: .success([]), count: max(pageCount, 0))
        }
        try tessdata.check(languages)
        try TesseractLibrary.check()
        let run = RecognitionRun(pageCount: pageCount, workers: min(concurrentPages, pageCount),
                                 languages: languages, tessdata: tessdata, page: page, progress: progress)
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<[Result<[RecognizedWord], AcervoError>], AcervoError>, Never>) in
                run.start(continuation)
            }
        } onCancel: {
            run.cancel()
        }
        return try outcome.get()
    }

    /// Reads pages already in memory (see ``recognize(pageCount:page:progress:)``); for documents whose
    /// pages are loaded one by one, prefer that form, which keeps at most ``concurrentPages`` in memory.
    public func recognize(
        _ rasters: [PageRaster],
        progress: @escaping @Sendable (PageRecognitionProgress) -> Void = { _ in }
    ) async throws(AcervoError) -> [Result<[RecognizedWord], AcervoError>] {
        try await recognize(pageCount: rasters.count, page: { index in rasters[index] }, progress: progress)
    }
}
