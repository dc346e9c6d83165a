import Foundation
import TestSupport
import Testing

/// `gowasm-serve run` against node + the toolchain's wasm_exec_node.js on the same binaries: identical
/// stdout, stderr and exit code, for a current Go (`gojs` imports) and Go 1.19 (`go` imports), on both
/// engines (the WasmKit interpreter and JavaScriptCore's JIT).
@Suite(.serialized) final class DifferentialTests {
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
                #expect(!ours.timedOut, "\(label) timed out")
                #expect(ours.stdoutText == reference.stdoutText, "\(label) stdout")
                #expect(ours.stderrText == reference.stderrText, "\(label) stderr")
                #expect(ours.status == reference.status, "\(label) exit code")
                if let expectExit { #expect(reference.status == expectExit, "\(label): node's exit code") }
                if let expectStdout {
                    #expect(ours.stdoutText.contains(expectStdout), "\(label) stdout lacks \(expectStdout)")
                }
            }
        }
    }

    @Test func helloInterleavesStdoutAndStderr() throws {
        try assertSameAsNode("hello", expectExit: 0, expectStdout: "hello, world")
    }

    /// Go → host → Go re-entry twelve levels deep and thousands of times (each depth reuses its interpreter
    /// stack), host built-ins calling back inside callbacks, and a host exception caught inside a callback.
    @Test func nestedCallbacksReenterGo() throws {
        try assertSameAsNode("nested", expectExit: 0, expectStdout: "fact(12) = 479001600")
    }

    @Test func exitCode() throws {
        try assertSameAsNode("exitcode", expectExit: 3)
    }

    @Test func panicPrintsTraceAndExits2() throws {
        try assertSameAsNode("panics", expectExit: 2, expectStdout: "before panic")
    }

    @Test func deadlockIsReportedLikeNode() throws {
        try assertSameAsNode("deadlock", expectExit: 2)
    }

    @Test func goroutinesTimersAndTickers() throws {
        try assertSameAsNode("timers", expectExit: 0, expectStdout: "ticks: 3")
    }

    @Test func syscallJSValuesCallbacksPromisesAndBytes() throws {
        try assertSameAsNode("jsvalues", expectExit: 0, expectStdout: "done")
    }

    @Test func filesInATemporaryDirectory() throws {
        try assertSameAsNode("files", expectExit: 0, expectStdout: "all removed: true")
    }

    @Test func cryptoRand() throws {
        try assertSameAsNode("cryptorand", expectExit: 0, expectStdout: "mostly nonzero: true")
    }

    @Test func argumentsAndEnvironment() throws {
        try assertSameAsNode(
            "argsenv", arguments: ["one", "two words", "-flag=x"],
            environment: ["FIXTURE_VALUE": "v=1 ✓", "FIXTURE_OTHER": "o"], expectExit: 0, expectStdout: "two words")
        try assertSameAsNode("argsenv", arguments: ["fail"], expectExit: 7)
    }
}
