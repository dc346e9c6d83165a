import Foundation
import TestSupport
import Testing

/// Misbehaving guests and bad input end with a clear report and exit code; the host never crashes.
@Suite(.serialized) final class GuestFaultTests {
    @Test func outOfBoundsStoreIsAReportedTrap() throws {
        let wasm = try buildFixture("faults", .modern)
        let result = try ProcessRunner.gowasmServe(
            ["run", "--glue", try modernGlue(), wasm.path, "oob"], environment: fixtureEnvironment())
        #expect(result.status == 1, "\(result.stderrText)")
        #expect(result.stdoutText == "mode: oob\n")
        #expect(result.stderrText.contains("out of bounds"), "\(result.stderrText)")
        #expect(result.stderrText.contains("wasm backtrace"), "backtrace expected: \(result.stderrText)")
        // node agrees the program fails with 1.
        let node = try NodeReference.run(
            wasm, toolchain: .modern, arguments: ["oob"], environment: fixtureEnvironment())
        #expect(node.status == 1)
    }

    @Test func runawayAllocationHitsMaxMemory() throws {
        let wasm = try buildFixture("faults", .modern)
        let result = try ProcessRunner.gowasmServe(
            ["run", "--glue", try modernGlue(), "--max-memory", "64", wasm.path, "alloc"],
            environment: fixtureEnvironment(),
            timeout: 120)
        #expect(!result.timedOut)
        #expect(result.status == 2, "\(result.stderrText)")
        #expect(result.stderrText.contains("out of memory"), "\(result.stderrText)")
    }

    @Test func timeoutStopsASpinningGuest() throws {
        let wasm = try buildFixture("faults", .modern)
        let started = Date()
        let result = try ProcessRunner.gowasmServe(
            ["run", "--glue", try modernGlue(), "--timeout", "1", wasm.path, "spin"], environment: fixtureEnvironment(),
            timeout: 60)
        #expect(!result.timedOut)
        #expect(result.status == 1)
        #expect(result.stderrText.contains("wall-clock limit"), "\(result.stderrText)")
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test func notAWasmFileIsAClearError() throws {
        let dir = try Paths.temporaryDirectory("notwasm")
        let file = dir.appendingPathComponent("app.wasm")
        try Data("definitely not wasm".utf8).write(to: file)
        let result = try ProcessRunner.gowasmServe(["run", file.path])
        #expect(result.status == 1)
        #expect(result.stderrText.hasPrefix("gowasm-serve: "), "\(result.stderrText)")
        #expect(result.stderrText.contains("not a valid wasm module"), "\(result.stderrText)")
        let missing = try ProcessRunner.gowasmServe(["run", dir.appendingPathComponent("missing.wasm").path])
        #expect(missing.status == 1)
        #expect(missing.stderrText.contains("cannot read"), "\(missing.stderrText)")
    }
}

/// The current toolchain's wasm_exec.js (the fixture environment has no `go` on PATH).
func modernGlue() throws -> String {
    try GoToolchain.modern.glueDirectory().appendingPathComponent("wasm_exec.js").path
}
