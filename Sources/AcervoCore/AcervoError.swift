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
    /// What happened, for a person.
    public let message: String
    /// The error that caused this one, if any.
    public let underlying: (any Error & Sendable)?

    /// Makes an error.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        if let underlying { return "\(message): \(underlying)" }
        return message
    }
}
