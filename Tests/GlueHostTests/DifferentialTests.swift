import Foundation
import TestSupport
import XCTest

/// `gowasm-serve run` against node + the toolchain's wasm_exec_node.js on the same binaries: identical
/// stdout, stderr and exit code, for a current Go (`gojs` imports) and Go 1.19 (`go` imports), on both
/// engines (the WasmKit interpreter and JavaScriptCore's JIT).
final class DifferentialTests: XCTestCase {
    private func assertSameAsNode(
        _ name: String, arguments: [String] = [], environment: [String: String] = [:],
        expectExit: Int32? = nil, expectStdout: String? = nil, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        for toolchain in GoToolchain.allCases {
            let wasm = try buildFixture(name, toolchain)
            let env = fixtureEnvironment(environment)
            let reference = try NodeReference.run(wasm, toolchain: toolchain, arguments: arguments, environment: env)
            for engine in ["interpreter", "jit"] {
                let glue = try toolchain.glueDirectory().appendingPathComponent("wasm_exec.js").path
                let ours = try ProcessRunner.gowasmServe(
                    ["run", "--engine", engine, "--glue", glue, wasm.path] + arguments, environment: env, timeout: 120)
                let label = "\(name) [\(toolchain.rawValue), \(engine)]"
                XCTAssertFalse(ours.timedOut, "\(label) timed out", file: file, line: line)
                XCTAssertEqual(ours.stdoutText, reference.stdoutText, "\(label) stdout", file: file, line: line)
                XCTAssertEqual(ours.stderrText, reference.stderrText, "\(label) stderr", file: file, line: line)
                XCTAssertEqual(ours.status, reference.status, "\(label) exit code", file: file, line: line)
                if let expectExit { XCTAssertEqual(reference.status, expectExit, "\(label): node's exit code", file: file, line: line) }
                if let expectStdout {
                    XCTAssertTrue(ours.stdoutText.contains(expectStdout), "\(label) stdout lacks \(expectStdout)", file: file, line: line)
                }
            }
        }
    }

    func testHelloInterleavesStdoutAndStderr() throws {
        try assertSameAsNode("hello", expectExit: 0, expectStdout: "hello, world")
    }

    /// Go → host → Go re-entry twelve levels deep and thousands of times (each depth reuses its interpreter
    /// stack), host built-ins calling back inside callbacks, and a host exception caught inside a callback.
    func testNestedCallbacksReenterGo() throws {
        try assertSameAsNode("nested", expectExit: 0, expectStdout: "fact(12) = 479001600")
    }

    func testExitCode() throws {
        try assertSameAsNode("exitcode", expectExit: 3)
    }

    func testPanicPrintsTraceAndExits2() throws {
        try assertSameAsNode("panics", expectExit: 2, expectStdout: "before panic")
    }

    func testDeadlockIsReportedLikeNode() throws {
        try assertSameAsNode("deadlock", expectExit: 2)
    }

    func testGoroutinesTimersAndTickers() throws {
        try assertSameAsNode("timers", expectExit: 0, expectStdout: "ticks: 3")
    }

    func testSyscallJSValuesCallbacksPromisesAndBytes() throws {
        try assertSameAsNode("jsvalues", expectExit: 0, expectStdout: "done")
    }

    func testFilesInATemporaryDirectory() throws {
        try assertSameAsNode("files", expectExit: 0, expectStdout: "all removed: true")
    }

    func testCryptoRand() throws {
        try assertSameAsNode("cryptorand", expectExit: 0, expectStdout: "mostly nonzero: true")
    }

    func testArgumentsAndEnvironment() throws {
        try assertSameAsNode(
            "argsenv", arguments: ["one", "two words", "-flag=x"],
            environment: ["FIXTURE_VALUE": "v=1 ✓", "FIXTURE_OTHER": "o"], expectExit: 0, expectStdout: "two words")
        try assertSameAsNode("argsenv", arguments: ["fail"], expectExit: 7)
    }
}
