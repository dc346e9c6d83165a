import DeployCheck
import Foundation
import Testing

/// Rules that need exact inputs nginx will not produce on demand: SRI encodings and page scanning.
@Suite(.serialized) final class RuleTests {
    @Test func pageScannerFindsTagsAndWasmLiterals() {
        let html = """
            <!-- <script src="commented.js"></script> -->
            <SCRIPT SRC='wasm_exec.js' integrity="sha384-abc" crossorigin></SCRIPT>
            <link rel=preload href=app.wasm as=fetch crossorigin=anonymous>
            <script>const u = "x.js"; WebAssembly.instantiateStreaming(fetch('main.1234abcd.wasm?v=2'), go.importObject)</script>
            """
        let tags = PageScanner.tags(in: html)
        #expect(tags.map(\.name) == ["script", "link", "script"])
        #expect(tags[0].attributes["src"] == "wasm_exec.js")
        #expect(tags[0].attributes["crossorigin"] == "")
        #expect(tags[1].attributes["href"] == "app.wasm")
        #expect(tags[1].attributes["as"] == "fetch")
        #expect(PageScanner.wasmLiterals(in: tags[2].inlineText ?? "") == ["main.1234abcd.wasm?v=2"])
    }

    @Test func onlyHTTPAndHTTPSAreFetched() throws {
        do {
            _ = try HTTPFetcher().fetch(URL(string: "ftp://127.0.0.1/")!)
            Issue.record("expected an error")
        } catch {
            #expect(error == .unsupportedURL("ftp://127.0.0.1/"))
        }
        do {
            _ = try HTTPFetcher().fetch(URL(string: "file:///etc/passwd")!)
            Issue.record("expected an error")
        } catch {
            #expect(error == .unsupportedURL("file:///etc/passwd"))
        }
    }

    @Test func cAFileMustHoldACertificate() throws {
        let missing = "/nonexistent/ca.pem"
        do {
            _ = try HTTPFetcher(trust: .systemAnd(caFile: missing))
            Issue.record("expected an error")
        } catch {
            #expect(error == .unreadableCAFile(path: missing, reason: "no such readable file"))
        }
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gowasm-serve-garbage-\(getpid()).pem")
        try Data("not a certificate\n".utf8).write(to: garbage)
        defer { try? FileManager.default.removeItem(at: garbage) }
        do {
            _ = try HTTPFetcher(trust: .systemAnd(caFile: garbage.path))
            Issue.record("expected an error")
        } catch {
            if case .unreadableCAFile(let path, _) = error {
                #expect(path == garbage.path)
            } else {
                Issue.record("\(error)")
            }
        }
    }
}
