import Diagnostics
import Foundation
import TestSupport
import Testing

/// `gowasm-serve prerender --diagnose-json` on the same fixture apps as `run`, each in a dist whose page starts
/// it (a tiny page for the matrix, `gowasm-serve build`'s default page and loader for the table): each
/// produces exactly its finding, named in Go, whichever engine renders the page and whichever Go generation
/// built it; the HTML and the exit code are the render's own.
@Suite struct DiagnosePrerenderTests {
    struct Case: Sendable, CustomStringConvertible {
        let fixture: String
        let expected: DiagnosisReport.Kind?
        let function: String?
        /// Whether the render itself succeeds (a panic or a busy loop fails it, with the report all the same).
        let renders: Bool
        /// Engines the row runs on.
        var engines = ["interpreter", "jit"]
        var description: String { fixture }
    }

    static let cases: [Case] = [
        Case(fixture: "wellbehaved", expected: nil, function: nil, renders: true),
        Case(fixture: "funcleak", expected: .funcLeak, function: "main.render", renders: true),
        Case(fixture: "releasedcall", expected: .releasedFuncCall, function: "main.main", renders: true),
        Case(fixture: "earlyexit", expected: .earlyExit, function: "main.main", renders: true),
        // In a page the glue's wake-up for a pending Go timer fires after the exit (under run it cannot).
        Case(fixture: "pendingtimer", expected: .earlyExit, function: nil, renders: true),
        // The pre-render clock runs at the real pace within a turn, as a browser's does: the 1.5 s spin ends,
        // the page renders, and the turn it took is the finding.
        Case(fixture: "frozen", expected: .frozenLoop, function: "main.spin", renders: true),
        Case(fixture: "memory", expected: .memoryHighWater, function: "main.decode", renders: true),
        Case(fixture: "elementcopy", expected: .perElementCopy, function: "main.fill", renders: true),
        Case(fixture: "boundary", expected: .boundaryCost, function: "main.titles", renders: true),
        Case(fixture: "callbackpanic", expected: .callbackPanic, function: "main.main", renders: false),
    ]

    /// A dist of the fixture's wasm (the Go build `run`'s tests share), its toolchain's glue, and a tiny
    /// page that starts it as browsers do.
    static func dist(_ fixture: String, _ toolchain: GoToolchain) throws -> URL {
        let wasm = try toolchain.buildWasm(package: Paths.fixtures.appendingPathComponent("diagnostics/\(fixture)"))
        let dist = try Paths.temporaryDirectory("diagnose-dist").appendingPathComponent("dist")
        try FileManager.default.createDirectory(at: dist, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: wasm, to: dist.appendingPathComponent("app.wasm"))
        try FileManager.default.copyItem(
            at: try toolchain.glueDirectory().appendingPathComponent("wasm_exec.js"),
            to: dist.appendingPathComponent("wasm_exec.js"))
        try """
        <!doctype html><html><head><script src="wasm_exec.js"></script></head><body><script>
        const go = new Go();
        WebAssembly.instantiateStreaming(fetch("app.wasm"), go.importObject).then(({ instance }) => go.run(instance));
        </script></body></html>
        """.write(to: dist.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        return dist
    }

    /// A dist from `gowasm-serve build` (the default page and loader).
    static func builtDist(_ fixture: String) throws -> URL {
        let dist = try Paths.temporaryDirectory("diagnose-dist").appendingPathComponent("dist")
        let result = try ProcessRunner.gowasmServe(
            [
                "build", Paths.fixtures.appendingPathComponent("diagnostics/\(fixture)").path, "-o", dist.path,
                "--go", GoToolchain.modern.goBinary.path,
            ],
            timeout: 600)
        guard result.status == 0 else {
            throw BuildFailed(description: "build of \(fixture) failed:\n\(result.stderrText)")
        }
        return dist
    }

    struct BuildFailed: Error, CustomStringConvertible {
        let description: String
    }

    @Test(arguments: cases, GoToolchain.allCases)
    func fixtureProducesExactlyItsFinding(_ test: Case, _ toolchain: GoToolchain) throws {
        let dist = try Self.dist(test.fixture, toolchain)
        defer { try? FileManager.default.removeItem(at: dist.deletingLastPathComponent()) }
        for engine in test.engines {
            let label = "\(test.fixture) [\(toolchain.rawValue), \(engine)]"
            let json = dist.deletingLastPathComponent().appendingPathComponent("\(engine).json")
            let frozen = test.expected == .memoryHighWater ? ["--frozen-ms", "5000"] : []
            // The default 20 G instructions are about 1.6 s of the interpreter's CPU here, near the spin's 1.5 s:
            // room enough that the spin's own clock, not the budget, ends it.
            let budget = test.expected == .frozenLoop ? ["--instruction-limit", "100000000000"] : []
            // The page's clock runs at the real pace between the waits it skips, so the 50 batches' own CPU time
            // counts against the 2 s default: on a loaded machine the render ended after a few of them.
            let virtualTime = test.expected == .boundaryCost ? ["--budget", "60"] : []
            let result = try ProcessRunner.gowasmServe(
                // 150,000 crossings take the interpreter near the default 10 s on a loaded machine.
                [
                    "prerender", dist.path, "--stdout", "--engine", engine, "--timeout", "60", "--diagnose-json",
                    json.path,
                ]
                    + frozen + budget + virtualTime,
                timeout: 120)
            #expect(!result.timedOut, "\(label) timed out")
            #expect((result.status == 0) == test.renders, "\(label): exit \(result.status)\n\(result.stderrText)")
            if test.renders { #expect(result.stdoutText.contains("</html>"), "\(label)") }
            let report = try JSONDecoder().decode(DiagnosisReport.self, from: Data(contentsOf: json))
            #expect(report.findings.map(\.kind) == (test.expected.map { [$0] } ?? []), "\(label): \(report.text)")
            #expect(report.program == "/", "\(label)")
            #expect(report.locations == .goLineTable, "\(label)")
            #expect(report.goModule == (toolchain == .go119 ? "go" : "gojs"), "\(label)")
            if let function = test.function, let finding = report.findings.first {
                #expect(finding.location?.function == function, "\(label): \(report.text)")
                #expect(
                    finding.location?.file.hasSuffix("diagnostics/\(test.fixture)/main.go") == true,
                    "\(label): \(report.text)")
            }
        }
    }

    /// The table goes to stderr after the render; the page on stdout is byte for byte the undiagnosed one.
    @Test func tableOnStderrLeavesThePageAlone() throws {
        let dist = try Self.builtDist("elementcopy")
        defer { try? FileManager.default.removeItem(at: dist.deletingLastPathComponent()) }
        let plain = try ProcessRunner.gowasmServe(["prerender", dist.path, "--stdout"], timeout: 120)
        let diagnosed = try ProcessRunner.gowasmServe(["prerender", dist.path, "--stdout", "--diagnose"], timeout: 120)
        #expect(plain.status == 0, "\(plain.stderrText)")
        #expect(diagnosed.status == plain.status)
        #expect(diagnosed.stdoutText == plain.stdoutText)
        let table = diagnosed.stderrText
        #expect(table.contains("gowasm-serve diagnosis: / (interpreter"), "\(table)")
        #expect(table.contains("8,192 SetIndex calls on one Uint8Array from elementcopy/main.go:"), "\(table)")
        #expect(!plain.stderrText.contains("diagnosis"), "\(plain.stderrText)")
    }
}
