/// What a file really is, judged by its content alone.
public struct Identification: Sendable, Hashable, Codable {
    /// The format Acervo concluded, combining libmagic and its own structural checks.
    public var format: FileFormat
    /// The MIME type of the content (libmagic's, refined by the structural checks).
    public var mime: String
    /// libmagic's human description, e.g. `JPEG image data, JFIF standard 1.01`.
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
