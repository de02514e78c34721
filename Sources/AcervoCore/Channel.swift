/// How an upload reached Acervo.
public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
    /// The complaint web API, through the library.
    case api
    /// A back-office scanning station.
    case scanStation = "scan-station"
    /// The `acervo` command.
    case cli
}
