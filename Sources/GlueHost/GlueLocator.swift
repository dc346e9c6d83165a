import Foundation
import WasmInspection
import WasmParser

/// The toolchain's own `wasm_exec.js` for a wasm binary, checked against the binary's imports.
public struct Glue: Sendable {
    /// The `wasm_exec.js` to evaluate.
    public let script: URL
    /// The toolchain's `wasm_exec_node.js` beside it, when there is one (the entry point node would run).
    public let nodeEntry: URL?
    /// The Go version of the toolchain the glue comes from (its GOROOT's VERSION file), when known.
    public let goVersion: String?
}

/// Why `run` cannot start: one line each, naming what was tried or both Go versions.
public enum GlueProblem: Error, CustomStringConvertible, Sendable {
    case notFound(tried: [String])
    case unreadable(path: String, reason: String)
    case notAGoWasm(String)
    /// The glue lacks what the binary imports (`missing`, as `module.name`).
    case skew(wasm: String, wasmGo: String, glue: String, glueGo: String, missing: [String])

    public var description: String {
        switch self {
        case .notFound(let tried):
            "no wasm_exec.js found (tried \(tried.joined(separator: "; "))): pass --glue FILE or set GOROOT"
        case .unreadable(let path, let reason): "cannot read the glue \(path): \(reason)"
        case .notAGoWasm(let why): why
        case .skew(let wasm, let wasmGo, let glue, let glueGo, let missing):
            "\(wasm) was built by \(wasmGo) but the glue \(glue) is from \(glueGo) and lacks "
                + (missing.count > 3
                    ? "\(missing.prefix(3).joined(separator: ", ")) and \(missing.count - 3) more"
                    : missing.joined(separator: ", "))
                + ": use the wasm_exec.js of the toolchain that built it (--glue FILE or GOROOT)"
        }
    }
}

/// Finds the glue: `--glue FILE`, else `$GOROOT`, else `go env GOROOT` of the `go` on PATH; in each
/// GOROOT `lib/wasm` (Go ≥ 1.24) and then `misc/wasm`.
public enum GlueLocator {
    /// The glue for this wasm: the binary is read first (a file that is no wasm says so, whatever the glue),
    /// then the glue is found and checked against the binary's imports.
    public static func glue(
        for wasm: [UInt8], wasmPath: String, explicit: String?, environment: [String: String]
    ) throws(GlueProblem) -> Glue {
        // Only the import section is read when the glue fits: a full inspection (features, data, build
        // info) was 29% of a hello world's run. It runs when something is wrong, to say what.
        guard let imports = try? importedFunctions(of: wasm) else {
            _ = try inspect(wasm)  // throws the inspector's account of what is wrong
            throw .notAGoWasm("not a valid wasm module: its import section does not parse")
        }
        let glue = try locate(explicit: explicit, environment: environment)
        let abi = try parse(glue)
        let fits = imports.allSatisfy { abi.names(in: $0.module)?.contains($0.name) == true }
        if !fits || imports.isEmpty { try check(glue, against: inspect(wasm), wasmPath: wasmPath) }
        return glue
    }

    private static func importedFunctions(of wasm: [UInt8]) throws -> [(module: String, name: String)] {
        var parser = WasmParser.Parser(bytes: wasm)
        while let payload = try parser.parseNext() {
            if case .importSection(let imports) = payload {
                return imports.filter {
                    if case .function = $0.descriptor { !$0.module.hasPrefix("wasi_") } else { false }
                }.map { ($0.module, $0.name) }
            }
        }
        return []
    }

    private static func inspect(_ wasm: [UInt8]) throws(GlueProblem) -> InspectionReport {
        do {
            return try WasmInspector.inspect(bytes: wasm, top: 0)
        } catch {
            throw .notAGoWasm("not a valid wasm module: \(error)")
        }
    }

    private static func parse(_ glue: Glue) throws(GlueProblem) -> GlueABI {
        let source: String
        do {
            source = try String(contentsOf: glue.script, encoding: .utf8)
        } catch {
            throw .unreadable(path: glue.script.path, reason: (error as NSError).localizedDescription)
        }
        do {
            return try GlueABI.parse(source, path: glue.script.path)
        } catch {
            throw .unreadable(path: glue.script.path, reason: "\(error)")
        }
    }

    public static func locate(explicit: String?, environment: [String: String]) throws(GlueProblem) -> Glue {
        if let explicit {
            let script = URL(fileURLWithPath: explicit)
            guard FileManager.default.isReadableFile(atPath: script.path) else {
                throw .notFound(tried: ["--glue \(explicit) (no such file)"])
            }
            let root = script.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return glue(at: script, root: root)
        }
        var tried: [String] = []
        var roots: [(String, URL)] = []
        if let goroot = environment["GOROOT"], !goroot.isEmpty {
            roots.append(("$GOROOT", URL(fileURLWithPath: goroot)))
        } else {
            tried.append("$GOROOT (unset)")
        }
        if roots.isEmpty {
            switch goEnvGOROOT(path: environment["PATH"] ?? "") {
            case .success(let root): roots.append(("go env GOROOT", root))
            case .failure(let why): tried.append("go env GOROOT (\(why))")
            }
        }
        for (label, root) in roots {
            for relative in ["lib/wasm/wasm_exec.js", "misc/wasm/wasm_exec.js"] {
                let script = root.appendingPathComponent(relative)
                if FileManager.default.isReadableFile(atPath: script.path) { return glue(at: script, root: root) }
                tried.append("\(label): \(script.path)")
            }
        }
        throw .notFound(tried: tried)
    }

    /// Refuses a glue whose imports do not match the binary's (GlueSkew), before anything runs.
    public static func check(_ glue: Glue, against report: InspectionReport, wasmPath: String) throws(GlueProblem) {
        let abi = try parse(glue)
        let skew = GlueSkew(report: report, glue: abi)
        guard skew.skew else { return }
        // A wasip1 binary, for instance: not a matter of which glue.
        guard !skew.missing.isEmpty else {
            throw .notAGoWasm("\(wasmPath): \(skew.diagnosis ?? "not a GOOS=js binary")")
        }
        throw .skew(
            wasm: wasmPath, wasmGo: report.go?.version ?? "an unknown Go version", glue: glue.script.path,
            glueGo: glue.goVersion ?? "an unknown Go version", missing: skew.missing)
    }

    private static func glue(at script: URL, root: URL) -> Glue {
        let node = script.deletingLastPathComponent().appendingPathComponent("wasm_exec_node.js")
        let version = (try? String(contentsOf: root.appendingPathComponent("VERSION"), encoding: .utf8))?
            .split(whereSeparator: \.isNewline).first.map(String.init)
        return Glue(
            script: script, nodeEntry: FileManager.default.isReadableFile(atPath: node.path) ? node : nil,
            goVersion: version)
    }

    private struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private static func goEnvGOROOT(path: String) -> Result<URL, Failure> {
        let go = path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("go") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        guard let go else { return .failure(Failure(description: "no go on PATH")) }
        let process = Process()
        process.executableURL = go
        process.arguments = ["env", "GOROOT"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failure(Failure(description: "\(go.path) did not start"))
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let root = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !root.isEmpty else {
            return .failure(Failure(description: "\(go.path) env GOROOT failed"))
        }
        return .success(URL(fileURLWithPath: root))
    }
}
