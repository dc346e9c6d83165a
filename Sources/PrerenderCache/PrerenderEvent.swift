/// Something a pre-rendering did, for the server's log.
public enum PrerenderEvent: Sendable {
    /// Why the plain page was served.
    public enum PlainReason: Error, CustomStringConvertible {
        /// The render queue was full (`waiting` renders already queued).
        case queueFull(waiting: Int)
        /// New renders are limited to `perMinute`.
        case rateLimited(perMinute: Int)
        /// The renderer's own failure, as it typed it.
        case renderFailed(any Error & CustomStringConvertible)

        public var description: String {
            switch self {
            case .queueFull(let waiting): "\(waiting) renders already waiting"
            case .rateLimited(let perMinute): "more than \(perMinute) renders a minute"
            case .renderFailed(let failure): failure.description
            }
        }
    }

    /// A page was rendered (a cache miss); `milliseconds` of wall clock.
    case rendered(route: String, milliseconds: Int)
    /// The plain page was served because rendering failed, or could not start (too many waiting).
    case servedPlain(route: String, reason: PlainReason)

    /// One line: `prerender /route: rendered in 12 ms` or `prerender /route: <reason>; served the plain page`.
    public var line: String {
        switch self {
        case .rendered(let route, let milliseconds): "prerender \(route): rendered in \(milliseconds) ms"
        case .servedPlain(let route, let reason): "prerender \(route): \(reason); served the plain page"
        }
    }
}
