import Foundation

/// The Go toolchain that builds the app: where it is, its GOROOT, its `wasm_exec.js`, and `go build`.
public struct GoToolchain: Sendable {
    public let executable: URL

    /// `explicit` (the `--go` flag) if given, else `go` on PATH.
    public init(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(BuildError)
    {
        if let explicit {
            let url = URL(fileURLWithPath: explicit)
            guard FileManager.default.isExecutableFile(atPath: url.path) else {
                throw .toolchainNotFound(detail: "--go \(explicit) is not an executable file")
            }
            executable = url
            return
        }
        let path = environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("go")
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                executable = candidate
                return
            }
        }
        throw .toolchainNotFound(detail: "`go` is not on PATH")
    }

    /// `go env GOROOT` of this toolchain (not of whatever `go` is on PATH).
    public func goroot() throws(BuildError) -> URL {
        let result = try run(["env", "GOROOT"], in: nil, environment: buildEnvironment(), forward: nil)
        let root = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, !root.isEmpty else {
            throw .toolchainFailed(command: "\(executable.path) env GOROOT", detail: result.output)
        }
        return URL(fileURLWithPath: root)
    }

    /// The glue that matches binaries this toolchain builds: lib/wasm (Go 1.24+), else misc/wasm.
    public func glue() throws(BuildError) -> URL {
        let root = try goroot()
        let candidates = ["lib/wasm/wasm_exec.js", "misc/wasm/wasm_exec.js"].map { root.appendingPathComponent($0) }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw .glueNotFound(checked: candidates.map(\.path))
        }
        return found
    }

    /// `GOOS=js GOARCH=wasm go build -trimpath -ldflags=-s -w -o output .` in `package`, streaming the
    /// compiler's output to `forward` as it arrives.
    public func buildWasm(
        package: URL, output: URL, keepSymbols: Bool, forward: (@Sendable (String) -> Void)?
    ) throws(BuildError) {
        var arguments = ["build", "-trimpath"]
        if !keepSymbols { arguments.append("-ldflags=-s -w") }
        arguments += ["-o", output.path, "."]
        let result = try run(arguments, in: package, environment: buildEnvironment(), forward: forward)
        guard result.status == 0 else {
            throw .compileFailed(package: package.path, output: result.output)
        }
        // `go build -o` of a non-main package succeeds, writing nothing or a Go archive instead of wasm.
        guard Self.isWasm(output) else {
            let name = try? run(
                ["list", "-f", "{{.Name}}", "."], in: package, environment: buildEnvironment(), forward: nil)
            let packageName = name?.output.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            throw .notMainPackage(package: package.path, name: packageName.isEmpty ? "?" : packageName)
        }
    }

    static func isWasm(_ file: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) == Data([0x00, 0x61, 0x73, 0x6D])  // "\0asm"
    }

    /// The user's environment with the wasm target set; no toolchain downloads mid-build unless asked for.
    func buildEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["GOOS"] = "js"
        environment["GOARCH"] = "wasm"
        if environment["GOTOOLCHAIN"] == nil { environment["GOTOOLCHAIN"] = "local" }
        return environment
    }

    struct Outcome {
        let status: Int32
        let output: String
    }

    /// Runs the toolchain with stdout and stderr merged into one pipe, read as it arrives.
    func run(
        _ arguments: [String], in directory: URL?, environment: [String: String],
        forward: (@Sendable (String) -> Void)?
    ) throws(BuildError) -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .toolchainNotFound(detail: "cannot run \(executable.path): \(describeFileError(error))")
        }
        var collected = Data()
        let reader = pipe.fileHandleForReading
        while let chunk = try? reader.read(upToCount: 64 * 1024), !chunk.isEmpty {
            collected.append(chunk)
            forward?(String(decoding: chunk, as: UTF8.self))
        }
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: collected, as: UTF8.self))
    }
}
