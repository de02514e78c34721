public import AcervoCore

/// What dossier to build: which case, which version, how serialized.
public struct DossierRequest: Sendable, Hashable {
    /// The case's protocol number.
    public var caseNumber: CaseNumber
    /// The case version to bundle; when `nil`, the newest version that holds more than `bundled`
    /// custody events.
    public var version: Int?
    /// The archive format.
    public var format: DossierFormat
    /// The payload manifests to write; `sha256` is always among them.
    public var algorithms: Set<BagDigestAlgorithm>
    /// `Source-Organization` in `bag-info.txt`: the agency that holds the case.
    public var sourceOrganization: String
    /// The agency's name, when known: written as `Acervo-Agency`.
    public var agency: String?
    /// Who builds it: the actor of the `bundled` custody event; `nil` records no event.
    public var recordedBy: String?

    /// Makes a request; by default the latest version, as pax tar with a SHA-256 manifest.
    public init(caseNumber: CaseNumber, version: Int? = nil, format: DossierFormat = .tar,
                algorithms: Set<BagDigestAlgorithm> = [.sha256], sourceOrganization: String = "Procon",
                agency: String? = nil, recordedBy: String? = nil) {
        self.caseNumber = caseNumber
        self.version = version
        self.format = format
        self.algorithms = algorithms.union([.sha256])
        self.sourceOrganization = sourceOrganization
        self.agency = agency
        self.recordedBy = recordedBy
    }
}

/// A dossier that was built.
public struct DossierBuild: Sendable, Hashable {
    /// The archive.
    public var archivePath: String
    /// The bag's top-level directory, `<case>-v<N>`.
    public var bagName: String
    /// The case version it holds.
    public var version: Int
    /// Size of the archive.
    public var archiveBytes: Int64
    /// SHA-256 of the archive, computed as it was written.
    public var archiveSHA256: String
    /// Payload bytes and files (the Payload-Oxum).
    public var payloadBytes: Int64
    /// Payload files.
    public var payloadFiles: Int
}
