/// The diagnosis of one run: findings first, then the figures they come from. Encoded as the JSON of
/// `--diagnose-json` (schema `gowasm-serve.diagnosis/1`, documented in docs/diagnosis.md).
public struct DiagnosisReport: Codable, Sendable {
    public enum Severity: String, Codable, Sendable, Comparable {
        case error, warning, info

        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case funcLeak = "js-func-leak"
        case releasedFuncCall = "released-func-call"
        case earlyExit = "early-exit"
        case frozenLoop = "frozen-loop"
        case memoryHighWater = "memory-high-water"
        case perElementCopy = "per-element-copy"
        case boundaryCost = "boundary-cost"
        case callbackPanic = "callback-panic"

        public var title: String {
            switch self {
            case .funcLeak: "js.Func leak"
            case .releasedFuncCall: "call of a released js.Func"
            case .earlyExit: "early exit"
            case .frozenLoop: "frozen loop"
            case .memoryHighWater: "memory high-water mark"
            case .perElementCopy: "per-element copying"
            case .boundaryCost: "boundary cost"
            case .callbackPanic: "panic out of a callback"
            }
        }
    }

    public struct Finding: Codable, Sendable {
        public let kind: Kind
        public let severity: Severity
        /// One line: what happened, with its numbers.
        public let summary: String
        /// One line: what to change.
        public let fix: String
        /// The program's own frame responsible, when the binary has Go's line table.
        public let location: GoStack.Frame?
        /// The Go call stack behind `location`, innermost first.
        public let stack: [GoStack.Frame]
    }

    public struct ImportRow: Codable, Sendable {
        public let name: String
        public let calls: Int
        /// Milliseconds inside the import, without the crossings and callbacks nested in it: estimated,
        /// one crossing in 16 is timed.
        public let milliseconds: Double
    }

    public struct CallSite: Codable, Sendable {
        public let `import`: String
        public let location: GoStack.Frame?
        /// Crossings estimated from samples (one every `sampleEvery`).
        public let estimatedCalls: Int
    }

    public struct Boundary: Codable, Sendable {
        public let crossings: Int
        public let milliseconds: Double
        /// `valuePrepareString` calls: each marshals a JS string into Go memory.
        public let stringsMarshalled: Int
        public let imports: [ImportRow]
        public let callSites: [CallSite]
        public let sampleEvery: Int
    }

    public struct Memory: Codable, Sendable {
        public let initialBytes: Int
        public let peakBytes: Int
        public let growths: Int
    }

    public struct Funcs: Codable, Sendable {
        public let created: Int
        /// Funcs the program released (`js.Func.Release`, seen through GoReleaseProbe); nil when releases
        /// were not visible (no line table, or the program has no Release at all).
        public let released: Int?
        /// Wrappers whose last Go reference was dropped (finalizeRef). A finalized func is not released:
        /// Go's funcs map keeps its callback until Release.
        public let finalized: Int
        public let calledAfterRelease: Int
    }

    public struct EventLoop: Codable, Sendable {
        public let turns: Int
        public let longestMilliseconds: Double
        public let thresholdMilliseconds: Double
    }

    /// Where locations come from: Go's pclntab (function, file and line; kept by `-s -w`) or nowhere.
    public enum Locations: String, Codable, Sendable {
        case goLineTable = "go-pclntab"
        case unavailable
    }

    public var schema = "gowasm-serve.diagnosis/1"
    public var program: String
    public var engine: String
    /// The glue's import module: `gojs` (Go 1.21+) or `go` (before).
    public var goModule: String
    public var locations: Locations
    /// Whether the binary lacks its name section (`-s`): function names still come from the pclntab.
    public var stripped: Bool
    public var exitCode: Int?
    public var findings: [Finding]
    public var boundary: Boundary
    public var memory: Memory
    public var funcs: Funcs
    public var eventLoop: EventLoop
}
