package import AcervoCore
package import AcervoStore
package import Foundation

/// A document made from an intake's uploads (a digitized document made from its page files), staged and
/// waiting to be committed beside them. The store stage asks it what to store and record; what makes it
/// lives in `AcervoDigitizedIntake`, so that `Acervo` itself never links the digitizer's C libraries.
package protocol DerivedDocument: Sendable {
    /// The files stored as derivatives of the first upload.
    var derivatives: [IntakeCommit.Derivative] { get }
    /// The description the first upload's record keeps.
    func description(firstPage: UUID, sources: [UUID]) -> DigitizedDocument
    /// The custody events of the document.
    func events(firstPage: UUID, sources: [UUID], operatorName: String) -> [CustodyDraft]
}
