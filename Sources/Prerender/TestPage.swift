import Foundation
import HeadlessDOM
import JavaScript

/// A test page (a web-platform-test) run in exactly the runtime a pre-rendered page gets: `PageRuntime`
/// over a folder answered as a dist (`BrowserSandbox`, `DistFetch`), the same web platform and DOM, the
/// same virtual clock. Only the ending differs: no Go program is expected, and the run stops as soon as
/// testharness.js reports completion.
///
/// testharness.js exposes `add_completion_callback` on the window; a prelude catches that assignment and
/// registers a callback that hands the results (as JSON) to Swift. Used by the WPT runner (Tests/WPTRunner).
package enum TestPage {
    package struct Result: Sendable {
        /// testharness's completion report as JSON (`{"status":…, "message":…, "tests":[{name,status,message}]}`),
        /// nil when the harness never completed.
        package let report: String?
        /// How the event loop ended, as a word (`idle`, `stopped`, `virtualTimeBudget`, `wallClock`).
        package let loopEnding: String
        /// The tail of the page's console and uncaught exceptions.
        package let log: String
    }

    /// Loads `html` as the page at `url` (an absolute http URL whose origin is answered from `root`) and runs
    /// it until testharness completes, the loop idles, or a budget runs out.
    package static func run(
        html: String, url: String, root: URL, virtualTimeBudget: Duration, wallClockLimit: Duration
    ) throws(PrerenderError) -> Result {
        let sandbox = try BrowserSandbox(dist: root)
        var options = PrerenderOptions()
        options.virtualTimeBudget = virtualTimeBudget
        options.wallClockLimit = wallClockLimit
        options.takeOver = false
        options.preludes = [completionHook]
        let document = Document(parsing: html, url: url)
        let log = OutputTail()
        let runtime = try PageRuntime(
            document: document, url: url, baseURL: nil, root: sandbox.root, options: options, log: log)
        let collector = Collector()
        runtime.js.global.defineMethod("__gowasmTestReport") { [weak loop = runtime.loop] js, _, args in
            collector.report = args[0].string
            loop?.stop()
            return js.undefined
        }
        let ending = try runtime.run()
        return Result(report: collector.report, loopEnding: "\(ending.loop)", log: log.all)
    }

    private final class Collector { var report: String? }

    /// Registers the completion callback the moment testharness.js exposes `add_completion_callback`.
    static let completionHook = """
        (() => {
          const report = (tests, status) => globalThis.__gowasmTestReport(JSON.stringify({
            status: status.status, message: status.message == null ? null : String(status.message),
            tests: tests.map((t) => ({ name: String(t.name), status: t.status, message: t.message == null ? null : String(t.message) })),
          }));
          // As wptrunner does, no HTML rendering of the results (testharnessreport.js reads the opener's
          // testharness_properties): the report is the callback's, and the page's DOM is the test's alone.
          Object.defineProperty(globalThis, "opener", {
            value: { testharness_properties: { output: false }, postMessage() {} }, writable: true, configurable: true, enumerable: false,
          });
          Object.defineProperty(globalThis, "add_completion_callback", {
            configurable: true, enumerable: false,
            get() { return undefined; },
            set(callback) {
              Object.defineProperty(globalThis, "add_completion_callback", { value: callback, writable: true, configurable: true, enumerable: false });
              // testharness.js exposes it before it has made its `tests`: register once its script has run.
              Promise.resolve().then(() => callback(report));
            },
          });
        })();
        """
}
