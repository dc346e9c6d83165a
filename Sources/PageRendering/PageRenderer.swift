/// One HTML page to pre-render: the route as a browser would show it in `location.pathname`, and the file
/// that answers it (`index.html` for `/` and for client-side routes, `docs/index.html` for `/docs/`).
public struct PageRoute: Sendable, Hashable, CustomStringConvertible {
    /// The request path as the server matched it, without the query (`/users/42`, `/docs/`), in its
    /// canonical spelling (`canonicalPath`): what `location.pathname` shows during the render.
    public let path: String
    /// The page's path relative to the root (`index.html`, `docs/index.html`).
    public let page: String

    public init(path: String, page: String) {
        self.path = path
        self.page = page
    }

    public var description: String { path }
}

/// Renders HTML pages before they are served. PrerenderCache keeps what it returns, per route and per content
/// of the page and of the files the renderer names as inputs, and knows nothing of how pages are rendered.
public protocol PageRenderer: Sendable {
    /// Why a rendering failed, as the renderer types it (RenderProcess's `RenderProblem`); the log line is
    /// its description, and it reaches the log as itself (`PrerenderEvent.PlainReason.renderFailed`).
    associatedtype Failure: Error & CustomStringConvertible

    /// Paths relative to the root of the files, besides the page itself, whose content the rendering of
    /// `route` depends on (scripts, wasm). New content in any of them means a new rendering.
    func inputs(of route: PageRoute, page: [UInt8]) -> [String]

    /// Renders `route`, calling `completion` exactly once, from any thread, with the page's new HTML.
    /// May take long: it is never called on a connection's loop, and at most a bounded number run at once.
    func render(_ route: PageRoute, completion: @escaping @Sendable (Result<[UInt8], Failure>) -> Void)
}
