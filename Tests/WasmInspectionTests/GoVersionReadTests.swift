import Foundation
import TestSupport
import Testing
import WasmInspection

/// `goVersion(bytes:)`, the light read `build` and `dev` use, agrees with the full inspection.
@Suite struct GoVersionReadTests {
    @Test(arguments: [GoToolchain.modern, .go119], [false, true])
    func agreesWithInspect(toolchain: GoToolchain, stripped: Bool) throws {
        let file =
            toolchain == .modern ? try Binaries.modern(stripped: stripped) : try Binaries.go119(stripped: stripped)
        let bytes = [UInt8](try Data(contentsOf: file))
        let version = try #require(WasmInspector.goVersion(bytes: bytes))
        #expect(version == (try WasmInspector.inspect(bytes: bytes, top: 0)).go?.version)
        #expect(version == (try Binaries.version(of: toolchain)))
    }

    @Test func notAGoModuleHasNoVersion() {
        #expect(WasmInspector.goVersion(bytes: [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0]) == nil)
        #expect(WasmInspector.goVersion(bytes: Array("not wasm".utf8)) == nil)
    }
}
