import Foundation
import TestSupport
import Testing

/// `gowasm-serve run --browser`: a Go program in a blank page (window, document, the web platform, fetch
/// from the working directory) with node's `fs` and `process`, as `go test -exec` for tests of DOM code.
@Suite("RunBrowserTests", .serialized)
struct RunBrowserTests {
    static let uiTests = [
        "TestClickRunsHandler", "TestPropertiesAndAttributes", "TestAnimationFrameRender",
        "TestFetchTestdataWithNetHTTP", "TestTempDirAndFiles", "TestReadDirTestdata",
    ]

    /// The UI fixture's tests (click handlers, properties and attributes, animation frames, testdata through
    /// net/http and os) pass in the page, with either engine and either Go generation.
    @Test(arguments: GoToolchain.allCases, ["interpreter", "jit"])
    func uiTestsPassInThePage(toolchain: GoToolchain, engine: String) throws {
        let result = try Self.goTest(toolchain: toolchain, exec: "run --browser --engine \(engine)")
        let label = "\(toolchain.rawValue) \(engine)"
        #expect(result.status == 0, "\(label): \(result.stdoutText)\(result.stderrText)")
        for test in Self.uiTests {
            #expect(
                result.stdoutText.contains("--- PASS: \(test) "),
                "\(label): \(test) did not pass:\n\(result.stdoutText)")
        }
        for package in ["widget", "catalog"] {
            #expect(
                result.stdoutText.contains("ok  \tfixtures.local/uitests/\(package)"), "\(label): \(result.stdoutText)")
        }
    }

    /// Without the flag the same tests find no document: the flag is what makes them pass. The tests that
    /// need no page (files through os) pass under both.
    @Test func uiTestsFailUnderPlainRun() throws {
        let result = try Self.goTest(toolchain: .modern, exec: "run")
        #expect(result.status != 0)
        #expect(result.stdoutText.contains("--- FAIL: TestClickRunsHandler"), "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("--- PASS: TestClickRunsHandler"))
        #expect(result.stdoutText.contains("--- FAIL: TestFetchTestdataWithNetHTTP"), "\(result.stdoutText)")
    }

    /// A program that uses no DOM prints the same bytes on stdout and stderr, and exits with the same code,
    /// under `run --browser` as under `run`: hello (interleaved streams), exit codes, a panic's trace, the
    /// deadlock report, timers, syscall/js values, files, crypto/rand, arguments and the environment.
    @Test(arguments: GoToolchain.allCases, ["interpreter", "jit"])
    func programsWithoutDOMRunAsUnderRun(toolchain: GoToolchain, engine: String) throws {
        let glue = try toolchain.glueDirectory().appendingPathComponent("wasm_exec.js").path
        let programs: [(name: String, arguments: [String])] = [
            ("hello", []), ("nested", []), ("exitcode", []), ("panics", []), ("deadlock", []), ("timers", []),
            ("jsvalues", []), ("files", []), ("cryptorand", []), ("argsenv", ["one", "two words", "-flag=x"]),
            ("argsenv", ["fail"]),
        ]
        let environment = fixtureEnvironment(["FIXTURE_VALUE": "v=1 ✓"])
        for program in programs {
            let wasm = try buildFixture(program.name, toolchain)
            let common = ["--engine", engine, "--glue", glue, wasm.path] + program.arguments
            let run = try ProcessRunner.gowasmServe(["run"] + common, environment: environment, timeout: 120)
            let page = try ProcessRunner.gowasmServe(
                ["run", "--browser"] + common, environment: environment, timeout: 120)
            let label = "\(program.name) \(program.arguments) [\(toolchain.rawValue), \(engine)]"
            #expect(!run.timedOut && !page.timedOut, "\(label) timed out")
            #expect(page.stdout == run.stdout, "\(label) stdout:\n\(page.stdoutText)\nunder run:\n\(run.stdoutText)")
            #expect(page.stderr == run.stderr, "\(label) stderr:\n\(page.stderrText)\nunder run:\n\(run.stderrText)")
            #expect(page.status == run.status, "\(label) exit code")
        }
    }

    /// The page's globals, node's fs and process (no argv0, so net/http uses fetch), no require, the
    /// browser's timers; fetch answers from the working directory under serve's rules and reaches no
    /// other origin.
    @Test(arguments: ["interpreter", "jit"])
    func pageSurfaceAndFetchFromTheWorkingDirectory(engine: String) throws {
        let directory = try Paths.temporaryDirectory("run-browser-cwd")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("page text".utf8).write(to: directory.appendingPathComponent("page.txt"))
        try Data("secret".utf8).write(to: directory.appendingPathComponent(".secret"))
        try FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent("out").path, withDestinationPath: "/etc")
        let wasm = try buildFixture("pageprobe", .modern)
        let result = try ProcessRunner.gowasmServe(
            [
                "run", "--browser", "--engine", engine, "--glue", try modernGlue(), wasm.path,
                "page.txt", ".secret", "out/hostname", "../../etc/hostname", "http://example.com/",
            ],
            environment: fixtureEnvironment(["PWD": directory.path]), currentDirectory: directory, timeout: 120)
        #expect(result.status == 0, "\(result.stderrText)")
        let expected = """
            typeof window: object
            window === globalThis: true
            typeof document: object
            document.documentElement.outerHTML: <html><head></head><body></body></html>
            location.href: http://localhost/
            document.readyState: complete
            typeof requestAnimationFrame: function
            typeof setImmediate: undefined
            typeof setTimeout(() => {}, 0): number
            typeof process: object
            process.argv0: undefined
            typeof fs: object
            typeof fs.writeSync: function
            typeof require: undefined
            path.resolve("a/b"): \(directory.path)/a/b
            typeof fetch: function
            typeof navigator: object
            getwd matches PWD: true <nil>
            GET http://localhost/page.txt: 200 "page text"
            GET http://localhost/.secret: 404 ""
            GET http://localhost/out/hostname: 404 ""
            GET http://localhost/../../etc/hostname: 404 ""
            GET http://example.com/: error Get "http://example.com/": net/http: fetch() failed: TypeError: Failed to fetch

            """
        #expect(result.stdoutText == expected)
    }

    /// Under plain `run` the same program has node's globals: no window.
    @Test func plainRunHasNoWindow() throws {
        let wasm = try buildFixture("pageprobe", .modern)
        let result = try ProcessRunner.gowasmServe(
            ["run", "--glue", try modernGlue(), wasm.path], environment: fixtureEnvironment(), timeout: 120)
        #expect(result.stdoutText.hasPrefix("typeof window: undefined\n"), "\(result.stdoutText)")
    }

    /// `go test -count=1 -v -exec "gowasm-serve <exec>" ./...` in the UI fixture (widget, catalog).
    static func goTest(toolchain: GoToolchain, exec: String) throws -> ProcessResult {
        try toolchain.testWasm(
            ["-count=1", "-v", "./..."], exec: exec, in: Paths.fixtures.appendingPathComponent("uitests"),
            goflags: "-mod=mod")
    }
}
