import Compression
import Foundation
import TestSupport
import Testing

/// `gowasm-serve serve DIST --prerender` as a real process over real sockets, with real Go-built wasm:
/// rendered pages, the render cache (seen in the server's own log), invalidation by a rebuilt wasm,
/// compression and 304s on rendered pages, and the fallbacks (trap, panic, busy loop, no wasm).
@Suite(.serialized) final class ServePrerenderTests {
    private var directories: [URL] = []

    deinit {
        for directory in directories { try? FileManager.default.removeItem(at: directory) }
    }

    /// A dist of P1's fixture `name` (Tests/Fixtures/prerender/<name>) with the data fixture's page:
    /// index.html loading /wasm_exec.js and /main.wasm, plus the fixture's static files.
    private func dist(_ name: String) throws -> URL {
        let base = try Paths.temporaryDirectory("serve-prerender")
        directories.append(base)
        let dist = base.appendingPathComponent("dist")
        let fixtures = Paths.fixtures.appendingPathComponent("prerender")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("data"), to: dist)
        for source in ["go.mod", "main.go"] {
            try FileManager.default.removeItem(at: dist.appendingPathComponent(source))
        }
        _ = try GoToolchain.modern.buildWasm(
            package: fixtures.appendingPathComponent(name), output: dist.appendingPathComponent("main.wasm"))
        try FileManager.default.copyItem(
            at: try GoToolchain.modern.glueDirectory().appendingPathComponent("wasm_exec.js"),
            to: dist.appendingPathComponent("wasm_exec.js"))
        // A page that loads no wasm at all.
        try FileManager.default.createDirectory(
            at: dist.appendingPathComponent("plain"), withIntermediateDirectories: true)
        try Data("<!doctype html><title>Plain</title><p>No Go here.</p>\n".utf8)
            .write(to: dist.appendingPathComponent("plain/index.html"))
        // A page whose loader throws before it starts Go.
        let broken = dist.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try Data("<!doctype html><title>Broken</title><script src=\"app.js\"></script>\n".utf8)
            .write(to: broken.appendingPathComponent("index.html"))
        try Data("// the loader\nnew Response(new ProgressStream({}));\n".utf8).write(
            to: broken.appendingPathComponent("app.js"))
        return dist
    }

    private func serve(_ dist: URL, _ extra: [String] = []) throws -> ServerProcess {
        try ServerProcess(["serve", dist.path, "--spa", "--prerender", "--no-precompress"] + extra)
    }

    private func lines(_ server: ServerProcess, _ prefix: String, atLeast count: Int = 1) -> [String] {
        server.stderrLines(prefix: prefix, atLeast: count)
    }

    private func text(_ response: WireResponse) throws -> String {
        let coding = response.header("Content-Encoding").flatMap(ContentCoding.init(rawValue:)) ?? .identity
        return String(decoding: try coding.decode(response.body), as: UTF8.self)
    }

    /// `--prerender-engine jit`: the render child runs the wasm on JavaScriptCore's own engine.
    @Test func theJITEngineRendersOnRequestToo() throws {
        let dist = try dist("data")
        let server = try serve(dist, ["--prerender-engine", "jit"])
        defer { server.stop() }
        let page = try text(
            WireConnection(port: server.port).request("/items/2", headers: ["Accept-Encoding": "identity"]))
        #expect(page.contains("<footer id=\"rendered\">rendered /items/2</footer>"), "\(page)")
        #expect(lines(server, "prerender /items/2: rendered in ").count == 1, "\(server.stderrText)")
    }

    @Test func theServedPageHoldsWhatTheAppRenderedAndASecondRequestIsACacheHit() throws {
        let dist = try dist("data")
        let server = try serve(dist)
        defer { server.stop() }
        let connection = try WireConnection(port: server.port)

        let first = try connection.request("/items/2", headers: ["Accept-Encoding": "identity"])
        #expect(first.status == 200)
        let page = try text(first)
        #expect(page.contains("<h2>Sticker &lt;pack&gt;</h2>"), "\(page)")  // data fetched at start-up
        #expect(page.contains("<footer id=\"rendered\">rendered /items/2</footer>"), "\(page)")
        #expect(page.contains("<title>Sticker &lt;pack&gt;</title>"), "\(page)")
        #expect(lines(server, "prerender /items/2: rendered in ").count == 1, "\(server.stderrText)")

        let second = try connection.request("/items/2", headers: ["Accept-Encoding": "identity"])
        #expect(second.body == first.body)
        #expect(second.header("ETag") == first.header("ETag"))
        #expect(lines(server, "prerender ").count == 1, "the second request renders nothing: \(server.stderrText)")
        // The access log line is written once the response is out, so it may trail the client's read.
        let logged = server.stderrLines(prefix: "127.0.0.1:", atLeast: 2).filter { $0.contains("\"GET /items/2\" 200") }
        #expect(logged.count == 2, "\(server.stderrText)")

        // Another route is its own rendering; the plain file is still what it was.
        #expect(try text(connection.request("/about")).contains("<footer id=\"rendered\">rendered /about</footer>"))
        #expect(lines(server, "prerender ", atLeast: 2).count == 2)
    }

    @Test func renderedPagesComeCompressedWithTheirOwnTagsAnd304() throws {
        let dist = try dist("data")
        let server = try serve(dist)
        defer { server.stop() }
        let connection = try WireConnection(port: server.port)
        let plainFile = try Data(contentsOf: dist.appendingPathComponent("index.html"))

        let identity = try connection.request("/", headers: ["Accept-Encoding": "identity"])
        #expect(Data(identity.body) != plainFile)
        #expect(try text(identity).contains("rendered /</footer>"))
        let identityTag = try #require(identity.header("ETag"))
        #expect(identity.header("Vary") == "Accept-Encoding")
        #expect(identity.header("Cache-Control") == "no-cache")
        var tags: Set<String> = [identityTag]
        for coding in ["br", "gzip"] {
            let response = try connection.request("/", headers: ["Accept-Encoding": coding])
            #expect(response.header("Content-Encoding") == coding)
            #expect(response.body.count < identity.body.count)
            #expect(try ContentCoding(rawValue: coding)?.decode(response.body) == identity.body)
            let tag = try #require(response.header("ETag"))
            #expect(tags.insert(tag).inserted, "\(coding) has its own strong ETag")
            let notModified = try connection.request("/", headers: ["Accept-Encoding": coding, "If-None-Match": tag])
            #expect(notModified.status == 304)
            #expect(notModified.header("ETag") == tag)
        }
        let revalidated = try connection.request(
            "/", headers: ["Accept-Encoding": "identity", "If-None-Match": identityTag])
        #expect(revalidated.status == 304)
        #expect(lines(server, "prerender ").count == 1, "\(server.stderrText)")
    }

    @Test func aRebuiltWasmIsRenderedAgain() throws {
        let dist = try dist("data")
        let server = try serve(dist)
        defer { server.stop() }
        let connection = try WireConnection(port: server.port)
        #expect(try text(connection.request("/about")).contains("rendered /about</footer>"))

        // A rebuild: another program in place of main.wasm (write, then rename over, as build tools do).
        let hello = try GoToolchain.modern.buildWasm(package: Paths.repository.appendingPathComponent("Examples/hello"))
        let staged = dist.appendingPathComponent(".main.wasm.new")
        try FileManager.default.copyItem(at: hello, to: staged)
        #expect(rename(staged.path, dist.appendingPathComponent("main.wasm").path) == 0)

        let rebuilt = try text(connection.request("/about"))
        #expect(rebuilt.contains("Hello from Go"), "\(rebuilt)")
        #expect(!(rebuilt.contains("rendered /about</footer>")))
        #expect(lines(server, "prerender /about: rendered in ", atLeast: 2).count == 2, "\(server.stderrText)")
    }

    @Test func failingRendersServeThePlainPageWithALineSayingWhy() throws {
        let dist = try dist("faulty")
        let server = try serve(dist)
        defer { server.stop() }
        let plainPage = try Data(contentsOf: dist.appendingPathComponent("index.html"))
        let connection = try WireConnection(port: server.port)

        for route in ["/trap", "/panic"] {
            let response = try connection.request(route, headers: ["Accept-Encoding": "identity"])
            #expect(response.status == 200)
            #expect(Data(response.body) == plainPage, "\(route)")
            let reported = lines(server, "prerender \(route): ")
            #expect(reported.count == 1, "\(server.stderrText)")
            #expect(reported.first?.hasSuffix("; served the plain page") == true, "\(server.stderrText)")
        }
        let panicked = lines(server, "prerender /panic: ").first ?? ""
        #expect(panicked.contains("the catalog is empty"), "\(server.stderrText)")
        #expect(!(panicked.hasPrefix("prerender /panic: /panic: ")), "the route is named once: \(panicked)")
        // The same failing route again: the plain page at once, no second render.
        #expect(Data(try connection.request("/trap", headers: ["Accept-Encoding": "identity"]).body) == plainPage)
        #expect(lines(server, "prerender /trap: ").count == 1)

        // A page that loads no wasm.
        let plain = try connection.request("/plain/", headers: ["Accept-Encoding": "identity"])
        #expect(try Data(plain.body) == Data(contentsOf: dist.appendingPathComponent("plain/index.html")))
        #expect(lines(server, "prerender /plain/: ").count == 1, "\(server.stderrText)")
        // A page whose loader throws: the line names the exception, its type and its frame.
        let broken = try connection.request("/broken/", headers: ["Accept-Encoding": "identity"])
        #expect(try Data(broken.body) == Data(contentsOf: dist.appendingPathComponent("broken/index.html")))
        #expect(
            lines(server, "prerender /broken/: ") == [
                "prerender /broken/: the page started no Go program: ReferenceError: Can't find variable: ProgressStream (app.js:2); served the plain page"
            ], "\(server.stderrText)")
        // A route that renders fine on the same server.
        #expect(try text(connection.request("/fine")).contains(">fine</div>"))
    }

    @Test func aBusyLoopIsStoppedWhileTheServerKeepsAnswering() throws {
        let dist = try dist("faulty")
        let server = try serve(dist, ["--prerender-budget", "2"])
        defer { server.stop() }
        let plainPage = try Data(contentsOf: dist.appendingPathComponent("index.html"))

        let spinning = try WireConnection(port: server.port)
        let started = Date()
        try spinning.send("GET /spin HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: identity\r\n\r\n")
        for _ in 0..<4 {  // other connections, some on the spinning request's loop, answered meanwhile
            let asked = Date()
            let other = try WireConnection(port: server.port)
            #expect(try other.request("/static/catalog.json").status == 200)
            #expect(Date().timeIntervalSince(asked) < 0.5)
        }
        let response = try spinning.readResponse()
        #expect(response.status == 200)
        #expect(Data(response.body) == plainPage)
        #expect(Date().timeIntervalSince(started) < 2 + 1.5, "stopped within the budget")
        // Stopped by whichever comes first: the runtime's instruction fuel, or the wall-clock budget.
        let reported = lines(server, "prerender /spin: ")
        #expect(reported.count == 1, "\(server.stderrText)")
        #expect(
            reported.first?.hasSuffix("(stopped); served the plain page") == true
                || reported.first?.contains("instruction limit") == true, "\(server.stderrText)")
        #expect(Self.children(of: server.process.processIdentifier) == [], "the render process is gone")
    }

    @Test func aRenderStillRunningAtItsWallClockBudgetIsKilled() throws {
        let dist = try dist("faulty")
        // 0.1 s: less than a render of any page takes here (process start, wasm compile), so the kill is ours.
        let server = try serve(dist, ["--prerender-budget", "0.1"])
        defer { server.stop() }
        let started = Date()
        let response = try WireConnection(port: server.port).request("/spin", headers: ["Accept-Encoding": "identity"])
        #expect(try Data(response.body) == Data(contentsOf: dist.appendingPathComponent("index.html")))
        #expect(Date().timeIntervalSince(started) < 1.5)
        #expect(
            lines(server, "prerender /spin: ") == [
                "prerender /spin: exceeded the 0.1 s wall-clock budget (stopped); served the plain page"
            ], "\(server.stderrText)")
        #expect(Self.children(of: server.process.processIdentifier) == [], "the render process is gone")
    }

    @Test func aRenderBeyondItsMemoryBudgetIsStopped() throws {
        let dist = try dist("faulty")
        let server = try serve(dist, ["--prerender-memory", "96", "--prerender-budget", "20"])
        defer { server.stop() }
        let response = try WireConnection(port: server.port).request("/hog", headers: ["Accept-Encoding": "identity"])
        #expect(try Data(response.body) == Data(contentsOf: dist.appendingPathComponent("index.html")))
        #expect(
            lines(server, "prerender /hog: ") == [
                "prerender /hog: exceeded the 96 MiB memory budget (stopped); served the plain page"
            ], "\(server.stderrText)")
        // A page that stays within the budget renders on the same server.
        #expect(
            try text(WireConnection(port: server.port).request("/fine")).contains(">fine</div>"), "\(server.stderrText)"
        )
        // The server itself is unaffected.
        #expect(try WireConnection(port: server.port).request("/static/catalog.json").status == 200)
    }

    /// Child processes of `pid`: every process in /proc whose parent it is (`/proc/PID/stat` exists on every
    /// Linux, unlike `task/*/children`, which needs CONFIG_PROC_CHILDREN).
    private static func children(of pid: Int32) -> [String] {
        ProcessTree.children(of: pid).map(String.init)
    }
}
