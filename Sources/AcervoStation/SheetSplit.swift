import AcervoCore

/// A stack split at its cover sheets: each sheet starts a document of its case, kind, profile and título,
/// up to the next sheet; the sheets themselves are in no document, and are listed so that the station
/// keeps their images in custody.
///
/// Pages are numbered from 1 across the whole stack, file after file, as `ScannedDocument.read` numbers
/// them. Pages before the first sheet go by the folder's route when the stack has one (a document of
/// their own); without one the whole stack goes to quarantine (``quarantine``) with a reason that says
/// how to route it, and so does a stack holding a sheet whose payload cannot be read: filing its pages in
/// the previous document would put them in the wrong case.
///
/// ```swift
/// // readings[i]: what page i + 1's QR codes say (AcervoCoverSheets reads them from the pixels)
/// guard let split = SheetSplit(stack, readings: readings) else { /* no sheet: route by folders */ }
/// if let reason = split.quarantine { /* set the stack aside with `reason` */ }
/// for document in split.documents { let files = document.files(in: stack) /* … */ }
/// ```
public struct SheetSplit: Sendable, Hashable {
    /// The documents, in stack order; none when the stack goes to quarantine.
    public var documents: [SplitDocument]
    /// Every cover sheet found, in stack order.
    public var sheets: [SheetPage]
    /// Why the stack cannot be filed as split, when it cannot: it then goes to quarantine whole.
    public var quarantine: StationReason?

    /// Splits `stack` at the sheets `readings` found (`readings[i]` for page `i + 1`); `nil` when no page
    /// is a sheet, good or faulty (the stack then goes by its folders alone).
    public init?(_ stack: ReadyStack, readings: [CoverSheetPayload.Reading]) {
        var sheets: [SheetPage] = []
        var faults: [(page: Int, fault: CoverSheetFault)] = []
        for (index, reading) in readings.enumerated() {
            switch reading {
            case .notASheet: continue
            case .sheet(let sheet): sheets.append(SheetPage(page: index + 1, sheet: sheet, document: nil))
            case .faulty(let fault): faults.append((index + 1, fault))
            }
        }
        guard !sheets.isEmpty || !faults.isEmpty else { return nil }
        documents = []
        self.sheets = sheets
        if !faults.isEmpty {
            quarantine = .badSheet(faults)
            return
        }
        let firstSheet = sheets[0].page
        if firstSheet > 1 {
            guard let route = stack.route else {
                quarantine = .pagesBeforeSheet(firstSheet - 1)
                return
            }
            documents.append(SplitDocument(route: route, title: nil, pages: 1...(firstSheet - 1), sheetPage: nil))
        }
        for (position, sheetPage) in sheets.enumerated() {
            let end = position + 1 < sheets.count ? sheets[position + 1].page - 1 : readings.count
            // A sheet followed by another sheet, or last in the stack, starts no document.
            guard end > sheetPage.page else { continue }
            self.sheets[position].document = documents.count
            documents.append(SplitDocument(route: sheetPage.sheet.route, title: sheetPage.sheet.title,
                                           pages: (sheetPage.page + 1)...end, sheetPage: sheetPage.page))
        }
    }
}

/// One document of a split stack.
public struct SplitDocument: Sendable, Hashable {
    /// Where it goes: its sheet's route, or the folder's for pages before the first sheet.
    public var route: Route
    /// The título its sheet gives (Anexo II), if any.
    public var title: String?
    /// Its pages, numbered from 1 across the stack.
    public var pages: ClosedRange<Int>
    /// The page of the sheet that started it; `nil` for pages before the first sheet, on the folder's route.
    public var sheetPage: Int?

    /// Makes a document of a split stack.
    public init(route: Route, title: String?, pages: ClosedRange<Int>, sheetPage: Int?) {
        self.route = route
        self.title = title
        self.pages = pages
        self.sheetPage = sheetPage
    }

    /// The stack's files that hold the document's pages, each with the pages it gives, counted from 0
    /// inside the file (a multi-page TIFF's directories, a PDF's pages).
    public func files(in stack: ReadyStack) -> [(file: PageFile, pagesInFile: ClosedRange<Int>)] {
        var result: [(file: PageFile, pagesInFile: ClosedRange<Int>)] = []
        var first = 1
        for file in stack.pages {
            let last = first + file.pageCount - 1
            let lower = max(first, pages.lowerBound), upper = min(last, pages.upperBound)
            if lower <= upper { result.append((file, (lower - first)...(upper - first))) }
            first = last + 1
        }
        return result
    }
}

/// A cover sheet found in a stack: its page, what it says, and the document it starts.
public struct SheetPage: Sendable, Hashable {
    /// The sheet's page, numbered from 1 across the stack.
    public var page: Int
    /// What it says.
    public var sheet: CoverSheet
    /// The index in ``SheetSplit/documents`` of the document it starts; `nil` when the next page is another
    /// sheet or the stack ends (or the stack goes to quarantine).
    public var document: Int?

    /// Makes a sheet page.
    public init(page: Int, sheet: CoverSheet, document: Int?) {
        self.page = page
        self.sheet = sheet
        self.document = document
    }
}

extension ReadyStack {
    /// How many pages the stack's files hold together.
    public var pageCount: Int { pages.reduce(0) { $0 + $1.pageCount } }

    /// The file that holds page `number` (from 1 across the stack) and the page's place inside it (from
    /// 0), or `nil` past the stack's end: where a sheet page's image is read from to be kept in custody.
    public func location(ofPage number: Int) -> (file: PageFile, indexInFile: Int)? {
        guard number >= 1 else { return nil }
        var first = 1
        for file in pages {
            if number < first + file.pageCount { return (file, number - first) }
            first += file.pageCount
        }
        return nil
    }
}
