import Foundation
import GoJSHost
import SiteServing

/// What a page may do while it is pre-rendered: what it could do in a browser loading it from the dist,
/// and nothing more. The rules live here, in one place, whichever runtime runs the page:
///
/// - `fs` and `process` are the browser glue's polyfills (`HostSurface.browser`): writes go to the render's
///   log, every other `fs` call fails with `ENOSYS`, `process` has no `argv0` (so Go's `net/http` uses
///   `fetch`), no working directory and no identity; `os.Args` is `["js"]` and the environment is empty.
/// - `fetch` reaches the page's own origin only, answered from the dist under `serve`'s path rules (no
///   dotfiles, no `..`, no symlink out of the dist; see `DistFetch`). Any other origin is a network error,
///   `TypeError: Failed to fetch`, as in a browser that cannot reach it.
/// - `location` is the route as a browser shows it: percent-encoded, trailing slash kept (`DOMBindings`).
///
/// The render process around it adds what a browser tab has from its sandbox (see `RenderProcess`): no
/// environment, no files written, bounded memory and time.
public struct BrowserSandbox: Sendable {
    /// The dist, resolved once: what same-origin requests are answered from.
    public let root: SiteRoot

    public init(dist: URL) throws(PrerenderError) {
        do {
            root = try SiteRoot(dist.path)
        } catch {
            throw .unreadable(path: dist.path, reason: error.description)
        }
    }

    /// The host a page gets: the browser surface, `["js"]` as arguments, no environment.
    public static func configure(_ configuration: inout GoJSConfiguration) {
        configuration.surface = .browser
        configuration.arguments = ["js"]
        configuration.environment = [:]
    }

    /// Adds the network a page sees (`fetch`, `Headers`, `AbortController`) to `runtime`'s globals.
    /// `pageURL` is read at each request: the app may have moved with `history.pushState`.
    func installNetwork(in runtime: GoJSRuntime, pageURL: @escaping () -> URL) {
        DistFetch(root: root, runtime: runtime, pageURL: pageURL).install()
    }
}
