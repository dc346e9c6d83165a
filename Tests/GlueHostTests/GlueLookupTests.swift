import Foundation
import TestSupport
import Testing

/// `run` uses the glue of the toolchain that built the binary, and says in one line when it cannot.
@Suite struct GlueLookupTests {
    @Test func aGlueFromAnotherGoGenerationIsRefusedNamingBothVersions() throws {
        let wasm = try buildFixture("hello", .go119)
        let result = try ProcessRunner.gowasmServe(
            ["run", "--glue", try modernGlue(), wasm.path], environment: fixtureEnvironment())
        #expect(result.status == 1)
        #expect(result.stdoutText.isEmpty)
        let lines = result.stderrText.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderrText)")
        #expect(result.stderrText.contains("go1.19"), "\(result.stderrText)")
        #expect(result.stderrText.contains(try modernVersion()), "\(result.stderrText)")
    }

    @Test func noGlueFoundNamesWhatWasTried() throws {
        let wasm = try buildFixture("hello", .modern)
        var env = fixtureEnvironment()
        env["PATH"] = "/nonexistent"
        env["GOROOT"] = "/nonexistent-goroot"
        let result = try ProcessRunner.gowasmServe(["run", wasm.path], environment: env)
        #expect(result.status == 1)
        #expect(result.stderrText.split(separator: "\n").count == 1, "\(result.stderrText)")
        #expect(result.stderrText.contains("/nonexistent-goroot/lib/wasm/wasm_exec.js"), "\(result.stderrText)")
        #expect(result.stderrText.contains("/nonexistent-goroot/misc/wasm/wasm_exec.js"), "\(result.stderrText)")
    }

    /// Without --glue, $GOROOT picks the toolchain (Go 1.19's glue lives in misc/wasm), and so does the
    /// `go` on PATH (as under `go test -exec`, which puts its toolchain's bin first on PATH).
    @Test func goRootAndGoOnPathFindTheGlue() throws {
        let wasm = try buildFixture("hello", .go119)
        var env = fixtureEnvironment()
        env["GOROOT"] = try GoToolchain.go119.goroot().path
        let viaGoroot = try ProcessRunner.gowasmServe(["run", wasm.path], environment: env)
        #expect(viaGoroot.status == 0, "\(viaGoroot.stderrText)")
        #expect(viaGoroot.stdoutText.contains("hello, world"))
        var pathEnv = fixtureEnvironment()
        pathEnv["PATH"] = GoToolchain.go119.goBinary.deletingLastPathComponent().path + ":" + (pathEnv["PATH"] ?? "")
        let viaPath = try ProcessRunner.gowasmServe(["run", "--engine", "jit", wasm.path], environment: pathEnv)
        #expect(viaPath.status == 0, "\(viaPath.stderrText)")
        #expect(viaPath.stdoutText.contains("hello, world"))
    }

    private func modernVersion() throws -> String {
        let version = try String(
            contentsOf: try GoToolchain.modern.goroot().appendingPathComponent("VERSION"), encoding: .utf8)
        return String(version.split(whereSeparator: \.isNewline).first ?? "")
    }
}
