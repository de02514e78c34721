public import AcervoCore
public import Foundation

/// The facts about one upload that a policy judges.
public struct IntakeFacts: Sendable, Hashable {
    /// The kind the sender declared.
    public var kind: DocumentKind
    /// What the content is.
    public var identification: Identification
    /// Size of the upload.
    public var byteCount: Int64
    /// The name the sender gave, if any.
    public var declaredName: String?
    /// The MIME type the sender gave, if any.
    public var declaredMIME: String?
    /// The name the file is stored under when the declared one had to change to be stored safely
    /// (graded as `name-sanitized`); `nil` when the declared name was kept.
    public var sanitizedName: String?
    /// Why an image the content check took could not be decoded into its derivatives (`corrupt`,
    /// `truncated`, `too-large`, ...): a fact about the file, graded like the content check's findings.
    /// `nil` when the image decoded, or was not decoded. A failure to write Acervo's own files is never
    /// this: it stops the intake as an `AcervoError`.
    public var decodeFailure: Finding?
    /// The evidence already on the case for the same kind with the same bytes, when this upload repeats
    /// it (graded as `duplicate`). The store only reports such a repetition; this policy decides what it
    /// weighs.
    public var duplicateOf: UUID?

    /// Makes the facts.
    public init(kind: DocumentKind, identification: Identification, byteCount: Int64,
                declaredName: String? = nil, declaredMIME: String? = nil, sanitizedName: String? = nil,
                decodeFailure: Finding? = nil, duplicateOf: UUID? = nil) {
        self.kind = kind
        self.identification = identification
        self.byteCount = byteCount
        self.declaredName = declaredName
        self.declaredMIME = declaredMIME
        self.sanitizedName = sanitizedName
        self.decodeFailure = decodeFailure
        self.duplicateOf = duplicateOf
    }
}

/// A policy's decision on one upload.
public struct Judgement: Sendable, Hashable {
    /// The verdict: the gravest of the reasons, `accepted` when there is none.
    public var verdict: Verdict
    /// Every reason, the recorded ones included, gravest first.
    public var reasons: [Reason]

    /// Makes a judgement from its reasons; the verdict follows from them.
    public init(reasons: [Reason]) {
        self.reasons = reasons.sorted { ($0.verdict, $1.code) > ($1.verdict, $0.code) }
        self.verdict = reasons.map(\.verdict).max() ?? .accepted
    }

    /// The same judgement with one more reason.
    public func adding(_ reason: Reason) -> Judgement { Judgement(reasons: reasons + [reason]) }
}

extension Policy {
    /// Judges one upload. Pure: the same facts always give the same judgement. Only a policy turns facts
    /// into reasons: the pipeline and the store report what they found (a renamed file, an image that does
    /// not decode, a repeated upload) and this grades it.
    public func judge(_ facts: IntakeFacts) -> Judgement {
        var reasons = contentReasons(facts)
        if let sanitized = facts.sanitizedName {
            reasons.append(reason(.nameSanitized, sanitized))
        }
        if let failure = facts.decodeFailure {
            reasons.append(reason(failure.code, failure.detail))
        }
        if let original = facts.duplicateOf {
            reasons.append(reason(.duplicate, original.uuidString.lowercased()))
        }
        return Judgement(reasons: reasons)
    }

    /// The reasons the content, its size and the sender's declarations give.
    private func contentReasons(_ facts: IntakeFacts) -> [Reason] {
        let id = facts.identification
        let format = id.format
        var reasons: [Reason] = []

        if let unreadable = id.findings.first(where: { $0.code == .unreadable }) {
            // Nothing can be said of bytes that could not be read, not even that there are none.
            return [reason(.unreadable, unreadable.detail)]
        }
        if facts.byteCount == 0 || format == .empty {
            return [reason(.empty)]
        }
        for finding in id.findings {
            reasons.append(reason(finding.code, finding.detail))
        }
        let rule = rule(for: facts.kind)
        if format == .officeMacro, !id.findings.contains(where: { $0.code == .macros }) {
            reasons.append(reason(.macros, format.rawValue))
        }
        if format == .unknown {
            if !id.findings.contains(where: { $0.code == .unreadable }) {
                reasons.append(reason(.unknownType, id.mime))
            }
        } else if alwaysRejected.contains(format) {
            if format != .officeMacro {
                reasons.append(reason(.forbiddenType, "\(format) (\(id.mime))"))
            }
        } else if rule.review.contains(format) {
            reasons.append(reason(.needsReview, "\(format) as \(facts.kind.rawValue)"))
        } else if !rule.accept.contains(format) {
            let accepted = rule.accept.sorted().map(\.rawValue).joined(separator: ", ")
            reasons.append(reason(.typeNotAllowed, "\(format); \(facts.kind.rawValue) takes \(accepted)"))
        }
        if facts.byteCount > rule.maxBytes {
            // A file or stream is read to the limit plus one byte: its true size is not known, only that
            // it is larger.
            let size = facts.byteCount == rule.maxBytes + 1 ? "more than" : "\(ByteCount.format(facts.byteCount)) >"
            reasons.append(reason(.tooLarge, "\(size) \(ByteCount.format(rule.maxBytes))"))
        }
        if let name = facts.declaredName, let expected = DeclaredNames.extensions[format] {
            // A name without an extension claims nothing (scanners and phones often send such names).
            if let ext = DeclaredNames.fileExtension(of: name), !expected.contains(ext) {
                reasons.append(reason(.extensionMismatch, ".\(ext) but content is \(format)"))
            }
        }
        if let declared = facts.declaredMIME.map(DeclaredNames.essence(of:)), !DeclaredNames.generic.contains(declared) {
            let expected = DeclaredNames.mimeTypes[format] ?? [DeclaredNames.essence(of: id.mime)]
            if !expected.contains(declared) {
                reasons.append(reason(.mimeMismatch, "declared \(declared), content is \(DeclaredNames.essence(of: id.mime))"))
            }
        }
        return reasons
    }
}
