import Foundation
import TestSupport
import Testing

/// WHATWG Streams under `run` (WebHost's streams.js, loaded on first use): readers, BYOB reads, tee,
/// pipes, backpressure, async iteration, the text streams, errors and the order of settlements print
/// the same as under node, for both Go generations and both engines (Tests/Fixtures/runtime/streams).
@Suite struct StreamsProbeTests {
    static let cases: [(GoToolchain, String)] = GoToolchain.allCases.flatMap { toolchain in
        ["interpreter", "jit"].map { (toolchain, $0) }
    }

    @Test(arguments: cases)
    func streamsMatchNode(toolchain: GoToolchain, engine: String) throws {
        let wasm = try buildFixture("streams", toolchain)
        let env = fixtureEnvironment()
        let reference = try NodeReference.run(wasm, toolchain: toolchain, environment: env)
        let glue = try toolchain.glueDirectory().appendingPathComponent("wasm_exec.js").path
        let ours = try ProcessRunner.gowasmServe(
            ["run", "--engine", engine, "--glue", glue, wasm.path], environment: env, timeout: 120)
        #expect(reference.status == 0)
        // The probe must reach its end in node (not fail alike in both).
        #expect(reference.stdoutText.contains("order r2,r1,tick"))
        #expect(!reference.stdoutText.contains("threw"))
        #expect(ours.stdoutText == reference.stdoutText)
        #expect(ours.status == reference.status)
    }
}
