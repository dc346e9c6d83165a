import DistLayout
import Foundation

/// What a page may do while it is pre-rendered: what it could do in a browser loading it from the dist,
/// and nothing more. The rules live here, in one place, whichever runtime runs the page:
///
/// - No `fs`, `process`, `require` or environment exists (`PageRuntime` installs the web platform and the
///   DOM only): the page's own wasm_exec.js polyfills `fs` and `process` as in a browser, so writes go to
///   the render's log, every other `fs` call fails with `ENOSYS`, `process` has no `argv0` (so Go's
///   `net/http` uses `fetch`), no working directory and no identity; `os.Args` is `["js"]` and the
///   environment is empty.
/// - `fetch` reaches the page's own origin only, answered from the dist under `serve`'s path rules (no
///   dotfiles, no `..`, no symlink out of the dist; see `DistFetch`). Any other origin is a network error,
///   `TypeError: Failed to fetch`, as in a browser that cannot reach it. Scripts' `src` follow the same
///   rules.
/// - `location` is the route as a browser shows it: percent-encoded, trailing slash kept (dom.js).
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
}
