import Diagnostics
import Foundation
import TestSupport
import Testing

/// Diagnosis must not cry wolf: the repository's own apps that behave (release their funcs, or park as a
/// UI does) give no warning-level finding. Command-line apps under `run` on the interpreter, both Go
/// generations; page apps pre-rendered from `gowasm-serve build`'s dist. (Go's standard-library tests are
/// the same check at scale: Benchmarks/diagnose-conformance.sh, docs/diagnosis.md.)
@Suite struct DiagnoseWellBehavedAppsTests {
    /// Fixture directories under Tests/Fixtures, with the arguments their tests give them. Not here, as their
    /// findings are true: runtime/jsvalues returns from main with 4 funcs it never released (early exit), and
    /// runtime/nested computes over a second of nested callbacks in one turn (frozen loop).
    static let commandLineApps: [(path: String, arguments: [String])] = [
        ("runtime/hello", []), ("runtime/argsenv", ["one", "two words"]), ("runtime/cryptorand", []),
        ("runtime/files", []),
        ("runtime/probe", []), ("runtime/timers", []),
        ("diagnostics/wellbehaved", []), ("diagnostics/releasing", []),
    ]

    static func silent(_ report: DiagnosisReport) -> Bool { report.findings.allSatisfy { $0.severity == .info } }

    /// The interpreter's first turn includes its lazy translation of every function the program reaches
    /// (about 200 ms of CPU for the `releasing` app on this machine kind, on either side of the threshold):
    /// these apps are about js.Func and exit findings, so the frozen-loop threshold is raised to 1 s.
    static let startUpAllowance = ["--frozen-ms", "1000"]

    @Test(arguments: GoToolchain.allCases)
    func commandLineAppsGiveNoWarning(_ toolchain: GoToolchain) throws {
        let glue = try toolchain.glueDirectory().appendingPathComponent("wasm_exec.js").path
        let directory = try Paths.temporaryDirectory("diagnose-apps")
        defer { try? FileManager.default.removeItem(at: directory) }
        for app in Self.commandLineApps {
            let label = "\(app.path) [\(toolchain.rawValue)]"
            let wasm = try toolchain.buildWasm(package: Paths.fixtures.appendingPathComponent(app.path))
            let json = directory.appendingPathComponent("report.json")
            try? FileManager.default.removeItem(at: json)
            let result = try ProcessRunner.gowasmServe(
                ["run", "--glue", glue, "--diagnose-json", json.path] + Self.startUpAllowance + [wasm.path]
                    + app.arguments, currentDirectory: directory, timeout: 120)
            #expect(result.status == 0, "\(label): exit \(result.status)\n\(result.stderrText)")
            let report = try JSONDecoder().decode(DiagnosisReport.self, from: Data(contentsOf: json))
            #expect(Self.silent(report), "\(label): \(report.text)")
        }
    }

    /// The bundled example and the pre-renderer's page fixtures, built by `gowasm-serve build` and
    /// pre-rendered on both engines: parked for events with their handlers held, as a UI is meant to be.
    @Test(arguments: ["Examples/hello", "Tests/Fixtures/prerender/dom", "Tests/Fixtures/build/app"])
    func pageAppsGiveNoWarning(_ app: String) throws {
        let dist = try Paths.temporaryDirectory("diagnose-apps").appendingPathComponent("dist")
        defer { try? FileManager.default.removeItem(at: dist.deletingLastPathComponent()) }
        let build = try ProcessRunner.gowasmServe(
            [
                "build", Paths.repository.appendingPathComponent(app).path, "-o", dist.path, "--go",
                GoToolchain.modern.goBinary.path,
            ],
            timeout: 600)
        try #require(build.status == 0, "\(build.stderrText)")
        for engine in ["interpreter", "jit"] {
            let json = dist.deletingLastPathComponent().appendingPathComponent("\(engine).json")
            let result = try ProcessRunner.gowasmServe(
                [
                    "prerender", dist.path, "--stdout", "--engine", engine, "--timeout", "60", "--diagnose-json",
                    json.path,
                ]
                    + Self.startUpAllowance, timeout: 120)
            #expect(result.status == 0, "\(app) [\(engine)]: \(result.stderrText)")
            let report = try JSONDecoder().decode(DiagnosisReport.self, from: Data(contentsOf: json))
            #expect(Self.silent(report), "\(app) [\(engine)]: \(report.text)")
        }
    }
}
