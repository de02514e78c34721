/// Where a document's recognition stands, reported once per page as it finishes.
public struct PageRecognitionProgress: Sendable, Hashable {
    /// The page that finished, by its place in the document's list, from 0.
    public var pageIndex: Int
    /// Pages finished so far, this one included.
    public var completed: Int
    /// Pages in the document.
    public var total: Int
    /// Words read on this page (0 when it failed).
    public var words: Int
    /// Whether the page failed (its result holds the error).
    public var failed: Bool

    /// Makes a progress report.
    public init(pageIndex: Int, completed: Int, total: Int, words: Int, failed: Bool) {
        self.pageIndex = pageIndex
        self.completed = completed
        self.total = total
        self.words = words
        self.failed = failed
    }
}
