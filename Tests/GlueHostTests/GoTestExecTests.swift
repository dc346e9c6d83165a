import Foundation
import TestSupport
import Testing

/// `GOOS=js GOARCH=wasm go test -exec "gowasm-serve run"` over a quick subset of Go's own standard library
/// tests (the full list runs in `make conformance`).
@Suite(.serialized) final class GoTestExecTests {
    @Test func standardLibraryPackagesPassUnderRun() throws {
        // -short keeps this within the test budget; strconv and the rest run in `make conformance`.
        let packages = ["sort", "unicode/utf8", "errors", "path", "container/list"]
        let result = try GoToolchain.modern.testWasm(
            ["-count=1", "-short"] + packages, exec: "run", in: Paths.repository, goflags: "")
        #expect(!result.timedOut, "go test timed out")
        #expect(result.status == 0, "\(result.stdoutText + result.stderrText)")
        for package in packages {
            #expect(result.stdoutText.contains("ok  \t\(package)"), "\(package) did not pass:\n\(result.stdoutText)")
        }
    }

    /// A failing test binary must fail `go test` the same way (exit code and output passed through).
    @Test func failingTestFailsGoTest() throws {
        let dir = try Paths.temporaryDirectory("failingtest")
        try "module failing\n\ngo 1.19\n".write(
            to: dir.appendingPathComponent("go.mod"), atomically: true, encoding: .utf8)
        try """
        package failing

        import "testing"

        func TestPasses(t *testing.T) {}
        func TestFails(t *testing.T) { t.Fatal("deliberate failure") }
        """.write(to: dir.appendingPathComponent("f_test.go"), atomically: true, encoding: .utf8)
        let result = try GoToolchain.modern.testWasm(["-count=1", "-v", "."], exec: "run", in: dir, timeout: 300)
        #expect(result.status == 1, "\(result.stdoutText + result.stderrText)")
        #expect(result.stdoutText.contains("--- PASS: TestPasses"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("deliberate failure"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("FAIL"), "\(result.stdoutText)")
    }
}
