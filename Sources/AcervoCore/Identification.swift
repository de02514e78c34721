/// What a file really is, judged by its content alone.
public struct Identification: Sendable, Hashable, Codable {
    /// The format Acervo concluded, combining libmagic and its own structural checks.
    public var format: FileFormat
    /// The MIME type of the content (libmagic's, refined by the structural checks).
    public var mime: String
    /// A human description of the content: libmagic's, or for formats Acervo's own checks confirm, what
    /// the structural walk learnt (e.g. `JPEG image data, baseline, 8-bit, 3 components, 960x540`).
    public var description: String
    /// What the structural checks found: truncation, appended data, active content, corruption.
    public var findings: [Finding]

    /// Makes an identification.
    public init(format: FileFormat, mime: String, description: String, findings: [Finding] = []) {
        self.format = format
        self.mime = mime
        self.description = description
        self.findings = findings
    }
}
