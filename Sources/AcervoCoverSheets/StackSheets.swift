public import AcervoCore
import AcervoDigitize
public import AcervoStation
import Foundation

/// Reads every page of a ready stack for cover sheets, one page's pixels in memory at a time, and splits
/// the stack at them (see ``SheetSplit``).
///
/// A page that cannot be decoded is not a sheet: it stays in its document, where digitization reports it.
/// A failure of the machine while a page is read (no scratch space, a read error) is thrown: a sheet
/// missed for it would split the stack wrongly.
public enum StackSheets {
    /// What each page's QR codes say, page 1 first, as many as the stack's files count.
    public static func readings(of stack: ReadyStack) throws(AcervoError) -> [CoverSheetPayload.Reading] {
        let count = stack.pageCount
        var readings = [CoverSheetPayload.Reading](repeating: .notASheet, count: count)
        let document = try ScannedDocument.read(paths: stack.pages.map(\.url.path))
        for page in document.pages where page.page.number <= count {
            guard case .success(let decoded) = try document.decoded(page) else { continue }
            readings[page.page.number - 1] = CoverSheetFinder.read(decoded.raster)
        }
        return readings
    }

    /// The stack split at its cover sheets; `nil` when it holds none (it goes by its folders then).
    public static func split(_ stack: ReadyStack) throws(AcervoError) -> SheetSplit? {
        SheetSplit(stack, readings: try readings(of: stack))
    }
}
