import Foundation
import TestSupport
import Testing

/// `--max-memory` bounds the guest's linear memory on both engines (the interpreter's resource limiter;
/// under the JIT the maximum the module is compiled with), for both Go generations: growth past it is Go's
/// own "out of memory", and a module that starts above it is refused before it runs.
@Suite struct MemoryLimitTests {
    static let cases: [(GoToolchain, String)] = GoToolchain.allCases.flatMap { toolchain in
        ["interpreter", "jit"].map { (toolchain, $0) }
    }

    /// The faults fixture's runaway allocation under `--max-memory`.
    private func allocate(limitMiB: Int, toolchain: GoToolchain, engine: String) throws -> ProcessResult {
        let wasm = try buildFixture("faults", toolchain)
        let glue = try toolchain.glueDirectory().appendingPathComponent("wasm_exec.js").path
        return try ProcessRunner.gowasmServe(
            ["run", "--engine", engine, "--glue", glue, "--max-memory", String(limitMiB), wasm.path, "alloc"],
            environment: fixtureEnvironment(), timeout: 120)
    }

    @Test(arguments: cases)
    func growthPastTheLimitIsGoOutOfMemory(toolchain: GoToolchain, engine: String) throws {
        let result = try allocate(limitMiB: 64, toolchain: toolchain, engine: engine)
        #expect(!result.timedOut)
        #expect(result.status == 2, "\(result.stderrText)")
        #expect(result.stderrText.contains("out of memory"), "\(result.stderrText)")
        // The limit, not the machine, stopped it: Go had less than 64 MiB in use when it asked for more.
        let inUse = result.stderrText.firstMatch(of: /\((\d+) in use\)/).flatMap { Int($0.1) }
        #expect(inUse.map { $0 < 64 << 20 } == true, "\(result.stderrText)")
    }

    @Test(arguments: cases)
    func aModuleStartingAboveTheLimitIsRefused(toolchain: GoToolchain, engine: String) throws {
        let result = try allocate(limitMiB: 1, toolchain: toolchain, engine: engine)
        #expect(result.status == 1, "\(result.stderrText)")
        #expect(result.stdoutText.isEmpty)
        #expect(
            result.stderrText.contains("LinkError: initial memory size exceeds the resource limit"),
            "\(result.stderrText)")
    }
}
