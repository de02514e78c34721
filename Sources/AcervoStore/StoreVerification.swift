/// The result of checking a whole store: its OCFL objects, their custody chains and the quarantine.
public struct StoreVerification: Sendable, Hashable, CustomStringConvertible {
    /// One thing that is not as it should be, naming its culprit.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// What kind of problem it is; the strings are stable for scripts.
        public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
            /// The stable name.
            public let rawValue: String
            /// Makes a kind from its name.
            public init(rawValue: String) { self.rawValue = rawValue }
            /// The stable name.
            public var description: String { rawValue }

            /// The storage root's declaration or layout files are missing or wrong.
            public static let storageRoot = Kind(rawValue: "storage-root")
            /// An object's `0=ocfl_object_1.1` declaration is missing or wrong.
            public static let declaration = Kind(rawValue: "declaration")
            /// An inventory cannot be read, or says something impossible.
            public static let inventory = Kind(rawValue: "inventory")
            /// An inventory does not match its sidecar digest.
            public static let inventorySidecar = Kind(rawValue: "inventory-sidecar")
            /// A version's inventory differs from the root inventory of the same head.
            public static let versionInventory = Kind(rawValue: "version-inventory")
            /// A content file's bytes do not match its manifest digest.
            public static let contentDigest = Kind(rawValue: "content-digest")
            /// A content file's bytes do not match its fixity digest.
            public static let fixityDigest = Kind(rawValue: "fixity-digest")
            /// A file the inventory names is not there.
            public static let missingFile = Kind(rawValue: "missing-file")
            /// A file is there that no inventory names.
            public static let extraFile = Kind(rawValue: "extra-file")
            /// A version's state names a digest absent from the manifest.
            public static let stateNotInManifest = Kind(rawValue: "state-not-in-manifest")
            /// The head version's chain of custody does not verify.
            public static let custody = Kind(rawValue: "custody")
            /// A quarantined file is missing, or differs from its sidecar.
            public static let quarantine = Kind(rawValue: "quarantine")
        }

        /// What kind of problem.
        public var kind: Kind
        /// The object (protocol number), or `quarantine`, or `objects` for the storage root.
        public var object: String
        /// The version concerned, e.g. `v2`.
        public var version: String?
        /// The path concerned, relative to the object (or the store directory for the quarantine).
        public var path: String?
        /// What should be there.
        public var expected: String?
        /// What is there.
        public var found: String?
        /// The problem in a sentence.
        public var message: String

        /// Makes a problem.
        public init(kind: Kind, object: String, version: String? = nil, path: String? = nil, expected: String? = nil,
                    found: String? = nil, message: String) {
            self.kind = kind
            self.object = object
            self.version = version
            self.path = path
            self.expected = expected
            self.found = found
            self.message = message
        }

        /// The problem on one line: kind, object, version, path, message and the digests concerned.
        public var description: String {
            var parts = ["[\(kind)] \(object)"]
            if let version { parts.append(version) }
            if let path { parts.append(path) }
            var text = parts.joined(separator: " ") + ": " + message
            if let expected { text += " (expected \(expected)" + (found.map { ", found \($0)" } ?? "") + ")" }
            return text
        }
    }

    /// Every problem found, in the order checked.
    public var problems: [Problem]
    /// Objects checked.
    public var objectsChecked: Int
    /// Content files whose digests were recomputed.
    public var filesChecked: Int
    /// Bytes hashed.
    public var bytesChecked: Int64
    /// Quarantine entries checked.
    public var quarantineChecked: Int
    /// What the staging area holds (copies of uploads being received, or left by killed intakes).
    public var staging = StagingCensus()

    /// Whether nothing was found wrong.
    public var isClean: Bool { problems.isEmpty }

    /// A summary a person reads: clean, or the count of problems.
    public var description: String {
        let head = "\(objectsChecked) objects, \(filesChecked) files, \(bytesChecked) bytes, \(quarantineChecked) quarantined: "
        return head + (isClean ? "clean" : problems.map(\.description).joined(separator: "\n"))
    }
}
