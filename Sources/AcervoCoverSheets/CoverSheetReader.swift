public import AcervoCore
public import AcervoStation

/// The station's cover-sheet reader: each page's pixels searched for a sheet's QR code with zbar
/// (``CoverSheetFinder``), the stack split at the sheets (``StackSheets``).
///
/// ```swift
/// let station = try Station(layout: layout, settings: settings, filer: filer, sheets: CoverSheetReader(), logger: logger)
/// ```
public struct CoverSheetReader: CoverSheetReading {
    /// The reader.
    public init() {}

    /// `stack` split at its cover sheets; `nil` when it holds none.
    ///
    /// - Throws: `library` when libzbar cannot be opened (an operational failure: the stack waits, never
    ///   taken for one without sheets); what reading the stack's files throws.
    public func split(_ stack: ReadyStack) throws(AcervoError) -> SheetSplit? {
        try CoverSheetFinder.checkReader()
        return try StackSheets.split(stack)
    }
}
