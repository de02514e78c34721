/// One thing wrong with a dossier, naming the file concerned.
public struct DossierProblem: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A manifest lists a file the bag does not hold.
        case missing
        /// The bag holds a file no manifest lists.
        case extra
        /// A file's checksum is not the one its manifest lists.
        case changed
        /// Payload-Oxum does not match the payload.
        case payloadOxum = "payload-oxum"
        /// A tag file is absent or not in the form RFC 8493 gives.
        case malformed
        /// The archive was refused before it could be read (hostile or broken).
        case refused
    }

    /// What kind of problem.
    public var kind: Kind
    /// The file, relative to the bag directory, when one is concerned.
    public var path: String?
    /// What is wrong, for a person.
    public var detail: String

    /// Makes a problem.
    public init(kind: Kind, path: String?, detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    /// The problem on one line: kind, path and detail.
    public var description: String {
        if let path { return "\(kind.rawValue): \(path): \(detail)" }
        return "\(kind.rawValue): \(detail)"
    }
}

/// What checking a dossier found.
public struct DossierVerification: Sendable, Hashable {
    /// The bag's top-level directory, when the archive has one.
    public var bagName: String?
    /// Everything wrong; empty when the dossier is valid.
    public var problems: [DossierProblem]
    /// Payload files read.
    public var payloadFiles: Int
    /// Payload bytes read.
    public var payloadBytes: Int64
    /// Whether checksums were skipped (`--fast`: Payload-Oxum and the file list only).
    public var fast: Bool
    /// The bag's `bag-info.txt`, when present.
    public var bagInfo: BagInfo?

    /// Whether the dossier is complete and every checksum holds.
    public var isValid: Bool { problems.isEmpty }
}

/// One entry of a dossier archive, as `list` shows it.
public struct DossierEntry: Sendable, Hashable {
    /// Its path in the archive.
    public var path: String
    /// Whether it is a directory.
    public var isDirectory: Bool
    /// Its size in bytes, counted as read.
    public var byteCount: Int64
}
