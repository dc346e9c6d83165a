import Foundation
import TestSupport
import XCTest

/// The dist in a real browser: headless Chromium loads the page, and the Go program's DOM output must
/// appear. That proves the SRI values, the MIME handling and the loader together.
final class BrowserTests: XCTestCase {
    private func load(
        _ dist: URL, wasmType: String = "application/wasm", settled: (String) -> Bool = { $0.contains("gowasm-fixture-ran") }
    ) throws -> String {
        let server = try StaticServer(root: dist, wasmType: wasmType)
        defer { server.stop() }
        return try Browser.dumpSettledDOM(server.url, settled: settled)
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
        let dom = try load(DistFixture.shared("ownpage", .modern).dist) { $0.contains("ownpage-ran") }
        XCTAssertTrue(dom.contains("<div id=\"root\">ownpage-ran</div>"), dom)
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
