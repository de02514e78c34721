import Foundation

/// The content of `acervo-store.json`: it says that a directory is an Acervo store and which format
/// it is in, so that Acervo never writes into a directory that belongs to something else.
struct StoreMarker: Codable, Sendable, Equatable {
    static let fileName = "acervo-store.json"
    static let formatName = "acervo-store"
    /// Bumped whenever the layout changes in a way an older Acervo must not write to. Version 2 stores
    /// each version's custody events as a segment (`metadata/custody/vN.jsonl`) instead of the whole log
    /// and keeps open versions in `open/`; a version 1 store is migrated at open by rewriting the marker
    /// alone, since version 2 reads a version 1 case's `metadata/custody.jsonl` as its first segment.
    static let currentVersion = 2

    var format: String
    var version: Int
    var ocfl: String
    var created: String

    static func current(now: Date) -> StoreMarker {
        StoreMarker(format: formatName, version: currentVersion, ocfl: "1.1", created: StoreDate.string(now))
    }
}
