import Foundation

/// The content of `acervo-store.json`: it says that a directory is an Acervo store and which format
/// it is in, so that Acervo never writes into a directory that belongs to something else.
struct StoreMarker: Codable, Sendable, Equatable {
    static let fileName = "acervo-store.json"
    static let formatName = "acervo-store"
    /// Bumped whenever the layout changes in a way an older Acervo must not write to.
    static let currentVersion = 1

    var format: String
    var version: Int
    var ocfl: String
    var created: String

    static func current(now: Date) -> StoreMarker {
        StoreMarker(format: formatName, version: currentVersion, ocfl: "1.1", created: StoreDate.string(now))
    }
}
