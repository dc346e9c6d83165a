import Foundation
import TestSupport
import Testing

/// The JavaScript world Go code reaches through syscall/js (strings, numbers, regexps, Map/Set, URL, Intl,
/// JSON edge cases, Reflect, Function.prototype, promises and microtask order: see the fixture) prints the
/// same under `run` as under node, for both Go generations and both engines.
@Suite struct JavaScriptProbeTests {
    static let cases: [(GoToolchain, String)] = GoToolchain.allCases.flatMap { toolchain in
        ["interpreter", "jit"].map { (toolchain, $0) }
    }

    @Test(arguments: cases)
    func probeMatchesNode(toolchain: GoToolchain, engine: String) throws {
        let wasm = try buildFixture("probe", toolchain)
        let env = fixtureEnvironment()
        let reference = try NodeReference.run(wasm, toolchain: toolchain, environment: env)
        let glue = try toolchain.glueDirectory().appendingPathComponent("wasm_exec.js").path
        let ours = try ProcessRunner.gowasmServe(
            ["run", "--engine", engine, "--glue", glue, wasm.path], environment: env, timeout: 120)
        #expect(reference.status == 0)
        // The probe must really probe: at least 60 lines, and node must answer them (not merely fail alike).
        let probes = reference.stdoutText.split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(probes.count >= 60)
        #expect(reference.stdoutText.contains("probes: "))
        #expect(!reference.stdoutText.contains("-> panic"))
        let expected = reference.stdoutText.split(separator: "\n", omittingEmptySubsequences: false)
        let actual = ours.stdoutText.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in expected.enumerated() where index >= actual.count || actual[index] != line {
            Issue.record(
                "line \(index + 1): node \"\(line)\", run \"\(index < actual.count ? actual[index] : "<missing>")\"")
        }
        #expect(actual.count == expected.count)
        #expect(ours.stderrText == reference.stderrText)
        #expect(ours.status == reference.status)
    }
}
