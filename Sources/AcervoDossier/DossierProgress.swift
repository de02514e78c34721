/// How far a long operation has come.
public struct DossierProgress: Sendable, Hashable {
    /// Payload bytes done so far.
    public var bytesDone: Int64
    /// Payload bytes in all (0 when not known in advance, as when reading an archive).
    public var bytesTotal: Int64
    /// Files done so far.
    public var filesDone: Int
    /// The file being worked on.
    public var currentPath: String
}
