/// An operational error: something other than a verdict went wrong (bad arguments, an unwritable
/// store, a broken object). Bad uploads never throw; they get a verdict.
///
/// Besides its texts, an error keeps the facts it came from: the ``path`` of the file a system call
/// failed on and that call's ``errno``, so a caller can tell a full disk (`ENOSPC`) from a missing
/// directory (`ENOENT`) without reading a message. Errors about files are made by the factories in
/// `AcervoError+Factories.swift`, such as ``io(_:path:errno:)`` and ``diskFull(path:)``.
///
/// It encodes to JSON as `{"code", "english", "portuguese", "path", "errno"}` (absent fields omitted);
/// the underlying error is not encoded, and a decoded error has none.
public struct AcervoError: Error, Sendable, CustomStringConvertible, Codable {
    /// What kind of failure it is; stable across releases.
    public struct Code: Hashable, Sendable, CustomStringConvertible, Codable {
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

        /// Reads a code from its stable name.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let name = try container.decode(String.self)
            guard let storage = Storage(rawValue: name) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown error code \(name)")
            }
            self.storage = storage
        }

        /// Writes the code as its stable name.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(storage.rawValue)
        }

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
    /// The file the failure came from (the one a system call was given), if it came from one.
    public let path: String?
    /// The `errno` of the system call that failed (`ENOENT`, `EACCES`, `ENOSPC`...), if one did.
    public let errno: Int32?
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
        self.path = nil
        self.errno = nil
        self.underlying = underlying
    }

    /// Makes an error with its text in both languages, and the file and `errno` it came from when it came
    /// from a system call.
    public init(_ code: Code, english: String, portuguese: String, path: String? = nil, errno: Int32? = nil,
                underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.english = english
        self.portuguese = portuguese
        self.path = path
        self.errno = errno
        self.underlying = underlying
    }

    private enum CodingKeys: String, CodingKey {
        case code, english, portuguese, path, errno
    }

    /// Reads an error encoded by ``encode(to:)``; it has no underlying error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(Code.self, forKey: .code)
        english = try container.decode(String.self, forKey: .english)
        portuguese = try container.decodeIfPresent(String.self, forKey: .portuguese)
        path = try container.decodeIfPresent(String.self, forKey: .path)
        errno = try container.decodeIfPresent(Int32.self, forKey: .errno)
        underlying = nil
    }

    /// Writes the code, both texts, the path and the `errno`; not the underlying error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(english, forKey: .english)
        try container.encodeIfPresent(portuguese, forKey: .portuguese)
        try container.encodeIfPresent(path, forKey: .path)
        try container.encodeIfPresent(errno, forKey: .errno)
    }

    /// ``message``, followed by the underlying error when there is one and the message does not already
    /// say the system's reason (an error with an ``errno``): what the command prints.
    public var description: String {
        if let underlying, errno == nil { return "\(message): \(underlying)" }
        return message
    }
}
