import Diagnostics
import Foundation
import TestSupport
import Testing

/// `gowasm-serve dev` with real Chromium: the layer runs inside the page, its panel shows live counts, and
/// the page's console (a Go panic out of a callback) and findings are printed where `dev` runs.
@Suite struct DiagnoseDevTests {
    @Test(arguments: GoToolchain.allCases)
    func browserPanicReachesTheTerminalAndThePanelCounts(_ toolchain: GoToolchain) throws {
        let package = try Paths.temporaryDirectory("diagnose-dev").appendingPathComponent("app")
        defer { try? FileManager.default.removeItem(at: package.deletingLastPathComponent()) }
        try FileManager.default.copyItem(
            at: Paths.fixtures.appendingPathComponent("diagnostics/callbackpanic"), to: package)
        let dev = try DevServer(package: package, toolchain: toolchain)
        defer { dev.stop() }

        // The panel, once the program has exited (the callback's panic) and the server took its facts.
        let panel = try LiveBrowser.waitUntilTruthy(
            url: "http://127.0.0.1:\(dev.port)/",
            expression: """
                (() => { const p = document.getElementById('__gowasm_diagnosis');
                  return p && p.dataset.reportedExits === '1' && Object.assign({ text: p.textContent }, p.dataset); })()
                """,
            timeout: 30)
        let counts = try #require(
            try JSONSerialization.jsonObject(with: Data(panel.utf8)) as? [String: String], "\(panel)")
        // The app holds its handler (never released), so at least that one js.Func is live.
        #expect(Int(counts["funcsLive"] ?? "") ?? 0 >= 1, "\(panel)")
        #expect(Int(counts["memoryBytes"] ?? "") ?? 0 >= 1 << 20, "\(panel)")
        #expect(Int(counts["crossings"] ?? "") ?? 0 > 10, "\(panel)")
        #expect(counts["text"]?.contains("exited (2)") == true, "\(panel)")

        // The panic, with Go's own traceback naming the callback's line, then the finding.
        let terminal = dev.stderr(containing: "panic out of a callback")
        #expect(terminal.contains("[browser log /] panic: assignment to entry in nil map"), "\(terminal)")
        #expect(terminal.contains("diagnostics/callbackpanic/main.go:10"), "\(terminal)")  // -trimpath: the module path
        // The page walked Go's stack at the js.Func's creation with the server's frame table; the server
        // named it.
        #expect(
            terminal.contains(
                "[browser finding /] error: panic out of a callback at callbackpanic/main.go:8 main.main"),
            "\(terminal)")
        #expect(dev.terminate() == 0)
    }

    /// Releases count in the page as in `run`: the page applies the server's release probe to the module it
    /// streams, so the panel's "js.Funcs live" is back to 0 once the app released the 150 funcs it made, and
    /// the terminal gets no finding.
    @Test(arguments: GoToolchain.allCases)
    func panelCountsReleases(_ toolchain: GoToolchain) throws {
        let package = try Paths.temporaryDirectory("diagnose-dev").appendingPathComponent("app")
        defer { try? FileManager.default.removeItem(at: package.deletingLastPathComponent()) }
        try FileManager.default.copyItem(
            at: Paths.fixtures.appendingPathComponent("diagnostics/releasing"), to: package)
        let dev = try DevServer(package: package, toolchain: toolchain)
        defer { dev.stop() }

        let panel = try LiveBrowser.waitUntilTruthy(
            url: "http://127.0.0.1:\(dev.port)/",
            expression: """
                (() => { const p = document.getElementById('__gowasm_diagnosis');
                  return p && p.dataset.reportedExits === '1' && Object.assign({ text: p.textContent }, p.dataset); })()
                """,
            timeout: 30)
        let counts = try #require(
            try JSONSerialization.jsonObject(with: Data(panel.utf8)) as? [String: String], "\(panel)")
        #expect(counts["funcsLive"] == "0", "\(panel)")
        #expect(counts["text"]?.contains("exited (0)") == true, "\(panel)")
        let logged = dev.stderr(containing: "sum 22350", timeout: 3)
        #expect(logged.contains("[browser log /] sum 22350"), "\(logged)")
        // No finding about funcs. (The page's first turn, with the engine compiling the module's functions
        // as they are first called, is near the 200 ms frozen-loop threshold on this machine kind; turn
        // length has its own tests.)
        for kind in [DiagnosisReport.Kind.funcLeak, .earlyExit, .releasedFuncCall] {
            for severity in ["warning", "error"] {
                #expect(!dev.stderr.contains("[browser finding /] \(severity): \(kind.title)"), "\(dev.stderr)")
            }
        }
        #expect(dev.terminate() == 0)
    }
}
