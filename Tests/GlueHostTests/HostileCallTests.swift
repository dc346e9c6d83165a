import Foundation
import TestSupport
import Testing

/// issue 18 (3): a Go program calling node's surface with numbers node shrugs off or refuses (NaN,
/// ±1e300, -1, fractions, strings) killed `run` with SIGILL on both engines (a trapping `Int(...)` of a
/// JS number). Now each call does what node does: nothing for clearTimeout("x"), node's RangeError or
/// TypeError with its code for the rest, and the program carries on. node's own output is the reference.
@Suite struct HostileCallTests {
    @Test(arguments: ["interpreter", "jit"])
    func callsWithHostileNumbersBehaveAsInNode(engine: String) throws {
        let wasm = try buildFixture("hostilecalls", .modern)
        let result = try ProcessRunner.gowasmServe(
            ["run", "--engine", engine, "--glue", try modernGlue(), wasm.path], environment: fixtureEnvironment(),
            timeout: 120)
        #expect(result.status == 0, "\(result.stderrText)")
        let node = try NodeReference.run(wasm, toolchain: .modern, environment: fixtureEnvironment())
        #expect(node.status == 0, "\(node.stderrText)")
        #expect(result.stdoutText == node.stdoutText)
        #expect(result.stdoutText.hasSuffix("still alive\n"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("umask(-1): RangeError ERR_OUT_OF_RANGE"))
        #expect(result.stdoutText.contains("readFileSync(2 GiB + 1): RangeError ERR_FS_FILE_TOO_LARGE"))
    }
}
