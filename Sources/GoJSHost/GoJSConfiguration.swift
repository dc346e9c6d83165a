import Foundation

/// How a run is set up: what the Go program sees (argv, env, cwd, clock) and the budgets that bound it.
public struct GoJSConfiguration: Sendable {
    /// `os.Args`, laid out like wasm_exec_node.js does: by convention argv[0] is the wasm path.
    public var arguments: [String] = ["js"]
    /// The environment; passed sorted by key (as the glue does). `run` adds TMPDIR like node's wrapper.
    public var environment: [String: String] = [:]
    /// Where output written to fd 1 and fd 2 goes.
    public var standardOutput: OutputSink = .fileDescriptor(1)
    public var standardError: OutputSink = .fileDescriptor(2)
    /// `process.argv0`. "node" makes Go (≥ 1.21) treat the host as node (e.g. net/http skips fetch).
    /// Only the node surface has one.
    public var processArgv0: String = "node"
    /// Which host the program finds: node's `fs` on the real file system and `process` (`run`), or the
    /// browser glue's polyfills (pre-rendering). See `HostSurface`.
    public var surface: HostSurface = .node
    /// Real time (timers wait) or virtual time (timers fire at once, the clock jumps).
    public var clock: ClockMode = .real
    /// Stop the run after this much wall-clock time (checked between events and by instruction fuel).
    public var wallClockLimit: Duration? = nil
    /// Stop the run when virtual time passes this much (virtual clock only).
    public var virtualTimeLimit: Duration? = nil
    /// Stop the run after roughly this many wasm instructions (enables WasmKit's fuel metering, which
    /// costs some speed, so it is off unless set).
    public var instructionLimit: UInt64? = nil
    /// The largest linear memory the guest may grow to.
    public var maxMemoryBytes: Int = 1 << 30
    /// What to do when Go has parked and nothing is pending: report a deadlock like node (Go prints
    /// "all goroutines are asleep" and exits 2), or stop and return `.idle` (pre-rendering).
    public var whenIdle: IdlePolicy = .reportDeadlock
    /// The interpreter's own stack (deep Go call chains and re-entrant callbacks need room).
    public var interpreterStackBytes: Int = 64 << 20

    public init() {}

    public enum ClockMode: Sendable, Equatable {
        case real
        /// Virtual time starting at the given Unix time in milliseconds.
        case virtual(startMilliseconds: Double)
    }

    public enum IdlePolicy: Sendable, Equatable {
        case reportDeadlock
        case returnIdle
    }
}

/// The `fs` and `process` a program sees.
public enum HostSurface: Sendable, Equatable {
    /// node's: `fs` backed by the real file system, `process` with `argv0`, `cwd`, `env` (what `run` gives,
    /// as `wasm_exec_node.js` does).
    case node
    /// What `wasm_exec.js` polyfills in a browser, and nothing more (see `BrowserPolyfills.swift`):
    /// `fs.writeSync`/`fs.write` to the output sinks, every other `fs` call fails with `ENOSYS`, and
    /// `process` has no `argv0`, no `env`, no working directory. Go's `net/http` then uses `fetch`.
    case browser
}

/// A destination for the guest's stdout or stderr bytes.
public enum OutputSink: Sendable {
    /// Written straight to a file descriptor, unbuffered (so stdout and stderr interleave as written).
    case fileDescriptor(Int32)
    /// Handed to a closure (tests, pre-rendering logs).
    case collect(@Sendable (UnsafeRawBufferPointer) -> Void)
    case discard
}

/// How a run ended.
public enum GoJSOutcome: Sendable, Equatable {
    /// Go called `runtime.wasmExit` (including after a deadlock report or a panic).
    case exited(code: Int32)
    /// Go is parked and nothing is pending (only with `whenIdle: .returnIdle`).
    case idle
    /// A budget ran out (wall clock, virtual time or instructions).
    case budgetExhausted(GoJSBudget)
}

/// The budget that ended a run, with its limit.
public enum GoJSBudget: Sendable, Equatable, CustomStringConvertible {
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

/// Why a run could not start or could not go on.
public enum GoJSError: Error, CustomStringConvertible, Sendable {
    case invalidModule(String)
    case unsupportedImport(module: String, name: String)
    case missingExport(String)
    case argumentsTooLong
    /// The guest trapped, read out of bounds, ran out of stack or memory, or a host call failed.
    case guestFault(message: String, backtrace: String?)
    /// An exception escaped from JavaScript-level code outside any Go call (e.g. a timer callback).
    case uncaughtException(String)
    /// `run` was called twice, or after the program exited.
    case notRunnable(String)

    public var description: String {
        switch self {
        case .invalidModule(let why): "not a valid wasm module: \(why)"
        case .unsupportedImport(let module, let name):
            "the module imports \(module).\(name), which is not part of the Go js/wasm host contract"
        case .missingExport(let name): "the module does not export \(name) (is it a GOOS=js GOARCH=wasm binary?)"
        case .argumentsTooLong: "total length of command line and environment variables exceeds limit"
        case .guestFault(let message, let backtrace):
            backtrace.map { "\(message)\nwasm backtrace:\n\($0)" } ?? message
        case .uncaughtException(let message): "Uncaught \(message)"
        case .notRunnable(let why): why
        }
    }
}
