import Foundation
import TestSupport
import Testing

/// The JavaScript-surface fuzzer (Tests/Fixtures/jsfuzz/driver.js) in the real hosts: `run`'s node surface and
/// the web platform through a Go program that evaluates the driver with syscall/js, and the pre-render's
/// window and DOM as a page's script; under both engines. Every call may throw; the process must end by
/// exiting, never by a signal. A bounded, seeded run: Benchmarks/jsfuzz.sh makes the large ones.
@Suite("JSSurfaceFuzzTests", .serialized)
struct JSSurfaceFuzzTests {
    static let calls = 3000
    static let seed = 18

    struct Outcome {
        let calls: Int
        let targets: Int
    }

    @Test(arguments: ["interpreter", "jit"], ["node", "web"])
    func runSurface(engine: String, surface: String) throws {
        let wasm = try GoToolchain.modern.buildWasm(package: Paths.fixtures.appendingPathComponent("jsfuzz/run"))
        let sandbox = try Paths.temporaryDirectory("jsfuzz-run")
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let driver = Paths.fixtures.appendingPathComponent("jsfuzz/driver.js").path
        let result = try ProcessRunner.gowasmServe(
            [
                "run", "--engine", engine, "--glue", try modernGlue(), "--timeout", "100", wasm.path, driver, surface,
                "\(Self.seed)", "\(Self.calls)",
            ],
            environment: fixtureEnvironment(["HOME": sandbox.path, "TMPDIR": sandbox.path]), currentDirectory: sandbox,
            timeout: 150)
        let outcome = try Self.check(result, surface: surface, engine: engine)
        #expect(outcome.calls == Self.calls)
    }

    @Test(arguments: ["interpreter", "jit"])
    func prerenderDOM(engine: String) throws {
        let dist = try Paths.temporaryDirectory("jsfuzz-dom")
        defer { try? FileManager.default.removeItem(at: dist) }
        try Self.makePage(in: dist, seed: Self.seed, calls: Self.calls)
        let result = try ProcessRunner.gowasmServe(
            ["prerender", dist.path, "--stdout", "--engine", engine, "--timeout", "100"],
            environment: fixtureEnvironment(), currentDirectory: dist, timeout: 150)
        let outcome = try Self.check(result, surface: "dom", engine: engine)
        #expect(outcome.calls == Self.calls)
    }

    /// A page that runs the driver as its script, then starts a Go program (a pre-render needs one).
    static func makePage(in dist: URL, seed: Int, calls: Int) throws {
        let fixtures = Paths.fixtures.appendingPathComponent("jsfuzz")
        try FileManager.default.copyItem(
            at: fixtures.appendingPathComponent("driver.js"), to: dist.appendingPathComponent("driver.js"))
        _ = try GoToolchain.modern.buildWasm(
            package: fixtures.appendingPathComponent("run"), output: dist.appendingPathComponent("main.wasm"))
        try FileManager.default.copyItem(
            at: GoToolchain.modern.glueDirectory().appendingPathComponent("wasm_exec.js"),
            to: dist.appendingPathComponent("wasm_exec.js"))
        let page = """
            <!doctype html><html><head><title>jsfuzz</title></head><body><p id="a">text</p>
            <script>globalThis.__jsfuzz = { surface: "dom", seed: \(seed), calls: \(calls) };</script>
            <script src="driver.js"></script>
            <script src="wasm_exec.js"></script>
            <script>const go = new Go(); WebAssembly.instantiateStreaming(fetch("main.wasm"), go.importObject).then(({ instance }) => go.run(instance));</script>
            </body></html>
            """
        try Data(page.utf8).write(to: dist.appendingPathComponent("index.html"))
    }

    /// The driver's result line, once the process is known to have exited rather than died of a signal.
    static func check(_ result: ProcessResult, surface: String, engine: String) throws -> Outcome {
        // `run` prints the line; a pre-render puts it on the page's root as data-jsfuzz="…".
        let output = (result.stdoutText + "\n" + result.stderrText).replacingOccurrences(
            of: "data-jsfuzz=\"", with: "\n"
        )
        .replacingOccurrences(of: "\"", with: "\n")
        #expect(!result.timedOut, "\(surface) under \(engine) did not finish: \(output.suffix(2000))")
        #expect(
            !result.uncaughtSignal, "\(surface) under \(engine) died of signal \(result.status): \(output.suffix(2000))"
        )
        let line = try #require(
            output.split(separator: "\n").last { $0.hasPrefix("jsfuzz surface=\(surface)") },
            "no result line from \(surface) under \(engine) (status \(result.status)): \(output.suffix(2000))")
        func number(_ name: String) -> Int? {
            line.split(separator: " ").first { $0.hasPrefix(name + "=") }.flatMap { Int($0.dropFirst(name.count + 1)) }
        }
        let targets = try #require(number("targets"))
        // A surface that lost its roots would make every call a no-op: each has hundreds of targets.
        #expect(targets > 50, "\(line)")
        print("\(line) engine=\(engine)")
        return Outcome(calls: try #require(number("calls")), targets: targets)
    }
}
