import AcervoCore
import Dispatch
import Foundation
import Synchronization

/// The work each page of a document needs before the writer: decode its pixels, look for a blank page,
/// encode the archival image losslessly, and read its text.
///
/// Pages are worked on several at once, each on one thread from decoding to OCR, so a page's raster lives
/// only while its thread holds it: what is kept for the writer is the encoded image (a tenth of the raw
/// bits for a bitonal page) and the words. A page that cannot be decoded becomes its finding and the
/// other pages go on.
enum PageWork {
    /// One page, done.
    struct Done: Sendable {
        /// The page's number in the document.
        var number: Int
        /// The image for the PDF; `nil` when the page could not be decoded.
        var image: PageImage?
        /// The raster itself, kept only for a PNG document.
        var raster: PageRaster?
        /// The text layer's words, in reading order.
        var words: [RecognizedWord] = []
        /// What the page showed: blank, or undecodable.
        var findings: [DigitizationFinding] = []
    }

    /// Works on every page of `document`, at most `request.concurrentPages` at once, and returns them in
    /// page order.
    static func run(document: ScannedDocument, ocr: OCRLanguages, request: DigitizationRequest, keepRaster: Bool,
                    progress: @escaping @Sendable (DigitizationProgress) -> Void) async throws -> [Done] {
        let pages = document.pages
        let slots = Mutex<[Done?]>(Array(repeating: nil, count: pages.count))
        let finished = Atomic<Int>(0)
        let grades = request.grades

        /// Decodes, checks and encodes page `index`; the raster goes back to the caller for OCR.
        @Sendable func prepare(_ index: Int) throws(AcervoError) -> PageRaster {
            let page = pages[index]
            var done = Done(number: page.page.number)
            let decoded: DecodedPage
            switch try document.decoded(page) {
            case .success(let page):
                decoded = page
            case .failure(let finding):
                done.findings = [finding]
                slots.withLock { $0[index] = done }
                throw AcervoError(.invalidArgument, english: finding.message, portuguese: finding.messagePortuguese)
            }
            if let blank = BlankPages.finding(decoded.raster, grades: grades) { done.findings.append(blank) }
            done.image = keepRaster ? nil : try PageImage.encode(decoded.raster, sourceJPEG: decoded.capturedJPEG,
                                                                    sourceJBIG2: decoded.capturedJBIG2)
            done.raster = keepRaster ? decoded.raster : nil
            slots.withLock { $0[index] = done }
            return decoded.raster
        }

        @Sendable func report(_ index: Int, words: Int) {
            let count = finished.add(1, ordering: .relaxed).newValue
            progress(DigitizationProgress(stage: .page, page: pages[index].page.number, pagesDone: count,
                                          pageCount: pages.count, words: words))
        }

        if case .languages = ocr {
            let recognizer = DocumentRecognizer(languages: ocr, tessdata: request.tessdata,
                                                concurrentPages: request.concurrentPages)
            let results = try await recognizer.recognize(pageCount: pages.count, page: prepare) { step in
                report(step.pageIndex, words: step.words)
            }
            for (index, result) in results.enumerated() {
                switch result {
                case .success(let words):
                    slots.withLock { $0[index]?.words = words }
                case .failure(let error):
                    // A page that could not be decoded holds its finding; any other failure is the engine's.
                    // (A slot never filled is an operational failure before the page had a finding.)
                    let decodedFailed = slots.withLock { slots in
                        slots[index].map { $0.image == nil && $0.raster == nil && !$0.findings.isEmpty } ?? false
                    }
                    if !decodedFailed { throw error }
                }
            }
        } else {
            // A page's finding stays in its slot; a failure of the machine (no scratch space, no memory) is
            // the run's error, thrown once every worker has stopped.
            let failure = Mutex<AcervoError?>(nil)
            try await withoutOCR(pageCount: pages.count, concurrentPages: request.concurrentPages) { index in
                do throws(AcervoError) {
                    _ = try prepare(index)
                } catch {
                    let pageFinding = slots.withLock { $0[index].map { !$0.findings.isEmpty } ?? false }
                    if !pageFinding { failure.withLock { $0 = $0 ?? error } }
                }
                report(index, words: 0)
            }
            if let error = failure.withLock({ $0 }) { throw error }
        }
        return try slots.withLock { slots in
            try slots.map { slot throws(AcervoError) in
                guard let slot else { throw AcervoError(.cancelled, english: "the pages were not all read", portuguese: "as páginas não foram todas lidas") }
                return slot
            }
        }
    }

    /// Runs `body` for every page, `concurrentPages` at a time, off the caller's thread; cancelling the
    /// calling task stops before the next page.
    private static func withoutOCR(pageCount: Int, concurrentPages: Int,
                                   _ body: @escaping @Sendable (Int) -> Void) async throws {
        let next = Atomic<Int>(0)
        let cancelled = Atomic<Bool>(false)
        let workers = max(1, min(concurrentPages, pageCount))
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                DispatchQueue.global(qos: .userInitiated).async {
                    DispatchQueue.concurrentPerform(iterations: workers) { _ in
                        while !cancelled.load(ordering: .relaxed) {
                            let index = next.add(1, ordering: .relaxed).oldValue
                            guard index < pageCount else { return }
                            body(index)
                        }
                    }
                    continuation.resume()
                }
            }
        } onCancel: {
            cancelled.store(true, ordering: .relaxed)
        }
        if cancelled.load(ordering: .relaxed) {
            throw AcervoError(.cancelled, english: "digitization cancelled", portuguese: "digitalização cancelada")
        }
    }
}
