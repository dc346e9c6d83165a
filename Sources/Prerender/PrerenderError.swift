import GoJSHost

/// Why a page could not be pre-rendered. Each case reads as one line for `gowasm-serve: ...`.
public enum PrerenderError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The dist has no HTML page for the route (nor an `index.html` to fall back to).
    case noPage(dist: String, route: String)
    /// A file of the dist could not be read.
    case unreadable(path: String, reason: String)
    /// The page references no wasm file that exists in the dist.
    case noWasm(page: String, tried: [String])
    /// The wasm is not a Go js/wasm module the runtime can start.
    case invalidWasm(path: String, reason: String)
    /// The guest trapped (out-of-bounds access, stack or memory exhausted) or a host call failed.
    case trap(String)
    /// The program exited with a non-zero code other than a panic's; `output` is the tail of stderr.
    case exited(code: Int32, output: String)
    /// Go panicked (exit code 2 after a `panic: ` line); `message` is what followed `panic: `.
    case panic(String)
    /// The app asked for more linear memory than the budget allows.
    case outOfMemory(limitBytes: Int)
    /// An exception escaped from a callback outside Go (a timer or promise reaction).
    case uncaughtException(String)
    /// The wall-clock or instruction budget ran out before Go parked (a busy loop, or far too much work).
    case overBudget(GoJSBudget)
    /// The route is not an absolute path.
    case invalidRoute(String)

    public var description: String {
        switch self {
        case .noPage(let dist, let route): "no HTML page for route \(route) in \(dist) (expected index.html)"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .noWasm(let page, let tried):
            tried.isEmpty
                ? "\(page) references no .wasm file (looked at script src, preload links, string literals and manifest.json)"
                : "\(page) references \(tried.joined(separator: ", ")), but none exists in the dist"
        case .invalidWasm(let path, let reason): "\(path) cannot run: \(reason)"
        case .trap(let message): "the app trapped while pre-rendering: \(message)"
        case .exited(let code, let output):
            output.isEmpty
                ? "the app exited with code \(code) while pre-rendering"
                : "the app exited with code \(code) while pre-rendering: \(output)"
        case .uncaughtException(let message): "uncaught exception while pre-rendering: \(message)"
        case .panic(let message): "the app panicked while pre-rendering: \(message)"
        case .outOfMemory(let limit): "the app ran out of its \(limit >> 20) MiB of memory while pre-rendering"
        case .overBudget(let budget): "pre-rendering stopped: \(budget) before the app parked"
        case .invalidRoute(let route): "route \(route) is not an absolute path (it must start with /)"
        }
    }
}
