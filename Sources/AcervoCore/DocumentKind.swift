import Foundation

/// What a consumer says an attachment is. The policy of the kind decides which formats it may take.
public enum DocumentKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// An ID document: RG, CNH, passport.
    case identity
    /// A utility bill or bank statement proving the consumer's address.
    case proofOfAddress = "proof-of-address"
    /// A receipt, cupom fiscal or nota fiscal (PDF, photo or NF-e XML).
    case receipt
    /// A contract or terms of service.
    case contract
    /// A photo of a product, a shop, a place.
    case photo
    /// A screenshot of an app, a chat or a web page.
    case screenshot
    /// A voice note or a recorded call.
    case audio
    /// A phone video.
    case video
    /// An e-mail or letter exchanged with the supplier.
    case correspondence
    /// Anything else the consumer wants on file.
    case other

    /// Parses a kind as written on the command line or in a form; `nil` when it is not exactly one of
    /// ours. Kinds are identifiers, like reason codes: `PHOTO` or ` photo` is refused, not guessed at,
    /// so what a script sends is what the custody log records.
    public init?(argument: String) {
        self.init(rawValue: argument)
    }

    /// The names of every kind, comma separated, for error messages.
    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
