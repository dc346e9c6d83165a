import DeployCheck
import Foundation
import XCTest

/// Rules that need exact inputs nginx will not produce on demand: SRI encodings and page scanning.
final class RuleTests: XCTestCase {
    func testPageScannerFindsTagsAndWasmLiterals() {
        let html = """
            <!-- <script src="commented.js"></script> -->
            <SCRIPT SRC='wasm_exec.js' integrity="sha384-abc" crossorigin></SCRIPT>
            <link rel=preload href=app.wasm as=fetch crossorigin=anonymous>
            <script>const u = "x.js"; WebAssembly.instantiateStreaming(fetch('main.1234abcd.wasm?v=2'), go.importObject)</script>
            """
        let tags = PageScanner.tags(in: html)
        XCTAssertEqual(tags.map(\.name), ["script", "link", "script"])
        XCTAssertEqual(tags[0].attributes["src"], "wasm_exec.js")
        XCTAssertEqual(tags[0].attributes["crossorigin"], "")
        XCTAssertEqual(tags[1].attributes["href"], "app.wasm")
        XCTAssertEqual(tags[1].attributes["as"], "fetch")
        XCTAssertEqual(PageScanner.wasmLiterals(in: tags[2].inlineText ?? ""), ["main.1234abcd.wasm?v=2"])
    }

    func testOnlyHTTPAndHTTPSAreFetched() throws {
        XCTAssertThrowsError(try HTTPFetcher().fetch(URL(string: "ftp://127.0.0.1/")!)) {
            XCTAssertEqual($0 as? FetchError, .unsupportedURL("ftp://127.0.0.1/"))
        }
        XCTAssertThrowsError(try HTTPFetcher().fetch(URL(string: "file:///etc/passwd")!)) {
            XCTAssertEqual($0 as? FetchError, .unsupportedURL("file:///etc/passwd"))
        }
    }

    func testCAFileMustHoldACertificate() throws {
        let missing = "/nonexistent/ca.pem"
        XCTAssertThrowsError(try HTTPFetcher(trust: .systemAnd(caFile: missing))) {
            XCTAssertEqual($0 as? FetchError, .unreadableCAFile(path: missing, reason: "no such readable file"))
        }
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("gowasm-serve-garbage-\(getpid()).pem")
        try Data("not a certificate\n".utf8).write(to: garbage)
        defer { try? FileManager.default.removeItem(at: garbage) }
        XCTAssertThrowsError(try HTTPFetcher(trust: .systemAnd(caFile: garbage.path))) {
            guard case .unreadableCAFile(let path, _) = $0 as? FetchError else { return XCTFail("\($0)") }
            XCTAssertEqual(path, garbage.path)
        }
    }
}
