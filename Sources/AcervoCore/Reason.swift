/// A stable, documented reason code. Scripts and the web API match on these strings; never rename one.
public struct ReasonCode: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The code as it appears in reports, e.g. `appended-data`.
    public let rawValue: String
    /// Makes a code from its string.
    public init(rawValue: String) { self.rawValue = rawValue }
    init(_ rawValue: String) { self.rawValue = rawValue }

    /// The stable name, as stored and printed.
    public var description: String { rawValue }
    /// Orders by the stable name.
    public static func < (a: ReasonCode, b: ReasonCode) -> Bool { a.rawValue < b.rawValue }

    /// Reads the value from its stable name, a JSON string.
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    /// Writes the value as its stable name, a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// The file has no bytes.
    public static let empty = ReasonCode("empty")
    /// The file is larger than the kind allows.
    public static let tooLarge = ReasonCode("too-large")
    /// The content is a format the kind does not accept.
    public static let typeNotAllowed = ReasonCode("type-not-allowed")
    /// The content is a format Acervo always refuses: executables, scripts, HTML, SVG, archives.
    public static let forbiddenType = ReasonCode("forbidden-type")
    /// An Office or ODF document that carries macros.
    public static let macros = ReasonCode("macros")
    /// Neither libmagic nor a structural check could say what the content is.
    public static let unknownType = ReasonCode("unknown-type")
    /// The structure of the format is broken: the file cannot be read as what it claims to be.
    public static let corrupt = ReasonCode("corrupt")
    /// The file ends before its format says it should.
    public static let truncated = ReasonCode("truncated")
    /// Bytes follow the end of the format (or precede its start): a possible polyglot.
    public static let appendedData = ReasonCode("appended-data")
    /// The document can run something when opened: PDF JavaScript, Launch actions, embedded files, XML entities.
    public static let activeContent = ReasonCode("active-content")
    /// The document is encrypted or password protected, so its content cannot be checked.
    public static let encrypted = ReasonCode("encrypted")
    /// The bytes could not be read at all.
    public static let unreadable = ReasonCode("unreadable")
    /// The format is allowed for the kind, but only after a person looks at it.
    public static let needsReview = ReasonCode("needs-review")
    /// The extension of the declared name disagrees with the content (recorded; the content decides).
    public static let extensionMismatch = ReasonCode("extension-mismatch")
    /// The declared MIME type disagrees with the content (recorded; the content decides).
    public static let mimeMismatch = ReasonCode("mime-mismatch")
    /// The declared name was changed to be safe to store (recorded).
    public static let nameSanitized = ReasonCode("name-sanitized")
    /// The same bytes were already stored for this case and kind: no second copy is kept (recorded).
    public static let duplicate = ReasonCode("duplicate")

    /// A compressed document (DOCX, ODT, any ZIP) expands past the bytes, entries or ratio a real
    /// document has: a decompression bomb (rejected in the built-in policy).
    public static let excessiveExpansion = ReasonCode("excessive-expansion")

    // MARK: Scanned paper (Decreto 10.278/2020, Anexo I), found by the digitization quality gate

    /// A page's resolution is below its profile's minimum, on either axis.
    public static let resolutionTooLow = ReasonCode("resolution-too-low")
    /// A page declares no resolution and the operator stated none.
    public static let resolutionMissing = ReasonCode("resolution-missing")
    /// A page's colour mode is poorer than its profile asks (greyscale for a colour profile…).
    public static let colourTooPoor = ReasonCode("colour-too-poor")
    /// A page was captured with lossy compression (JPEG): kept as captured, and recorded.
    public static let lossySource = ReasonCode("lossy-source")
    /// A page holds no writing: kept, and recorded.
    public static let blankPage = ReasonCode("blank-page")
    /// A page asks for more pixels than a scan may have: refused from its header.
    public static let pageTooLarge = ReasonCode("page-too-large")
    /// A page cannot be read: its file is broken, truncated or not a scan Acervo reads.
    public static let unreadablePage = ReasonCode("unreadable-page")
    /// A page is in a colour or sample format Acervo does not take, or is not an image-only scan.
    public static let unsupportedPage = ReasonCode("unsupported-page")
    /// A digitized document lacks Anexo II fields nobody could give it yet (a station does not know the
    /// author of a letter): filed with what it has, and flagged for completion.
    public static let metadataIncomplete = ReasonCode("metadata-incomplete")

    /// The codes of the digitization quality gate, in a stable order.
    public static let digitization: [ReasonCode] = [
        .resolutionTooLow, .resolutionMissing, .colourTooPoor, .lossySource, .blankPage, .pageTooLarge,
        .unreadablePage, .unsupportedPage, .metadataIncomplete,
    ]

    /// Every code Acervo can give, in a stable order.
    public static let all: [ReasonCode] = [
        .empty, .tooLarge, .typeNotAllowed, .forbiddenType, .macros, .unknownType, .corrupt, .truncated,
        .appendedData, .activeContent, .encrypted, .unreadable, .needsReview, .extensionMismatch,
        .mimeMismatch, .nameSanitized, .duplicate, .excessiveExpansion,
    ] + digitization
}

/// A reason behind a verdict: a stable code, the gravity it carries, and what exactly was found.
public struct Reason: Sendable, Hashable, Codable {
    /// The stable code.
    public var code: ReasonCode
    /// The verdict this reason alone would give: `accepted` for reasons that are only recorded.
    public var verdict: Verdict
    /// What was found, in neutral terms (a format name, a byte offset, a PDF key) or in English; may be empty.
    public var detail: String
    /// The detail in Portuguese, where its words differ (a scanned page's finding); `nil` otherwise.
    public var detailPortuguese: String?

    /// Makes a reason.
    public init(code: ReasonCode, verdict: Verdict, detail: String = "", detailPortuguese: String? = nil) {
        self.code = code
        self.verdict = verdict
        self.detail = detail
        self.detailPortuguese = detailPortuguese == detail ? nil : detailPortuguese
    }

    /// The message in Portuguese, for the consumer.
    public var portuguese: String {
        ReasonCatalog.message(for: code, detail: detailPortuguese ?? detail, language: .portuguese)
    }
    /// The message in English, for the back office.
    public var english: String { ReasonCatalog.message(for: code, detail: detail, language: .english) }
}

/// A structural observation made while identifying a file, before any policy is applied.
public struct Finding: Sendable, Hashable, Codable {
    /// What kind of problem it is; the policy gives it a gravity.
    public var code: ReasonCode
    /// What exactly was found.
    public var detail: String

    /// Makes a finding.
    public init(_ code: ReasonCode, _ detail: String) {
        self.code = code
        self.detail = detail
    }
}
