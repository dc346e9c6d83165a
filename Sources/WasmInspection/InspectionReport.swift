/// Everything `inspect` learns about one wasm file. Encoded as the `--json` output (see docs/inspect.md), so the
/// property names are the stable JSON keys; optional values are omitted when unknown.
public struct InspectionReport: Codable, Sendable, Equatable {
    /// What produced the binary, as far as its imports and build info tell.
    public enum Kind: String, Codable, Sendable {
        case goJS = "go-js"
        case goWASIP1 = "go-wasip1"
        case tinyGoJS = "tinygo-js"
        case tinyGoWASI = "tinygo-wasi"
        case other
    }

    public var fileSize: Int
    public var kind: Kind
    public var sections: [Section]
    public var imports: [Import]
    public var exports: [Export]
    public var memory: Memory?
    public var customSections: [CustomSection]
    /// True when there is no `name` section (built with `-ldflags=-s`): size forensics are unavailable.
    public var stripped: Bool
    public var go: GoFacts?
    /// Post-MVP features found in the code section: `bulk-memory`, `sign-extension`,
    /// `saturating-conversions`, `simd`.
    public var features: [String]
    public var functionCount: Int
    public var codeSize: Int
    public var sizes: SizeForensics?

    public struct Section: Codable, Sendable, Equatable {
        public var id: UInt8
        public var name: String
        /// Byte offset of the section's payload in the file.
        public var offset: Int
        /// Payload size in bytes (without the id and size header).
        public var size: Int
    }

    /// Call sites in the code section of the syscall/js functions that matter to diagnosis (a Go binary).
    public var jsAPICalls: JSAPICalls?

    public struct Import: Codable, Sendable, Equatable, Hashable {
        public var module: String
        public var name: String
        /// `function`, `memory`, `table`, `global` or `tag`.
        public var kind: String
        /// The function signature, e.g. `(i32) -> ()`; the limits for memories and tables.
        public var type: String
        /// For a function: how many `call` instructions in the code section target it (in Go, each is
        /// one place in the runtime or syscall/js that crosses to the host this way).
        public var callSites: Int?
    }

    public struct Export: Codable, Sendable, Equatable {
        public var name: String
        public var kind: String
    }

    public struct Memory: Codable, Sendable, Equatable {
        public var initialPages: UInt64
        public var maximumPages: UInt64?
        public var imported: Bool
        public var initialBytes: UInt64 { initialPages * 65536 }
    }

    public struct CustomSection: Codable, Sendable, Equatable {
        public var name: String
        public var size: Int
    }

    public struct GoFacts: Codable, Sendable, Equatable {
        /// e.g. `go1.19.8`.
        public var version: String?
        /// The main module's path (the `mod` line of the build info).
        public var modulePath: String?
        /// The main package's import path (the `path` line).
        public var mainPackage: String?
        /// `-ldflags`, `GOOS`, `GOARCH`, ... (the `build` lines), in order.
        public var buildSettings: [BuildSetting]
        /// The `go:buildid` / `go.buildid` custom section.
        public var buildID: String?
        /// The host import module: `go` (Go 1.17–1.20) or `gojs` (Go 1.21+); absent for wasip1.
        public var abi: String?
        /// Where the facts were found: `buildinf-inline` / `buildinf-pointer` (the `\xff Go buildinf:`
        /// header), or `modinfo+producers` / `modinfo+runtime.buildVersion` (what Go's wasm linker emits).
        public var buildInfoSource: String?
    }

    public struct BuildSetting: Codable, Sendable, Equatable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public struct SizeForensics: Codable, Sendable, Equatable {
        /// The largest functions by body size, largest first (as many as `--top`).
        public var largestFunctions: [FunctionSize]
        /// Body bytes per Go package (or symbol prefix), largest first.
        public var packages: [PackageSize]
    }

    public struct FunctionSize: Codable, Sendable, Equatable {
        public var name: String
        public var size: Int
    }

    public struct PackageSize: Codable, Sendable, Equatable {
        public var package: String
        public var size: Int
        public var functions: Int
    }

    /// The Go host module the binary imports from (`go` or `gojs`), if any.
    public var goHostModule: String? {
        let modules = Set(imports.filter { $0.kind == "function" }.map(\.module))
        return ["gojs", "go"].first { modules.contains($0) }
    }
}
