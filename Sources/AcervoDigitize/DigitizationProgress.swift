/// How far a ``Digitizer`` is with a document, reported as it goes.
public struct DigitizationProgress: Sendable, Hashable {
    /// What the digitizer is doing.
    public enum Stage: String, Sendable, Hashable {
        /// A page was decoded, checked for blankness, encoded and (with OCR) read: ``page`` says which.
        case page
        /// The document is being written.
        case writing
        /// The document is written (and signed, when a signer was given) under its name.
        case written
    }

    /// What was done.
    public var stage: Stage
    /// The page number (from 1) a `page` stage is about.
    public var page: Int?
    /// Pages done so far.
    public var pagesDone: Int
    /// The document's pages.
    public var pageCount: Int
    /// Words the finished page's text layer holds (a `page` stage).
    public var words: Int

    /// Makes a progress report.
    public init(stage: Stage, page: Int? = nil, pagesDone: Int, pageCount: Int, words: Int = 0) {
        self.stage = stage
        self.page = page
        self.pagesDone = pagesDone
        self.pageCount = pageCount
        self.words = words
    }
}
