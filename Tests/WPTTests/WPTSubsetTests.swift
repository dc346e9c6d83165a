import Foundation
import TestSupport
import Testing
import WPTSupport

/// The WPT subset (`../shared/wpt`, see docs/wpt.md) run by `wpt-runner` in the pre-rendering page runtime,
/// checked against Tests/WPT/expectations.txt: a failure the file does not list fails this test; a listed
/// subtest that passes is only reported (then regenerate the file with `--update-expectations`).
@Suite struct WPTSubsetTests {
    static var checkout: URL? {
        if let override = ProcessInfo.processInfo.environment["GOWASM_WPT"] { return URL(fileURLWithPath: override) }
        var directory = Paths.repository
        for _ in 0..<3 {
            directory = directory.deletingLastPathComponent()
            let candidate = directory.appendingPathComponent("shared/wpt")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("resources/testharness.js").path)
            {
                return candidate
            }
        }
        return nil
    }

    @Test func everySubtestNotListedAsFailingPasses() throws {
        let checkout = try #require(Self.checkout, "no WPT subset at ../shared/wpt (or $GOWASM_WPT)")
        let expectationsFile = Paths.repository.appendingPathComponent("Tests/WPT/expectations.txt")
        let expectations = try Expectations(parsing: String(contentsOf: expectationsFile, encoding: .utf8))
        let output = try Paths.temporaryDirectory("wpt")
        defer { try? FileManager.default.removeItem(at: output) }
        let json = output.appendingPathComponent("results.json")
        let run = try ProcessRunner.run(
            Paths.products.appendingPathComponent("wpt-runner"),
            ["--wpt", checkout.path, "--jobs", "2", "--json", json.path],
            timeout: 600)
        #expect(run.status == 0, "wpt-runner: \(run.stderrText.suffix(500))")
        let results = try JSONDecoder().decode([FileResult].self, from: Data(contentsOf: json))
        // Every test file the subset holds gave a result (a crash is a result too, listed or not).
        #expect(results.count == WPTTest.discover(root: checkout, paths: [""]).count)
        #expect(results.count > 300)

        let check = expectations.check(results)
        for pass in check.unexpectedPasses {
            print(
                "WPT unexpected pass (remove it from expectations.txt): \(pass.file) :: \(pass.subtest.debugDescription)"
            )
        }
        let failures = check.unexpectedFailures.map {
            "\($0.file) :: \($0.subtest.debugDescription) \($0.status): \(($0.message ?? "").prefix(160).debugDescription)"
        }
        #expect(
            failures.isEmpty,
            "\(failures.count) unexpected WPT failures:\n\(failures.prefix(40).joined(separator: "\n"))")
    }
}
