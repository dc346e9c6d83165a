import Foundation
import TestSupport
import Testing

/// issue 18 (5): a render failure's text is the guest's own (its panic message); `serve --prerender`
/// wrote it to the log raw, escape sequences and all. It now goes through the one sanitizer.
@Suite struct RenderFailureTextTests {
    @Test func aPanicMessageWithEscapesIsLoggedVisibly() throws {
        let base = try Paths.temporaryDirectory("render-failure-text")
        defer { try? FileManager.default.removeItem(at: base) }
        let dist = base.appendingPathComponent("dist")
        let fixtures = Paths.fixtures.appendingPathComponent("prerender")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("data"), to: dist)
        for source in ["go.mod", "main.go"] {
            try FileManager.default.removeItem(at: dist.appendingPathComponent(source))
        }
        _ = try GoToolchain.modern.buildWasm(
            package: fixtures.appendingPathComponent("faulty"), output: dist.appendingPathComponent("main.wasm"))
        try FileManager.default.copyItem(
            at: try GoToolchain.modern.glueDirectory().appendingPathComponent("wasm_exec.js"),
            to: dist.appendingPathComponent("wasm_exec.js"))
        let server = try ServerProcess(["serve", dist.path, "--spa", "--prerender", "--no-precompress", "--quiet"])
        defer { server.stop() }
        let response = try server.connect().request("/escape", headers: ["Accept-Encoding": "identity"])
        #expect(response.status == 200, "the plain page")
        let line = server.stderrLines(prefix: "prerender /escape: ", timeout: 30).first ?? ""
        #expect(line.contains("\\x1b]0;owned\\x07\\x1b[2J\\x1b[31mred"), "\(server.stderrText.debugDescription)")
        #expect(
            !server.stderrText.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 },
            "\(server.stderrText.debugDescription)")
    }
}
