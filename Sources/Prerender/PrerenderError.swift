
/// Why a page could not be pre-rendered. Each case reads as one line for `gowasm-serve: ...`.
public enum PrerenderError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The dist has no HTML page for the route (nor an `index.html` to fall back to).
    case noPage(dist: String, route: String)
    /// A file of the dist could not be read.
    case unreadable(path: String, reason: String)
    /// The guest trapped (out-of-bounds access, stack or memory exhausted) or a host call failed.
    case trap(String)
    /// The program exited with a non-zero code other than a panic's; `output` is the tail of stderr.
    case exited(code: Int32, output: String)
    /// Go panicked (exit code 2 after a `panic: ` line); `message` is what followed `panic: `.
    case panic(String)
    /// The app asked for more linear memory than the budget allows.
    case outOfMemory(limitBytes: Int)
    /// The wall-clock or instruction budget ran out before Go parked (a busy loop, or far too much work).
    case overBudget(PrerenderBudget)
    /// The page needs what the pre-renderer does not do (a `<script type=module>`): it is not rendered,
    /// rather than rendered empty.
    case unsupported(String)
    /// The page started no Go program (`go.run` never ran); `log` is the last line it logged, if any.
    case noProgram(String)
    /// The route is not an absolute path.
    case invalidRoute(String)

    public var description: String {
        switch self {
        case .noPage(let dist, let route): "no HTML page for route \(route) in \(dist) (expected index.html)"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .trap(let message): "the app trapped while pre-rendering: \(message)"
        case .exited(let code, let output):
            output.isEmpty
                ? "the app exited with code \(code) while pre-rendering"
                : "the app exited with code \(code) while pre-rendering: \(output)"
        case .panic(let message): "the app panicked while pre-rendering: \(message)"
        case .outOfMemory(let limit): "the app ran out of its \(limit >> 20) MiB of memory while pre-rendering"
        case .overBudget(let budget): "pre-rendering stopped: \(budget) before the app parked"
        case .unsupported(let what): "the page cannot be pre-rendered: \(what)"
        case .noProgram(let log):
            "the page started no Go program (go.run never ran)" + (log.isEmpty ? "" : ": \(log)")
        case .invalidRoute(let route): "route \(route) is not an absolute path (it must start with /)"
        }
    }
}

/// A budget a pre-render ran out of.
public enum PrerenderBudget: Sendable, Equatable, CustomStringConvertible {
    case wallClock(Duration)
    case virtualTime(Duration)
    case instructions(UInt64)

    public var description: String {
        switch self {
        case .wallClock(let limit): "wall-clock limit of \(limit) reached"
        case .virtualTime(let limit): "virtual-time limit of \(limit) reached"
        case .instructions(let limit): "instruction limit of \(limit) reached"
        }
    }
}
