import Foundation
import TestSupport
import Testing

/// Runs a wasm binary the reference way: node with the toolchain's own `wasm_exec_node.js`.
enum NodeReference {
    /// The glue directory for a toolchain. Go 1.19's glue needs one fix to run on current node
    /// (`globalThis.crypto = {` assigns a getter-only global), applied to a copy.
    static func glue(for toolchain: GoToolchain) throws -> URL {
        let directory = try toolchain.glueDirectory()
        guard toolchain == .go119 else { return directory.appendingPathComponent("wasm_exec_node.js") }
        let copy = try Paths.temporaryDirectory("glue119")
        for name in ["wasm_exec.js", "wasm_exec_node.js"] {
            var text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            text = text.replacingOccurrences(of: "globalThis.crypto = {", with: "globalThis.crypto ??= {")
            try text.write(to: copy.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return copy.appendingPathComponent("wasm_exec_node.js")
    }

    static func run(
        _ wasm: URL, toolchain: GoToolchain, arguments: [String] = [], environment: [String: String],
        currentDirectory: URL? = nil
    ) throws -> ProcessResult {
        let node = try requireTool("node")
        return try ProcessRunner.run(
            node, [try glue(for: toolchain).path, wasm.path] + arguments, environment: environment,
            currentDirectory: currentDirectory, timeout: 120)
    }
}

/// The environment both hosts get: small and fixed, so the outputs can be compared byte for byte.
func fixtureEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var env = [
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        "HOME": "/root", "TZ": "UTC", "TMPDIR": "/tmp", "LANG": "C",
    ]
    for (k, v) in extra { env[k] = v }
    return env
}

func fixture(_ name: String) -> URL { Paths.fixtures.appendingPathComponent("runtime/\(name)") }

/// A path for a built fixture (one copy per test run, outside the source tree).
func buildFixture(_ name: String, _ toolchain: GoToolchain) throws -> URL {
    try toolchain.buildWasm(package: fixture(name))
}
