public import AcervoCore
import CTesseractLoader
import Foundation
import Synchronization

/// One Tesseract engine, loaded once with its languages and reused page after page.
///
/// An engine is not thread-safe: use it from one thread at a time (``DocumentRecognizer`` gives each of
/// its workers one). Each recognition runs on the calling thread alone: Tesseract's own OpenMP threads are
/// switched off for that thread before it starts.
public final class PageRecognizer {
    /// The languages the engine was loaded with.
    public let languages: OCRLanguages
    private let engine: OpaquePointer

    /// Tesseract's global parameters (where its messages go) are shared by every engine, and loading
    /// models is not documented as safe in parallel: engines are made one at a time.
    private static let loading = Mutex(())

    /// Loads the models of `languages` from `tessdata`.
    ///
    /// A missing model is an error naming it (``TessdataDirectory/check(_:)``); `none` is an invalid
    /// argument, since there is nothing to load. Tesseract itself is opened by the first engine made in the
    /// process; when it cannot be, the error says why, in Portuguese and English.
    public init(languages: OCRLanguages = .standard, tessdata: TessdataDirectory = .located()) throws(AcervoError) {
        guard case .languages = languages else {
            throw AcervoError(.invalidArgument, english: "no OCR language to load (--ocr none)",
                              portuguese: "nenhum idioma de OCR a carregar (--ocr none)")
        }
        try tessdata.check(languages)
        try TesseractLibrary.check()
        self.languages = languages
        guard let engine = CTesseractLoader_TessBaseAPICreate() else {
            throw AcervoError(.library, english: "cannot start the OCR engine (Tesseract)",
                              portuguese: "não foi possível iniciar o motor de OCR (Tesseract)")
        }
        let status: Int32 = Self.loading.withLock { _ in
            // Tesseract writes its warnings to standard error unless told otherwise.
            _ = CTesseractLoader_TessBaseAPISetVariable(engine, "debug_file", "/dev/null")
            return CTesseractLoader_TessBaseAPIInit3(engine, tessdata.url.path, languages.description)
        }
        guard status == 0 else {
            CTesseractLoader_TessBaseAPIDelete(engine)
            throw AcervoError(.library,
                              english: "the OCR engine could not load '\(languages)' from \(tessdata.url.path) (a model file may be damaged)",
                              portuguese: "o motor de OCR não carregou '\(languages)' de \(tessdata.url.path) (um arquivo de modelo pode estar danificado)")
        }
        // The C API starts in single-block mode; a page needs its layout found (columns, blocks, order).
        CTesseractLoader_TessBaseAPISetPageSegMode(engine, PSM_AUTO)
        self.engine = engine
    }

    deinit {
        CTesseractLoader_TessBaseAPIEnd(engine)
        CTesseractLoader_TessBaseAPIDelete(engine)
    }

    /// Reads one page: its words in reading order (blocks and paragraphs as Tesseract orders them, lines
    /// counted across the page), with boxes in the raster's pixels.
    ///
    /// The engine reads a copy of the pixels at their own resolution (the page's, or 300 dpi when it
    /// declares none). A page the engine cannot read is an error for that page; the engine stays usable.
    /// `cancelled` is asked now and then during the page; when it says yes the page stops with
    /// ``AcervoError/Code/cancelled``.
    public func recognize(_ raster: PageRaster, cancelled: (@Sendable () -> Bool)? = nil) throws(AcervoError) -> [RecognizedWord] {
        let dpi = Int((raster.page.dpiX ?? raster.page.dpiY ?? 300).rounded())
        let image = try EngineImage(raster, dpi: max(dpi, 1))
        defer { CTesseractLoader_TessBaseAPIClear(engine) }
        OpenMPThreads.confineCurrentThread()
        CTesseractLoader_TessBaseAPISetImage2(engine, image.pix)
        CTesseractLoader_TessBaseAPISetSourceResolution(engine, Int32(max(dpi, 1)))

        let status: Int32
        if let cancelled {
            let box = CancellationProbe(cancelled)
            let monitor = CTesseractLoader_TessMonitorCreate()
            defer { CTesseractLoader_TessMonitorDelete(monitor) }
            CTesseractLoader_TessMonitorSetCancelFunc(monitor, { probe, _ in
                guard let probe else { return false }
                return Unmanaged<CancellationProbe>.fromOpaque(probe).takeUnretainedValue().ask()
            })
            status = withExtendedLifetime(box) {
                CTesseractLoader_TessMonitorSetCancelThis(monitor, Unmanaged.passUnretained(box).toOpaque())
                return CTesseractLoader_TessBaseAPIRecognize(engine, monitor)
            }
            if cancelled() {
                throw AcervoError(.cancelled, english: "OCR cancelled on page \(raster.page.number)",
                                  portuguese: "OCR cancelado na página \(raster.page.number)")
            }
        } else {
            status = CTesseractLoader_TessBaseAPIRecognize(engine, nil)
        }
        guard status == 0 else {
            throw AcervoError(.library, english: "the OCR engine failed on page \(raster.page.number)",
                              portuguese: "o motor de OCR falhou na página \(raster.page.number)")
        }
        return words()
    }

    /// The words of the last page recognized, walked word by word.
    private func words() -> [RecognizedWord] {
        guard let iterator = CTesseractLoader_TessBaseAPIGetIterator(engine) else { return [] }
        defer { CTesseractLoader_TessResultIteratorDelete(iterator) }
        let layout = CTesseractLoader_TessResultIteratorGetPageIterator(iterator)
        var words: [RecognizedWord] = []
        var line = -1
        var lineStarts = true
        repeat {
            if CTesseractLoader_TessPageIteratorIsAtBeginningOf(layout, RIL_TEXTLINE) != 0 { lineStarts = true }
            guard let utf8 = CTesseractLoader_TessResultIteratorGetUTF8Text(iterator, RIL_WORD) else { continue }
            let text = String(cString: utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            CTesseractLoader_TessDeleteText(utf8)
            guard !text.isEmpty else { continue }
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            guard CTesseractLoader_TessPageIteratorBoundingBox(layout, RIL_WORD, &left, &top, &right, &bottom) != 0 else { continue }
            // Lines are counted when they give a word, so the numbers have no gaps.
            if lineStarts {
                line += 1
                lineStarts = false
            }
            words.append(RecognizedWord(text: text, left: Int(left), top: Int(top), width: Int(right - left),
                                        height: Int(bottom - top), line: line,
                                        confidence: Double(CTesseractLoader_TessResultIteratorConfidence(iterator, RIL_WORD))))
        } while CTesseractLoader_TessResultIteratorNext(iterator, RIL_WORD) != 0
        return words
    }
}

/// An engine belongs to one thread at a time; moving it between threads is the caller's business.
@available(*, unavailable)
extension PageRecognizer: Sendable {}

/// What Tesseract's cancel callback asks, kept alive for the length of one recognition.
private final class CancellationProbe {
    let ask: @Sendable () -> Bool
    init(_ ask: @escaping @Sendable () -> Bool) { self.ask = ask }
}
