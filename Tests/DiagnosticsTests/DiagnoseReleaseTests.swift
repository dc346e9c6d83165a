import Diagnostics
import Foundation
import TestSupport
import Testing

/// Releases are counted where Go makes them (`js.Func.Release`, through the release probe): a program that
/// releases every func it made gets no finding, and the same program without the Release calls gets the
/// leak finding at the funcs' creation, under both engines and both Go generations, in `run` and in a page.
@Suite struct DiagnoseReleaseTests {
    static let engines = ["interpreter", "jit"]
    static let fixture = "releasing"

    /// The `releasing` fixture under `run`, released (no argument) or kept ("keep").
    static func report(_ toolchain: GoToolchain, engine: String, keep: Bool) throws -> (ProcessResult, DiagnosisReport)
    {
        let wasm = try toolchain.buildWasm(package: Paths.fixtures.appendingPathComponent("diagnostics/\(fixture)"))
        let glue = try toolchain.glueDirectory().appendingPathComponent("wasm_exec.js").path
        let directory = try Paths.temporaryDirectory("diagnose-release")
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = directory.appendingPathComponent("report.json")
        let result = try ProcessRunner.gowasmServe(
            ["run", "--engine", engine, "--glue", glue, "--diagnose-json", json.path]
                + DiagnoseWellBehavedAppsTests.startUpAllowance + [wasm.path] + (keep ? ["keep"] : []), timeout: 120)
        return (result, try JSONDecoder().decode(DiagnosisReport.self, from: Data(contentsOf: json)))
    }

    @Test(arguments: GoToolchain.allCases)
    func releasedFuncsGiveNoFinding(_ toolchain: GoToolchain) throws {
        for engine in Self.engines {
            let label = "[\(toolchain.rawValue), \(engine)]"
            let (result, report) = try Self.report(toolchain, engine: engine, keep: false)
            #expect(result.status == 0, "\(label): \(result.stderrText)")
            #expect(result.stdoutText.contains("sum 22350"), "\(label)")
            #expect(report.findings.isEmpty, "\(label): \(report.text)")
            // 150 funcs of the program's (a second Release of one changes nothing), each seen released.
            #expect(report.funcs.created >= 150, "\(label): \(report.text)")
            #expect(report.funcs.released == report.funcs.created, "\(label): \(report.text)")
        }
    }

    @Test(arguments: GoToolchain.allCases)
    func unreleasedFuncsAreALeakAtTheirCreation(_ toolchain: GoToolchain) throws {
        for engine in Self.engines {
            let label = "[\(toolchain.rawValue), \(engine)]"
            let (result, report) = try Self.report(toolchain, engine: engine, keep: true)
            #expect(result.status == 0, "\(label): \(result.stderrText)")
            // The standard library's own funcs (syscall's fs callbacks) are released as they should be.
            #expect(report.funcs.released.map { report.funcs.created - $0 } == 150, "\(label): \(report.text)")
            let leak = try #require(report.findings.first { $0.kind == .funcLeak }, "\(label): \(report.text)")
            #expect(leak.severity == .warning)
            #expect(leak.summary.contains("150 never released"), "\(label): \(leak.summary)")
            #expect(leak.location?.function == "main.handler", "\(label): \(report.text)")
            #expect(
                leak.location?.file.hasSuffix("diagnostics/\(Self.fixture)/main.go") == true, "\(label): \(report.text)"
            )
            #expect(leak.location?.line == 14, "\(label): \(report.text)")
            // Returning from main with them still registered is the early exit, at the same site.
            let exit = try #require(report.findings.first { $0.kind == .earlyExit }, "\(label): \(report.text)")
            #expect(exit.summary.contains("150 live js.Func(s)"), "\(label): \(exit.summary)")
            #expect(exit.location?.function == "main.handler", "\(label): \(report.text)")
        }
    }

    /// `prerender --diagnose-json`: the page's module gets the same probe (its bytes arrive through
    /// WebAssembly.instantiate), so a page that releases is as silent as `run`.
    @Test(arguments: GoToolchain.allCases)
    func pageThatReleasesGivesNoFinding(_ toolchain: GoToolchain) throws {
        let dist = try DiagnosePrerenderTests.dist(Self.fixture, toolchain)
        defer { try? FileManager.default.removeItem(at: dist.deletingLastPathComponent()) }
        for engine in Self.engines {
            let label = "[\(toolchain.rawValue), \(engine)]"
            let json = dist.deletingLastPathComponent().appendingPathComponent("\(engine).json")
            let result = try ProcessRunner.gowasmServe(
                [
                    "prerender", dist.path, "--stdout", "--engine", engine, "--timeout", "60", "--diagnose-json",
                    json.path,
                ]
                    + DiagnoseWellBehavedAppsTests.startUpAllowance, timeout: 120)
            #expect(result.status == 0, "\(label): \(result.stderrText)")
            let report = try JSONDecoder().decode(DiagnosisReport.self, from: Data(contentsOf: json))
            #expect(report.findings.isEmpty, "\(label): \(report.text)")
            #expect(report.funcs.created >= 150, "\(label): \(report.text)")
            #expect(report.funcs.released == report.funcs.created, "\(label): \(report.text)")
        }
    }
}
