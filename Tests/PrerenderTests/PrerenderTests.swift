import Foundation
import Prerender
import TestSupport
import Testing
import WasmEngines

/// Pre-rendered pages against Chromium running the same dist: our `<title>` and `<body>` must equal
/// Chromium's `--dump-dom` byte for byte, and the pre-rendered page, once the browser's copy of the app
/// ran, must be exactly the page Chromium ends with without pre-rendering.
@Suite(.serialized)
struct PrerenderTests {
    static let differentialCases: [(String, GoToolchain, String)] = [
        ("dom", .modern, "/"),
        ("dom", .go119, "/"),
        ("data", .modern, "/"),
        ("data", .modern, "/about"),
        ("data", .go119, "/items/2"),
        ("data", .modern, "/missing/page"),
        // The page's own loader (on DOMContentLoaded) and a helper from its inline <script>.
        ("page", .modern, "/"),
        ("page", .go119, "/"),
        ("newbody", .modern, "/"),
        ("intohtml", .go119, "/"),
        ("noscripts", .modern, "/"),
        // A page's MutationObserver watching the Go program's syscall/js calls (its log is in the body).
        ("observed", .modern, "/"),
        // A loader that streams the wasm through `new Response(new ReadableStream(…))` for a progress bar,
        // after recording how WebAssembly's streaming functions and body streams behave.
        ("progress", .modern, "/"),
        ("progress", .go119, "/"),
        // XMLHttpRequest, FileReader, WebSocket and EventSource, before the page starts its program.
        ("network", .modern, "/"),
        // A loader that inserts the glue's <script src> and starts the program on its `load`.
        ("injected", .modern, "/"),
        ("injected", .go119, "/"),
    ]

    @Test(arguments: differentialCases.indices)
    func titleAndBodyEqualChromium(_ index: Int) throws {
        let (fixture, toolchain, route) = Self.differentialCases[index]
        // What the app rendered, without the take-over (which writes the page's scripts back from <head> and
        // after the body: the take-over tests check it).
        var options = PrerenderOptions()
        options.takeOver = false
        let page = try Prerenderer(dist: try PrerenderFixture.dist(fixture, toolchain), options: options).render(
            route: route)
        let chromium = try PrerenderFixture.plainDump(fixture, toolchain, route: route)
        #expect(chromium.contains("id=\"rendered\""), "Chromium did not finish rendering:\n\(chromium)")
        #expect(page.html.contains("id=\"rendered\""), "the pre-render did not finish rendering:\n\(page.html)")
        #expect(PageParts.title(page.html) == PageParts.title(chromium))
        #expect(PageParts.body(page.html) == PageParts.body(chromium))
        #expect(page.html.hasPrefix("<!DOCTYPE html>"))
    }

    /// JavaScriptCore's own wasm engine renders the same pages.
    @Test(arguments: [("dom", GoToolchain.modern), ("page", .go119)])
    func theJITEngineRendersTheSamePage(_ fixture: String, _ toolchain: GoToolchain) throws {
        var options = PrerenderOptions()
        options.engine = .jit
        let dist = try PrerenderFixture.dist(fixture, toolchain)
        let jit = try Prerenderer(dist: dist, options: options).render(route: "/")
        let interpreter = try Prerenderer(dist: dist).render(route: "/")
        #expect(jit.html.contains("id=\"rendered\""), "\(jit.html)")
        #expect(PageParts.body(jit.html) == PageParts.body(interpreter.html))
        #expect(PageParts.title(jit.html) == PageParts.title(interpreter.html))
    }

    static let takeOverCases: [(String, GoToolchain, String)] = [
        ("dom", .modern, "/"),
        ("page", .modern, "/"),
        ("data", .modern, "/about"),
        ("data", .go119, "/items/2"),
    ]

    /// `gowasm-serve prerender` output served to Chromium: after the app ran, the DOM is the plain page's.
    @Test(arguments: takeOverCases.indices)
    func takeOverEndsInThePlainPagesDOM(_ index: Int) throws {
        let (fixture, toolchain, route) = Self.takeOverCases[index]
        let dist = try PrerenderFixture.dist(fixture, toolchain)
        let out = try Paths.temporaryDirectory("prerendered").appendingPathComponent("out")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        let result = try ProcessRunner.gowasmServe(["prerender", dist.path, "-o", out.path, "--route", route])
        #expect(result.status == 0, "\(result.stderrText)")
        let prerendered = try String(
            contentsOf: out.appendingPathComponent(PrerenderPaths.file(for: route)), encoding: .utf8)
        #expect(prerendered.contains("id=\"rendered\""))

        let afterTakeOver = try PrerenderFixture.chromiumDump(of: out, route: route)
        let plain = try PrerenderFixture.plainDump(fixture, toolchain, route: route)
        #expect(afterTakeOver == plain)
        #expect(afterTakeOver.components(separatedBy: "id=\"rendered\"").count == 2, "rendered once, not twice")

        let alive = try ComesAlive.check(served: out, route: route)
        #expect(alive.facts == ComesAlive.livingFacts)
        #expect(alive.dom == (try ComesAlive.plainPage(fixture, toolchain, route: route)).dom)
    }

    /// Apps that leave the page's scripts out of the DOM they render: a new `document.body` (vecty's
    /// RenderBody), a rewritten `<html>` (its `<head>` too), every `<script>` removed. Pre-rendered, each
    /// holds the rendered content and no script but the take-over's, and in Chromium it comes alive: the
    /// glue and wasm load, the app starts, typing into its input changes the DOM as on the plain page.
    static let aliveCases: [(String, GoToolchain)] = [
        ("newbody", .modern), ("newbody", .go119), ("intohtml", .modern), ("intohtml", .go119),
        ("noscripts", .modern), ("noscripts", .go119),
    ]

    @Test(arguments: aliveCases.indices)
    func appsThatDropThePagesScriptsComeAlive(_ index: Int) throws {
        let (fixture, toolchain) = Self.aliveCases[index]
        let dist = try PrerenderFixture.dist(fixture, toolchain)
        let out = try Paths.temporaryDirectory("prerendered").appendingPathComponent("out")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        let result = try ProcessRunner.gowasmServe(["prerender", dist.path, "-o", out.path, "--route", "/"])
        #expect(result.status == 0, "\(result.stderrText)")
        let prerendered = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(prerendered.contains("<p id=\"alive-output\">Hello, stranger!</p>"), "\(prerendered)")
        #expect(prerendered.contains(PrerenderFixture.takeOverMarker))
        #expect(!prerendered.contains("<script src="), "the page's scripts are written back, not left in place")

        let plain = try ComesAlive.plainPage(fixture, toolchain, route: "/")
        #expect(plain.facts == ComesAlive.livingFacts)
        let alive = try ComesAlive.check(served: out, route: "/")
        #expect(alive.facts == ComesAlive.livingFacts)
        #expect(alive.dom == plain.dom)
        #expect(alive.dom.components(separatedBy: "id=\"rendered\"").count == 2, "rendered once, not twice")
    }

    /// The default page loads its glue and wasm by relative URLs; stored as `deep/page/index.html` it gets a
    /// `<base>` so they still load, and the take-over removes it: the app starts and renders once.
    @Test func relativeReferencesStillLoadFromANestedRoute() throws {
        let dist = try PrerenderFixture.dist("dom")
        let out = try Paths.temporaryDirectory("prerendered").appendingPathComponent("out")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        let result = try ProcessRunner.gowasmServe(["prerender", dist.path, "-o", out.path, "--route", "/deep/page"])
        #expect(result.status == 0, "\(result.stderrText)")
        let page = try String(contentsOf: out.appendingPathComponent("deep/page/index.html"), encoding: .utf8)
        #expect(page.contains("<head><base href=\"../../\">"))

        let dump = try PrerenderFixture.chromiumDump(of: out, route: "/deep/page")
        #expect(!dump.contains(PrerenderFixture.takeOverMarker), "the app did not start:\n\(dump)")
        #expect(!dump.contains("<base"))
        #expect(dump.contains("path=/deep/page/"))
        #expect(dump.components(separatedBy: "id=\"rendered\"").count == 2)

        let alive = try ComesAlive.check(served: out, route: "/deep/page")
        #expect(alive.facts == ComesAlive.livingFacts)
        #expect(alive.dom.contains("<p id=\"alive-output\">Hello, Gopher!</p>"))
    }

    /// Before the wasm has run (here: never, it is missing), Chromium shows the pre-rendered body as is,
    /// take-over script still waiting: the content is in the page before the app starts.
    @Test func prerenderedContentShowsBeforeTheAppRuns() throws {
        let dist = try PrerenderFixture.dist("data")
        let out = try Paths.temporaryDirectory("prerendered").appendingPathComponent("out")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        let result = try ProcessRunner.gowasmServe(["prerender", dist.path, "-o", out.path, "--route", "/"])
        #expect(result.status == 0, "\(result.stderrText)")
        for file in try FileManager.default.contentsOfDirectory(atPath: out.path) where file.contains(".wasm") {
            try FileManager.default.removeItem(at: out.appendingPathComponent(file))
        }
        let server = try StaticServer(root: out, singlePageApp: true)
        defer { server.stop() }
        let dump = try Browser.dumpDOM(server.url)
        let prerendered = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        // The rendered content is in the page as rendered; the take-over's own script after it writes the
        // page's scripts back (document.write), so the DOM differs from the file from there on.
        let body = try #require(PageParts.body(prerendered))
        let content = String(body[..<(body.range(of: "<script")?.lowerBound ?? body.endIndex)])
        #expect(content.count > 100 && dump.contains(content), "\(dump)")
        #expect(dump.contains("<li>Plush gopher (12.50)</li>"))
        #expect(dump.contains(PrerenderFixture.takeOverMarker))
    }
}

/// Where `gowasm-serve prerender -o` puts a route's page (the documented layout, restated independently).
enum PrerenderPaths {
    static func file(for route: String) -> String {
        route == "/" ? "index.html" : String(route.dropFirst()) + "/index.html"
    }
}
