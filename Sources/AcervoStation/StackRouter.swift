/// Decides which documents a ready stack of page files makes: the seam where routing by cover sheets
/// (a page whose QR code names the case and kind starts a document, up to the next sheet) joins routing
/// by folders.
///
/// The station asks its routers in order; the first that returns documents routes the stack. Today the
/// only router is ``FolderRouter``. Cover sheets split a stack inside its files (a multi-page TIFF holds
/// several documents), which a list of page files cannot say: ``SheetSplit`` gives those documents as
/// page ranges with their routes, for a filer that digitizes pages.
public protocol StackRouter: Sendable {
    /// The documents `stack` makes, or `nil` when this router has no route for it.
    func documents(in stack: ReadyStack) -> [ReadyStack]?
}

/// A stack of ready page files and the route it goes by.
public struct ReadyStack: Sendable, Hashable {
    /// The page files, in order.
    public var pages: [PageFile]
    /// The route, when one is known.
    public var route: Route?

    /// Makes a stack.
    public init(pages: [PageFile], route: Route?) {
        self.pages = pages
        self.route = route
    }
}

/// Routing by folders: a stack whose folders name a route is one document on that route.
public struct FolderRouter: StackRouter {
    /// The router.
    public init() {}

    /// The stack as one document when its folders gave it a route.
    public func documents(in stack: ReadyStack) -> [ReadyStack]? {
        stack.route == nil ? nil : [stack]
    }
}
