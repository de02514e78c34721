/// An operational error: something other than a verdict went wrong (bad arguments, an unwritable
/// store, a broken object). Bad uploads never throw; they get a verdict.
public struct AcervoError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is; stable across releases.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Storage: String, Sendable {
            case invalidArgument = "invalid-argument"
            case io
            case storeRefused = "store-refused"
            case storeCorrupt = "store-corrupt"
            case notFound = "not-found"
            case policy
            case library
            case cancelled
        }
        let storage: Storage
        init(_ storage: Storage) { self.storage = storage }

        /// The stable name of the code, such as `store-corrupt`.
        public var description: String { storage.rawValue }

        /// An argument or input the caller gave is not valid.
        public static let invalidArgument = Code(.invalidArgument)
        /// Reading or writing a file failed.
        public static let io = Code(.io)
        /// The store directory cannot be used (it holds something else, or is locked).
        public static let storeRefused = Code(.storeRefused)
        /// The store's content does not match its inventories or chains.
        public static let storeCorrupt = Code(.storeCorrupt)
        /// A case, version or evidence does not exist.
        public static let notFound = Code(.notFound)
        /// The policy file is not valid.
        public static let policy = Code(.policy)
        /// A C library failed to start (e.g. the libmagic database is missing).
        public static let library = Code(.library)
        /// The work was cancelled.
        public static let cancelled = Code(.cancelled)
    }

    /// The kind of failure.
    public let code: Code
    /// What happened, in English.
    public let english: String
    /// What happened, in Portuguese; `nil` where only an English text was written (low-level failures
    /// whose text comes from the system, such as `strerror`).
    public let portuguese: String?
    /// The error that caused this one, if any.
    public let underlying: (any Error & Sendable)?

    /// What happened, for a person: the English text, then the Portuguese one after " / " when there is one.
    public var message: String {
        guard let portuguese else { return english }
        return "\(english) / \(portuguese)"
    }

    /// Makes an error whose text has no Portuguese version.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.english = message
        self.portuguese = nil
        self.underlying = underlying
    }

    /// Makes an error with its text in both languages.
    public init(_ code: Code, english: String, portuguese: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.english = english
        self.portuguese = portuguese
        self.underlying = underlying
    }

    /// ``message``, followed by the underlying error when there is one: what the command prints.
    public var description: String {
        if let underlying { return "\(message): \(underlying)" }
        return message
    }
}
