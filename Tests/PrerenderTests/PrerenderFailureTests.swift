import Foundation
import Prerender
import TestSupport
import Testing

/// Bad inputs and misbehaving apps end in a typed error with a message that says what happened.
@Suite(.serialized)
struct PrerenderFailureTests {
    /// The page's own script runs and sees what a browser sees (nothing looks for its wasm beforehand): a
    /// wasm missing from the dist is a 404 to its loader, no Go program starts, and the render says so.
    @Test func aPageThatStartsNoProgramIsReported() throws {
        let dist = try Paths.temporaryDirectory("no-wasm")
        defer { try? FileManager.default.removeItem(at: dist) }
        try Data(
            "<!doctype html><body><script>fetch('app.wasm').then(r => console.error('app.wasm: ' + r.status + ' ' + r.statusText))</script>"
                .utf8
        )
        .write(to: dist.appendingPathComponent("index.html"))
        #expect(throws: PrerenderError.noProgram(.logged("app.wasm: 404 Not Found"))) {
            try Prerenderer(dist: dist).render(route: "/")
        }
        #expect(
            PrerenderError.noProgram(.logged("app.wasm: 404 Not Found")).description
                == "the page started no Go program: app.wasm: 404 Not Found")
        #expect(PrerenderError.noProgram(.silent).description == "the page started no Go program: go.run never ran")
    }

    /// A loader that fails says what failed: the exception's type, message and first frame in the page's
    /// scripts, whether a script threw, a promise was rejected with nothing to handle it, or the loader
    /// caught the error and logged it.
    static let failingLoaders: [(String, PageException)] = [
        (
            "function fetchWithProgress(url) {\n  return new Response(new ProgressStream({}));\n}\nfetchWithProgress('main.wasm');\n",
            PageException(
                type: "ReferenceError", message: "Can't find variable: ProgressStream",
                frame: .init(file: "app.js", line: 2))
        ),
        (
            "async function load() {\n  await fetch('main.wasm');\n  throw new TypeError('no instance for main.wasm');\n}\nload();\n",
            PageException(
                type: "TypeError", message: "no instance for main.wasm", frame: .init(file: "app.js", line: 3))
        ),
        (
            "class LoadError extends Error { get name() { return 'LoadError'; } }\nfunction start() { throw new LoadError('the wasm is missing'); }\n"
                + "try { start(); } catch (error) { console.error('could not start:', error); }\n",
            PageException(type: "LoadError", message: "the wasm is missing", frame: .init(file: "app.js", line: 2))
        ),
    ]

    @Test(arguments: failingLoaders.indices)
    func aFailingLoaderSaysWhatFailed(_ index: Int) throws {
        let (script, expected) = Self.failingLoaders[index]
        let dist = try Paths.temporaryDirectory("failing-loader")
        defer { try? FileManager.default.removeItem(at: dist) }
        try Data("<!doctype html><body><script src=\"app.js?v=1\"></script>".utf8).write(
            to: dist.appendingPathComponent("index.html"))
        try Data(script.utf8).write(to: dist.appendingPathComponent("app.js"))
        #expect(throws: PrerenderError.noProgram(.exception(expected))) {
            try Prerenderer(dist: dist).render(route: "/")
        }
    }

    @Test func theLineReadsAsTheExceptionWouldInABrowser() {
        let exception = PageException(
            type: "ReferenceError", message: "Can't find variable: ReadableStream",
            frame: .init(file: "app.js", line: 286))
        #expect(
            PrerenderError.noProgram(.exception(exception)).description
                == "the page started no Go program: ReferenceError: Can't find variable: ReadableStream (app.js:286)")
        // JavaScriptCore's stack format; the first frame in a page script counts, not gowasm-serve's or native code.
        let stack =
            "fetch@gowasm-serve:browser.js:130:12\nforEach@[native code]\nfetchWithProgress@http://localhost/app.js:286:23\nglobal code@http://localhost/:3:1"
        #expect(PageException.firstFrame(inStack: stack) == .init(file: "app.js", line: 286))
        #expect(
            PageException.firstFrame(inStack: "http://localhost:8080/x/loader.js?v=2:9:4")
                == .init(file: "loader.js", line: 9))
        #expect(PageException.firstFrame(inStack: "nothing here") == nil)
        // What the page hands over reaches a terminal: no control characters, bounded.
        let hostile = PageException(
            type: "Error\u{1B}[2J", message: "line\nbreak\u{7}" + String(repeating: "x", count: 1000), frame: nil)
        #expect(!hostile.description.unicodeScalars.contains { $0.value < 0x20 })
        #expect(hostile.description.count < 520)
    }

    /// A stand-in for a Go program (any glue's `Go` class is watched: its `run` is what starts one).
    static let programStandIn = "<script>globalThis.Go = class { run() {} }; new Go().run()</script>"

    /// Preludes (the diagnostics hook) run in order before the page's first script, with the browser's
    /// globals already there.
    @Test func preludesRunBeforeThePagesFirstScript() throws {
        let dist = try Paths.temporaryDirectory("prelude")
        defer { try? FileManager.default.removeItem(at: dist) }
        try Data(
            ("<!doctype html><body><script>document.body.append(seen.join(','))</script>" + Self.programStandIn).utf8
        )
        .write(to: dist.appendingPathComponent("index.html"))
        var options = PrerenderOptions()
        options.takeOver = false
        options.preludes = ["var seen = [typeof fetch, document.readyState]", "seen.push(typeof process)"]
        let page = try Prerenderer(dist: dist, options: options).render(route: "/")
        #expect(page.html.hasSuffix("</script>function,loading,undefined</body></html>"), "\(page.html)")
    }

    /// A module script is not run by the pre-renderer: the render says so instead of leaving the page empty.
    @Test func aModuleScriptIsAClearRefusal() throws {
        let dist = try Paths.temporaryDirectory("module")
        defer { try? FileManager.default.removeItem(at: dist) }
        try Data("<!doctype html><script type=module src=app.js></script>".utf8).write(
            to: dist.appendingPathComponent("index.html"))
        #expect(
            throws: PrerenderError.unsupported(
                "<script type=module> (app.js) is not supported by the pre-renderer; use classic scripts")
        ) {
            try Prerenderer(dist: dist).render(route: "/")
        }
    }

    @Test func aDistWithoutPageIsReported() throws {
        let dist = try Paths.temporaryDirectory("no-page")
        defer { try? FileManager.default.removeItem(at: dist) }
        #expect(throws: PrerenderError.noPage(dist: dist.path, route: "/x")) {
            try Prerenderer(dist: dist).render(route: "/x")
        }
    }

    /// A script that throws is reported to the render's log and the page goes on with its next script.
    @Test func aThrowingScriptDoesNotStopTheNext() throws {
        let dist = try Paths.temporaryDirectory("throws")
        defer { try? FileManager.default.removeItem(at: dist) }
        try Data(
            ("<!doctype html><body><script>null.x</script><script>document.body.append(document.readyState)</script>"
                + Self.programStandIn).utf8
        )
        .write(to: dist.appendingPathComponent("index.html"))
        var options = PrerenderOptions()
        options.takeOver = false
        let page = try Prerenderer(dist: dist, options: options).render(route: "/")
        #expect(page.html.hasSuffix("</script>loading</body></html>"), "\(page.html)")
    }

    @Test func aTrapIsReported() throws {
        let error = try failure(route: "/trap")
        guard case .trap(let message) = error else { throw error }
        #expect(message.contains("wasm trap"), "\(message)")
    }

    @Test func aPanicIsReportedWithItsMessage() throws {
        let error = try failure(route: "/panic")
        #expect(error == .panic("the catalog is empty"))
    }

    @Test func aProgramThatNeverParksIsStoppedByTheBudget() throws {
        var options = PrerenderOptions()
        options.instructionLimit = 50_000_000
        let started = Date()
        let error = try failure(route: "/spin", options: options)
        #expect(error == .overBudget(.instructions(50_000_000)))
        #expect(Date().timeIntervalSince(started) < 30)
    }

    /// Linear memory past the budget is refused; Go dies of it, and the error says so (typed, not read from text).
    @Test func aPageThatEatsMemoryIsOutOfMemory() throws {
        var options = PrerenderOptions()
        options.maxMemoryBytes = 64 << 20
        #expect(try failure(route: "/hog", options: options) == .outOfMemory(limitBytes: 64 << 20))
    }

    /// A clock that ticks forever is not an error: the page is taken at the virtual-time budget.
    @Test func timersBeyondTheVirtualTimeBudgetAreDropped() throws {
        let page = try Prerenderer(dist: try PrerenderFixture.dist("faulty")).render(route: "/ticker")
        #expect(page.stoppedAtVirtualTimeBudget)
        #expect(page.html.contains("<div id=\"app\">ticks</div>"), "\(page.html)")
    }

    private func failure(route: String, options: PrerenderOptions = PrerenderOptions()) throws -> PrerenderError {
        let dist = try PrerenderFixture.dist("faulty")
        do {
            let page = try Prerenderer(dist: dist, options: options).render(route: route)
            Issue.record("\(route) pre-rendered:\n\(page.html)")
            return .invalidRoute(route)
        } catch {
            return error
        }
    }
}

/// The command line: `-o OUT` layout and atomicity, and the `--stdout` contract `serve --prerender` uses.
@Suite(.serialized)
struct PrerenderCommandTests {
    @Test func writesEachRouteAndCopiesTheRestOfTheDist() throws {
        let dist = try PrerenderFixture.dist("data")
        let out = try Paths.temporaryDirectory("prerender-out").appendingPathComponent("out")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        let result = try ProcessRunner.gowasmServe(
            ["prerender", dist.path, "-o", out.path, "--route", "/", "--route", "/about", "--route", "/items/1"])
        #expect(result.status == 0, "\(result.stderrText)")
        let manager = FileManager.default
        for (file, expected) in [
            ("index.html", "Gopher &amp; Sons: home"), ("about/index.html", "About Gopher"),
            ("items/1/index.html", "<title>Gopher mug</title>"),
        ] {
            let page = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
            #expect(page.contains(expected), "\(file):\n\(page)")
            // Precompressed siblings are regenerated from the new page, never left stale.
            let gzip = out.appendingPathComponent(file + ".gz")
            if manager.fileExists(atPath: gzip.path) {
                let unzipped = try ProcessRunner.run(try requireTool("gzip"), ["-dc", gzip.path])
                #expect(unzipped.stdoutText == page)
            }
        }
        // Everything else is the dist's own bytes.
        let files = try manager.contentsOfDirectory(atPath: dist.path).filter {
            $0.hasSuffix(".wasm") || $0.hasPrefix("wasm_exec") || $0 == "static"
        }
        #expect(files.count >= 3)
        for file in files where !file.hasSuffix("static") {
            #expect(
                manager.contentsEqual(
                    atPath: dist.appendingPathComponent(file).path,
                    andPath: out.appendingPathComponent(file).path), "\(file)")
        }
        #expect(
            manager.contentsEqual(
                atPath: dist.appendingPathComponent("static/catalog.json").path,
                andPath: out.appendingPathComponent("static/catalog.json").path))
    }

    @Test func stdoutPrintsExactlyTheLibrarysPage() throws {
        let dist = try PrerenderFixture.dist("data")
        let result = try ProcessRunner.gowasmServe(["prerender", dist.path, "--route", "/about", "--stdout"])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderr.isEmpty)
        let page = try Prerenderer(dist: dist).render(route: "/about")
        #expect(result.stdoutText == page.html)
    }

    @Test func aFailureIsOneLineOnStderrAndLeavesOutputAlone() throws {
        let dist = try PrerenderFixture.dist("faulty")
        let single = try ProcessRunner.gowasmServe(["prerender", dist.path, "--route", "/panic", "--stdout"])
        #expect(single.status != 0)
        #expect(single.stdout.isEmpty)
        #expect(
            single.stderrText == "gowasm-serve: /panic: the app panicked while pre-rendering: the catalog is empty\n")

        let out = try Paths.temporaryDirectory("prerender-keep")
        defer { try? FileManager.default.removeItem(at: out) }
        try Data("<p>old".utf8).write(to: out.appendingPathComponent("index.html"))
        let many = try ProcessRunner.gowasmServe([
            "prerender", dist.path, "-o", out.path, "--route", "/", "--route", "/trap",
        ])
        #expect(many.status != 0)
        #expect(many.stderrText.hasPrefix("gowasm-serve: /trap: the app trapped while pre-rendering: wasm trap"))
        #expect(many.stderrText.split(separator: "\n").count == 1)
        #expect(try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8) == "<p>old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["index.html"])
    }

    /// `prerender` (with and without `--diagnose`) names the exception that kept the page from starting Go.
    @Test func aPageThatFailsSaysWhatFailedOnTheCommandLine() throws {
        let dist = try Paths.temporaryDirectory("failing-page")
        defer { try? FileManager.default.removeItem(at: dist) }
        try Data("<!doctype html><body><script src=app.js></script>".utf8).write(
            to: dist.appendingPathComponent("index.html"))
        try Data("// a loader\nnew Response(new ProgressStream({}));\n".utf8).write(
            to: dist.appendingPathComponent("app.js"))
        let line =
            "gowasm-serve: /: the page started no Go program: ReferenceError: Can't find variable: ProgressStream (app.js:2)\n"
        let plain = try ProcessRunner.gowasmServe(["prerender", dist.path, "--stdout"])
        #expect(plain.status != 0)
        #expect(plain.stderrText == line)
        let diagnosed = try ProcessRunner.gowasmServe(["prerender", dist.path, "--stdout", "--diagnose"])
        #expect(diagnosed.status != 0)
        #expect(diagnosed.stderrText.contains(line), "\(diagnosed.stderrText)")
    }
}
