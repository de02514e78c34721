import AcervoCore

/// Routing by folders: `inbox/<PROTOCOL>/<kind>/…`, or `inbox/<PROTOCOL>/<kind>/<profile>/…` to name the
/// Anexo I profile.
///
/// Below the route, a file is a document of its own (a multi-page TIFF or PDF is one document with all
/// its pages); a folder is one document made of the files in it, in the order of their paths, taken once
/// every file in it is ready and none has appeared for the settle time.
enum FolderRouting {
    /// Where a file's path puts it.
    enum Decision: Equatable {
        /// A route, and the key of the document the file belongs to (its own path, or its document folder's).
        case routed(Route, document: String)
        /// No route: the reason, with how to route it.
        case unrouted(StationReason)
    }

    /// The route of the file at `relativePath` (relative to the inbox).
    static func decide(_ relativePath: String) -> Decision {
        let parts = relativePath.split(separator: "/").map(String.init)
        guard parts.count >= 3 else { return .unrouted(.noRoute) }
        guard let caseNumber = CaseNumber(rawValue: parts[0]) else { return .unrouted(.noRoute) }
        guard let kind = DocumentKind(rawValue: parts[1]) else { return .unrouted(.unknownKind(parts[1])) }
        var rest = Array(parts.dropFirst(2))
        var profile: DigitizationProfile?
        if rest.count >= 2, let named = DigitizationProfile(rawValue: rest[0]) {
            profile = named
            rest.removeFirst()
        }
        let base = parts.count - rest.count
        let document = rest.count == 1 ? relativePath : parts.prefix(base + 1).joined(separator: "/")
        return .routed(Route(caseNumber: caseNumber, kind: kind, profile: profile), document: document)
    }
}
