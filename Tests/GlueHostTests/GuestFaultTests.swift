import Foundation
import TestSupport
import XCTest

/// Misbehaving guests and bad input end with a clear report and exit code; the host never crashes.
final class GuestFaultTests: XCTestCase {
    func testOutOfBoundsStoreIsAReportedTrap() throws {
        let wasm = try buildFixture("faults", .modern)
        let result = try ProcessRunner.gowasmServe(["run", "--glue", try modernGlue(), wasm.path, "oob"], environment: fixtureEnvironment())
        XCTAssertEqual(result.status, 1, result.stderrText)
        XCTAssertEqual(result.stdoutText, "mode: oob\n")
        XCTAssertTrue(result.stderrText.contains("out of bounds"), result.stderrText)
        XCTAssertTrue(result.stderrText.contains("wasm backtrace"), "backtrace expected: \(result.stderrText)")
        // node agrees the program fails with 1.
        let node = try NodeReference.run(wasm, toolchain: .modern, arguments: ["oob"], environment: fixtureEnvironment())
        XCTAssertEqual(node.status, 1)
    }

    func testRunawayAllocationHitsMaxMemory() throws {
        let wasm = try buildFixture("faults", .modern)
        let result = try ProcessRunner.gowasmServe(
            ["run", "--glue", try modernGlue(), "--max-memory", "64", wasm.path, "alloc"], environment: fixtureEnvironment(),
            timeout: 120)
        XCTAssertFalse(result.timedOut)
        XCTAssertEqual(result.status, 2, result.stderrText)
        XCTAssertTrue(result.stderrText.contains("out of memory"), result.stderrText)
    }

    func testTimeoutStopsASpinningGuest() throws {
        let wasm = try buildFixture("faults", .modern)
        let started = Date()
        let result = try ProcessRunner.gowasmServe(
            ["run", "--glue", try modernGlue(), "--timeout", "1", wasm.path, "spin"], environment: fixtureEnvironment(), timeout: 60)
        XCTAssertFalse(result.timedOut)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderrText.contains("wall-clock limit"), result.stderrText)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20)
    }

    func testNotAWasmFileIsAClearError() throws {
        let dir = try Paths.temporaryDirectory("notwasm")
        let file = dir.appendingPathComponent("app.wasm")
        try Data("definitely not wasm".utf8).write(to: file)
        let result = try ProcessRunner.gowasmServe(["run", file.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderrText.hasPrefix("gowasm-serve: "), result.stderrText)
        XCTAssertTrue(result.stderrText.contains("not a valid wasm module"), result.stderrText)
        let missing = try ProcessRunner.gowasmServe(["run", dir.appendingPathComponent("missing.wasm").path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderrText.contains("cannot read"), missing.stderrText)
    }
}

/// The current toolchain's wasm_exec.js (the fixture environment has no `go` on PATH).
func modernGlue() throws -> String {
    try GoToolchain.modern.glueDirectory().appendingPathComponent("wasm_exec.js").path
}
