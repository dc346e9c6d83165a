import Foundation
import Testing
import WPTSupport

@Suite struct WPTWrapperTests {
    @Test func anyScriptIsWrappedAsWPTServesAnyHTML() throws {
        let test = try #require(WPTTest(path: "url/url-constructor.any.js"))
        let source =
            "// META: script=/common/subset-tests-by-key.js\n// META: timeout=long\n// META: script=resources/x.js\n\nfoo();\n"
        let page = test.page(source: source)
        #expect(test.pageURL == "http://web-platform.test:8000/url/url-constructor.any.html")
        #expect(test.isLong(source: source))
        let order = [
            "<meta charset=utf-8>", "content=\"long\"", "/resources/testharness.js", "/resources/testharnessreport.js",
            "/common/subset-tests-by-key.js", "resources/x.js", "<div id=log>", "src=\"url-constructor.any.js\"",
        ]
        let positions = order.map { page.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    }

    /// A `.sub.` file is served through wptserve's `sub` pipe: a script test is inlined substituted.
    @Test func subFilesAreSubstitutedAsWPTServesThem() throws {
        #expect(
            WPTTest.substituted("'https://{{hosts[alt][]}}:{{ports[https][0]}}/x' {{domains[www]}} {{host}} {{GET[a]}}")
                == "'https://not-web-platform.test:8443/x' www.web-platform.test web-platform.test {{GET[a]}}")
        let test = try #require(WPTTest(path: "dom/events/a.sub.window.js"))
        let page = test.page(source: "f('{{hosts[][www]}}:{{ports[http][1]}}', '</script>');\n")
        #expect(page.contains("f('www.web-platform.test:8001', '<\\/script>');"))
        #expect(!page.contains("src=\"a.sub.window.js\""))
        let plain = try #require(WPTTest(path: "dom/events/a.window.js"))
        #expect(plain.page(source: "f('{{host}}')").contains("src=\"a.window.js\""))
    }

    @Test func workerOnlyScriptsAreNotWindowTests() throws {
        let test = try #require(WPTTest(path: "streams/a.any.js"))
        #expect(!test.runsInWindow(source: "// META: global=shadowrealm\n"))
        #expect(test.runsInWindow(source: "// META: global=window,worker\n"))
        #expect(test.runsInWindow(source: "test(() => {});\n"))
        #expect(WPTTest(path: "streams/a.worker.js") == nil)
    }
}
