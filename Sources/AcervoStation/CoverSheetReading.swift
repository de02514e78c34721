public import AcervoCore

/// Reads a stack's pages for cover sheets and splits it at them: the seam through which the station,
/// which links no barcode reader, routes stacks by cover sheets. `AcervoCoverSheets`' `CoverSheetReader`
/// reads the sheets' QR codes with zbar.
///
/// The station asks only of stacks that its folders do not route (files at the inbox's root, or in a
/// folder that names no case and kind): a routed folder is one document, as it always was.
public protocol CoverSheetReading: Sendable {
    /// `stack` split at its cover sheets; `nil` when no page is a sheet. Throws for operational failures
    /// only (the stack is read again later).
    func split(_ stack: ReadyStack) throws(AcervoError) -> SheetSplit?
}
