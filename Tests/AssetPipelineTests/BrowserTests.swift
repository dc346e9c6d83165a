import Foundation
import TestSupport
import Testing

/// The dist in a real browser: headless Chromium loads the page, and the Go program's DOM output must
/// appear. That proves the SRI values, the MIME handling and the loader together.
@Suite(.serialized) final class BrowserTests {
    private func load(
        _ dist: URL, wasmType: String = "application/wasm", marker: String = "gowasm-fixture-ran"
    ) throws -> String {
        let server = try StaticServer(root: dist, wasmType: wasmType)
        defer { server.stop() }
        return try Browser.dumpSettledDOM(server.url, requiring: [marker])
    }

    private func goVersion(_ toolchain: GoToolchain) throws -> String {
        try ProcessRunner.run(toolchain.goBinary, ["env", "GOVERSION"]).stdoutText
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func currentGoDistRunsInChromium() throws {
        let dom = try load(DistFixture.shared("app", .modern).dist)
        #expect(dom.contains("gowasm-fixture-ran \(try goVersion(.modern))"), "\(dom)")
        #expect(!(dom.contains("gowasm-loading\" aria-live")), "the Go app should have replaced the loading indicator")
        #expect(!(dom.contains(Browser.shownLoadError)), "\(dom)")
    }

    @Test func go119DistRunsInChromium() throws {
        let dom = try load(DistFixture.shared("app", .go119).dist)
        #expect(dom.contains("gowasm-fixture-ran \(try goVersion(.go119))"), "\(dom)")
    }

    @Test func ownPageDistRunsInChromium() throws {
        let dom = try load(DistFixture.shared("ownpage", .modern).dist, marker: "ownpage-ran")
        #expect(dom.contains("<div id=\"root\">ownpage-ran</div>"), "\(dom)")
    }

    /// With `--base-url /`, a single-page app's deep route (served index.html by `serve --spa`) still loads
    /// the glue and the wasm; with the default relative names it could not.
    @Test func baseURLLetsDeepSinglePageRoutesStart() throws {
        let dist = try Paths.temporaryDirectory("base-url").appendingPathComponent("dist")
        let result = try DistFixture.build("app", .modern, into: dist, extra: ["--base-url", "/"])
        #expect(result.status == 0, "\(result.stderrText)")
        let page = try String(contentsOf: dist.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page.range(of: "src=\"/wasm_exec\\.[0-9a-f]{16}\\.js\"", options: .regularExpression) != nil, "\(page)")
        #expect(page.range(of: "href=\"/main\\.[0-9a-f]{16}\\.wasm\"", options: .regularExpression) != nil, "\(page)")

        let server = try StaticServer(root: dist, singlePageApp: true)
        defer { server.stop() }
        let marker = try LiveBrowser.waitUntilTruthy(
            url: server.url + "items/2",
            expression:
                "document.getElementById('marker')?.textContent || document.getElementById('gowasm-load-error').textContent"
        )
        #expect(marker.contains("gowasm-fixture-ran"), "\(marker)")
    }

    @Test func badBaseURLIsOneLine() throws {
        let result = try DistFixture.build(
            "app", .modern, into: try Paths.temporaryDirectory("bad-base").appendingPathComponent("dist"),
            extra: ["--base-url", "app/"])
        #expect(result.status == 64, "\(result.stderrText)")
        #expect(result.stderrText.contains("--base-url must start with /"), "\(result.stderrText)")
    }

    /// A server that sends the wasm as application/octet-stream breaks instantiateStreaming; the loader
    /// falls back to arrayBuffer() + instantiate() and the app still starts.
    @Test func wrongWasmMIMEFallsBackToArrayBuffer() throws {
        let dom = try load(DistFixture.shared("app", .modern).dist, wasmType: "application/octet-stream")
        #expect(dom.contains("gowasm-fixture-ran"), "\(dom)")
    }

    /// SRI is enforced, and a failed load is shown in the page rather than leaving a spinner.
    @Test func tamperedWasmIsRefusedAndTheErrorShown() throws {
        let dist = try Paths.temporaryDirectory("tampered").appendingPathComponent("dist")
        try FileManager.default.copyItem(at: DistFixture.shared("app", .modern).dist, to: dist)
        let name = try #require(
            FileManager.default.contentsOfDirectory(atPath: dist.path).first { $0.hasSuffix(".wasm") })
        let wasm = dist.appendingPathComponent(name)
        var bytes = try Data(contentsOf: wasm)
        bytes[bytes.count - 1] ^= 0xFF  // still a valid module prefix; only the hash no longer matches
        try bytes.write(to: wasm)
        let dom = try load(dist)
        #expect(!(dom.contains("gowasm-fixture-ran")), "\(dom)")
        #expect(dom.contains(Browser.shownLoadError), "\(dom)")
    }
}
