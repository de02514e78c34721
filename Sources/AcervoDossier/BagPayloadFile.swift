import Foundation

/// A file to put in a bag's `data/` directory.
struct BagPayloadFile: Sendable, Hashable {
    /// Its path under `data/`, `/`-separated (e.g. `originals/<id>/nota.pdf`). Written in NFC.
    var path: String
    /// Where its bytes are.
    var source: URL
    /// Its size, known before the pass: the archive header comes before the bytes.
    var byteCount: Int64
    /// The digests the bytes must have, when a store vouches for them: the pass checks one of them
    /// (one it computes anyway when it can), so a dossier never carries bytes the store did not hold.
    var expectedDigests: [BagDigestAlgorithm: String]

    /// Makes a payload file.
    init(path: String, source: URL, byteCount: Int64, expectedDigests: [BagDigestAlgorithm: String] = [:]) {
        self.path = path
        self.source = source
        self.byteCount = byteCount
        self.expectedDigests = expectedDigests
    }
}

/// A small tag file written beside `bagit.txt` (e.g. `index.html`), listed in the tag manifest.
struct BagTagFile: Sendable, Hashable {
    /// Its name at the top of the bag.
    var name: String
    /// Its bytes.
    var contents: [UInt8]

    /// Makes a tag file.
    init(name: String, contents: [UInt8]) {
        self.name = name
        self.contents = contents
    }
}
