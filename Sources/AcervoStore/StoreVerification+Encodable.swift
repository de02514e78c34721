import Foundation
import AcervoCore

/// A store check encodes to the document `acervo store verify --json` prints: `clean`, `objects`,
/// `files`, `problems`, and `staging` (``StagingCensus``) as the lines people read. It is `Encodable` only: a problem's line does not
/// carry its fields apart, so the document cannot be read back into a ``StoreVerification``.
extension StoreVerification: Encodable {
    /// Writes the check as `acervo store verify --json` prints it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportJSON.Key.self)
        try c.encode(isClean, forKey: "clean")
        try c.encode(objectsChecked, forKey: "objects")
        try c.encode(filesChecked, forKey: "files")
        try c.encode(problems.map(\.description), forKey: "problems")
        try c.encode(staging, forKey: "staging")
    }
}
