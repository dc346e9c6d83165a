import Foundation
import TestSupport
import XCTest

/// `GOOS=js GOARCH=wasm go test -exec "gowasm-serve run"` over a quick subset of Go's own standard library
/// tests (the full list runs in `make conformance`).
final class GoTestExecTests: XCTestCase {
    func testStandardLibraryPackagesPassUnderRun() throws {
        // -short keeps this within the test budget; strconv and the rest run in `make conformance`.
        let packages = ["sort", "unicode/utf8", "errors", "path", "container/list"]
        let go = GoToolchain.modern.goBinary
        guard FileManager.default.isExecutableFile(atPath: go.path) else { throw MissingTool("Go at \(go.path)") }
        var env = ProcessInfo.processInfo.environment
        env["GOOS"] = "js"
        env["GOARCH"] = "wasm"
        env["GOTOOLCHAIN"] = "local"
        env["GOFLAGS"] = ""
        let result = try ProcessRunner.run(
            go, ["test", "-count=1", "-short", "-exec", Paths.executable.path + " run"] + packages,
            environment: env, currentDirectory: Paths.repository, timeout: 600)
        XCTAssertFalse(result.timedOut, "go test timed out")
        XCTAssertEqual(result.status, 0, result.stdoutText + result.stderrText)
        for package in packages {
            XCTAssertTrue(result.stdoutText.contains("ok  \t\(package)"), "\(package) did not pass:\n\(result.stdoutText)")
        }
    }

    /// A failing test binary must fail `go test` the same way (exit code and output passed through).
    func testFailingTestFailsGoTest() throws {
        let dir = try Paths.temporaryDirectory("failingtest")
        try "module failing\n\ngo 1.19\n".write(to: dir.appendingPathComponent("go.mod"), atomically: true, encoding: .utf8)
        try """
            package failing

            import "testing"

            func TestPasses(t *testing.T) {}
            func TestFails(t *testing.T) { t.Fatal("deliberate failure") }
            """.write(to: dir.appendingPathComponent("f_test.go"), atomically: true, encoding: .utf8)
        var env = ProcessInfo.processInfo.environment
        env["GOOS"] = "js"
        env["GOARCH"] = "wasm"
        env["GOTOOLCHAIN"] = "local"
        let result = try ProcessRunner.run(
            GoToolchain.modern.goBinary, ["test", "-count=1", "-v", "-exec", Paths.executable.path + " run", "."],
            environment: env, currentDirectory: dir, timeout: 300)
        XCTAssertEqual(result.status, 1, result.stdoutText + result.stderrText)
        XCTAssertTrue(result.stdoutText.contains("--- PASS: TestPasses"), result.stdoutText)
        XCTAssertTrue(result.stdoutText.contains("deliberate failure"), result.stdoutText)
        XCTAssertTrue(result.stdoutText.contains("FAIL"), result.stdoutText)
    }
}
