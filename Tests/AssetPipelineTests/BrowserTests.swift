import Foundation
import TestSupport
import XCTest

/// The dist in a real browser: headless Chromium loads the page, and the Go program's DOM output must
/// appear. That proves the SRI values, the MIME handling and the loader together.
final class BrowserTests: XCTestCase {
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

    func testCurrentGoDistRunsInChromium() throws {
        let dom = try load(DistFixture.shared("app", .modern).dist)
        XCTAssertTrue(dom.contains("gowasm-fixture-ran \(try goVersion(.modern))"), dom)
        XCTAssertFalse(dom.contains("gowasm-loading\" aria-live"), "the Go app should have replaced the loading indicator")
        XCTAssertFalse(dom.contains(Browser.shownLoadError), dom)
    }

    func testGo119DistRunsInChromium() throws {
        let dom = try load(DistFixture.shared("app", .go119).dist)
        XCTAssertTrue(dom.contains("gowasm-fixture-ran \(try goVersion(.go119))"), dom)
    }

    func testOwnPageDistRunsInChromium() throws {
        let dom = try load(DistFixture.shared("ownpage", .modern).dist, marker: "ownpage-ran")
        XCTAssertTrue(dom.contains("<div id=\"root\">ownpage-ran</div>"), dom)
    }

    /// With `--base-url /`, a single-page app's deep route (served index.html by `serve --spa`) still loads
    /// the glue and the wasm; with the default relative names it could not.
    func testBaseURLLetsDeepSinglePageRoutesStart() throws {
        let dist = try Paths.temporaryDirectory("base-url").appendingPathComponent("dist")
        let result = try DistFixture.build("app", .modern, into: dist, extra: ["--base-url", "/"])
        XCTAssertEqual(result.status, 0, result.stderrText)
        let page = try String(contentsOf: dist.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertNotNil(page.range(of: "src=\"/wasm_exec\\.[0-9a-f]{16}\\.js\"", options: .regularExpression), page)
        XCTAssertNotNil(page.range(of: "href=\"/main\\.[0-9a-f]{16}\\.wasm\"", options: .regularExpression), page)

        let server = try StaticServer(root: dist, singlePageApp: true)
        defer { server.stop() }
        let marker = try LiveBrowser.waitUntilTruthy(
            url: server.url + "items/2",
            expression: "document.getElementById('marker')?.textContent || document.getElementById('gowasm-load-error').textContent")
        XCTAssertTrue(marker.contains("gowasm-fixture-ran"), marker)
    }

    func testBadBaseURLIsOneLine() throws {
        let result = try DistFixture.build(
            "app", .modern, into: try Paths.temporaryDirectory("bad-base").appendingPathComponent("dist"),
            extra: ["--base-url", "app/"])
        XCTAssertEqual(result.status, 64, result.stderrText)
        XCTAssertTrue(result.stderrText.contains("--base-url must start with /"), result.stderrText)
    }

    /// A server that sends the wasm as application/octet-stream breaks instantiateStreaming; the loader
    /// falls back to arrayBuffer() + instantiate() and the app still starts.
    func testWrongWasmMIMEFallsBackToArrayBuffer() throws {
        let dom = try load(DistFixture.shared("app", .modern).dist, wasmType: "application/octet-stream")
        XCTAssertTrue(dom.contains("gowasm-fixture-ran"), dom)
    }

    /// SRI is enforced, and a failed load is shown in the page rather than leaving a spinner.
    func testTamperedWasmIsRefusedAndTheErrorShown() throws {
        let dist = try Paths.temporaryDirectory("tampered").appendingPathComponent("dist")
        try FileManager.default.copyItem(at: DistFixture.shared("app", .modern).dist, to: dist)
        let name = try XCTUnwrap(
            FileManager.default.contentsOfDirectory(atPath: dist.path).first { $0.hasSuffix(".wasm") })
        let wasm = dist.appendingPathComponent(name)
        var bytes = try Data(contentsOf: wasm)
        bytes[bytes.count - 1] ^= 0xFF  // still a valid module prefix; only the hash no longer matches
        try bytes.write(to: wasm)
        let dom = try load(dist)
        XCTAssertFalse(dom.contains("gowasm-fixture-ran"), dom)
        XCTAssertTrue(dom.contains(Browser.shownLoadError), dom)
    }
}
