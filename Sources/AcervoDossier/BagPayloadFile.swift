public import Foundation

/// A file to put in a bag's `data/` directory.
public struct BagPayloadFile: Sendable, Hashable {
    /// Its path under `data/`, `/`-separated (e.g. `originals/<id>/nota.pdf`). Written in NFC.
    public var path: String
    /// Where its bytes are.
    public var source: URL
    /// Its size, known before the pass: the archive header comes before the bytes.
    public var byteCount: Int64
    /// The digests the bytes must have, when a store vouches for them: the pass checks one of them
    /// (one it computes anyway when it can), so a dossier never carries bytes the store did not hold.
    public var expectedDigests: [BagDigestAlgorithm: String]

    /// Makes a payload file.
    public init(path: String, source: URL, byteCount: Int64, expectedDigests: [BagDigestAlgorithm: String] = [:]) {
        self.path = path
        self.source = source
        self.byteCount = byteCount
        self.expectedDigests = expectedDigests
    }
}

/// A small tag file written beside `bagit.txt` (e.g. `index.html`), listed in the tag manifest.
public struct BagTagFile: Sendable, Hashable {
    /// Its name at the top of the bag.
    public var name: String
    /// Its bytes.
    public var contents: [UInt8]

    /// Makes a tag file.
    public init(name: String, contents: [UInt8]) {
        self.name = name
        self.contents = contents
    }
}

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
