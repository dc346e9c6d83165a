import Diagnostics
import Foundation
import TestSupport
import Testing

/// `gowasm-serve run --diagnose-json` on one fixture app per finding: each produces exactly its finding,
/// naming the Go function responsible, under both engines and both Go ABI generations; a well-behaved app
/// produces none; the exit code is the program's own.
@Suite struct DiagnoseRunTests {
    struct Case: Sendable, CustomStringConvertible {
        let fixture: String
        let expected: DiagnosisReport.Kind?
        /// The Go function the finding's location must name.
        let function: String?
        let exitCode: Int32
        var description: String { fixture }
    }

    static let cases: [Case] = [
        Case(fixture: "wellbehaved", expected: nil, function: nil, exitCode: 0),
        Case(fixture: "funcleak", expected: .funcLeak, function: "main.render", exitCode: 2),
        Case(fixture: "releasedcall", expected: .releasedFuncCall, function: "main.main", exitCode: 2),
        Case(fixture: "earlyexit", expected: .earlyExit, function: "main.main", exitCode: 0),
        // A pending Go timer cannot fire into a process that ended with the program (every go test binary
        // has one: the -test.timeout alarm); a page's is the prerender row's.
        Case(fixture: "pendingtimer", expected: nil, function: nil, exitCode: 0),
        Case(fixture: "frozen", expected: .frozenLoop, function: "main.spin", exitCode: 0),
        Case(fixture: "memory", expected: .memoryHighWater, function: "main.decode", exitCode: 0),
        Case(fixture: "elementcopy", expected: .perElementCopy, function: "main.fill", exitCode: 0),
        Case(fixture: "boundary", expected: .boundaryCost, function: "main.titles", exitCode: 0),
        Case(fixture: "callbackpanic", expected: .callbackPanic, function: "main.main", exitCode: 2),
    ]

    static let engines = ["interpreter", "jit"]

    @Test(arguments: cases, GoToolchain.allCases)
    func fixtureProducesExactlyItsFinding(_ test: Case, _ toolchain: GoToolchain) throws {
        let wasm = try toolchain.buildWasm(
            package: Paths.fixtures.appendingPathComponent("diagnostics/\(test.fixture)"))
        let glue = try toolchain.glueDirectory().appendingPathComponent("wasm_exec.js").path
        let directory = try Paths.temporaryDirectory("diagnose")
        defer { try? FileManager.default.removeItem(at: directory) }
        for engine in Self.engines {
            let label = "\(test.fixture) [\(toolchain.rawValue), \(engine)]"
            let json = directory.appendingPathComponent("\(engine).json")
            // Only the frozen row is about turn length. Elsewhere a first turn (Go's start-up, and on the
            // interpreter its lazy translation of every function the program reaches: 180-230 ms of CPU on
            // this machine kind for `boundary`) or the memory app's one 160 MiB allocation sits near the 200 ms
            // threshold, so those rows put it out of reach.
            let frozen = test.expected == .frozenLoop ? [] : ["--frozen-ms", "5000"]
            let result = try ProcessRunner.gowasmServe(
                ["run", "--engine", engine, "--glue", glue, "--diagnose-json", json.path] + frozen + [wasm.path],
                timeout: 120)
            #expect(!result.timedOut, "\(label) timed out")
            #expect(result.status == test.exitCode, "\(label): exit \(result.status)\n\(result.stderrText)")
            let report = try JSONDecoder().decode(DiagnosisReport.self, from: Data(contentsOf: json))
            #expect(report.findings.map(\.kind) == (test.expected.map { [$0] } ?? []), "\(label): \(report.text)")
            #expect(report.locations == .goLineTable, "\(label)")
            #expect(report.goModule == (toolchain == .go119 ? "go" : "gojs"), "\(label)")
            if let function = test.function, let finding = report.findings.first {
                #expect(finding.location?.function == function, "\(label): \(report.text)")
                #expect(
                    finding.location?.file.hasSuffix("diagnostics/\(test.fixture)/main.go") == true,
                    "\(label): \(report.text)")
                #expect((finding.location?.line ?? 0) > 0, "\(label)")
            }
        }
    }

    /// The table goes to stderr after the program's own output; stdout and the exit code are untouched.
    @Test func tableOnStderrLeavesOutputAlone() throws {
        let wasm = try GoToolchain.modern.buildWasm(
            package: Paths.fixtures.appendingPathComponent("diagnostics/elementcopy"))
        let glue = try GoToolchain.modern.glueDirectory().appendingPathComponent("wasm_exec.js").path
        let plain = try ProcessRunner.gowasmServe(["run", "--glue", glue, wasm.path], timeout: 120)
        let diagnosed = try ProcessRunner.gowasmServe(["run", "--diagnose", "--glue", glue, wasm.path], timeout: 120)
        #expect(diagnosed.stdoutText == plain.stdoutText)
        #expect(diagnosed.status == plain.status)
        #expect(plain.stderrText.isEmpty)
        let table = diagnosed.stderrText
        #expect(table.contains("1 finding"), "\(table)")
        #expect(table.contains("per-element copying"), "\(table)")
        #expect(table.contains("8,192 SetIndex calls on one Uint8Array from elementcopy/main.go:"), "\(table)")
        #expect(table.contains("fix: use js.CopyBytesToJS"), "\(table)")
        #expect(table.contains("syscall/js.valueSetIndex"), "\(table)")
    }

    /// `-s -w` drops the name section but keeps Go's pclntab, so locations remain; the report says so.
    @Test func strippedBuildKeepsLocationsAndSaysStripped() throws {
        let wasm = try GoToolchain.modern.buildWasm(
            package: Paths.fixtures.appendingPathComponent("diagnostics/elementcopy"),
            extraEnvironment: ["GOFLAGS": "-mod=mod -ldflags=-s"])
        let glue = try GoToolchain.modern.glueDirectory().appendingPathComponent("wasm_exec.js").path
        let directory = try Paths.temporaryDirectory("diagnose")
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = directory.appendingPathComponent("report.json")
        let result = try ProcessRunner.gowasmServe(
            ["run", "--glue", glue, "--diagnose-json", json.path, wasm.path], timeout: 120)
        #expect(result.status == 0, "\(result.stderrText)")
        let report = try JSONDecoder().decode(DiagnosisReport.self, from: Data(contentsOf: json))
        #expect(report.stripped)
        #expect(report.findings.first?.location?.function == "main.fill")
        #expect(report.text.contains("the name section is stripped"))
    }
}
