import Foundation
import Prerender
import TestSupport
import Testing

/// What a worker may not do in a pre-render, and how it stays inside the render's bounds: pages run by
/// `TestPage` (the page runtime a pre-render uses) over a folder written here. The page reports its facts
/// through the completion hook testharness.js would use.
@Suite struct WorkerLimitsTests {
    /// Runs `script` in a page at http://localhost/ whose folder holds `files`; returns the reported facts
    /// (nil when the page never reported) and how the loop ended.
    static func run(
        _ script: String, files: [String: String], budget: Duration = .seconds(2)
    ) throws -> (facts: String?, ending: String) {
        let root = try Paths.temporaryDirectory("worker-limits")
        for (name, text) in files {
            try text.write(to: root.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let html = """
            <!DOCTYPE html><html><head></head><body><script>
            let report;
            add_completion_callback = (callback) => { report = (facts) => callback([{ name: facts, status: 0 }], { status: 0 }); };
            \(script)
            </script></body></html>
            """
        let result = try TestPage.run(
            html: html, url: "http://localhost/index.html", root: root, virtualTimeBudget: budget,
            wallClockLimit: .seconds(30))
        guard let json = result.report, let data = json.data(using: .utf8),
            let report = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let tests = report["tests"] as? [[String: Any]], let name = tests.first?["name"] as? String
        else { return (nil, result.loopEnding) }
        return (name, result.loopEnding)
    }

    /// Another origin's script and a module worker fire `error` at the Worker (no request leaves the page);
    /// so does a script the dist does not have.
    @Test func refusedScriptsFireErrorEvents() throws {
        let (facts, _) = try Self.run(
            """
            const seen = [];
            const watch = (label, worker) => new Promise((resolve) => {
              worker.onerror = (event) => { seen.push(label + " " + event.constructor.name + " " + event.isTrusted); resolve(); };
              worker.onmessage = (event) => { seen.push(label + " ran " + event.data); resolve(); };
            });
            Promise.all([
              watch("other origin", new Worker("http://other.invalid/w.js")),
              watch("module", new Worker("w.js", { type: "module" })),
              watch("missing", new Worker("missing.js")),
              watch("classic", new Worker("w.js")),
            ]).then(() => report(seen.join("; ")));
            """, files: ["w.js": "postMessage('yes')"])
        #expect(
            facts == "other origin Event true; module Event true; missing Event true; classic ran yes")
    }

    /// A worker that ticks forever ends the render at the virtual-time budget, in far less real time.
    @Test func aTickingWorkerStopsAtTheVirtualTimeBudget() throws {
        let start = ContinuousClock.now
        let (facts, ending) = try Self.run(
            "let ticks = 0; new Worker('tick.js').onmessage = () => { ticks++; };",
            files: ["tick.js": "setInterval(() => postMessage(1), 10);"], budget: .seconds(5))
        #expect(facts == nil)
        #expect(ending == "virtualTimeBudget")
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    /// terminate() stops the worker's timers and drops its pending messages: the loop then idles.
    @Test func terminateStopsTimersAndMessages() throws {
        let (facts, ending) = try Self.run(
            """
            const worker = new Worker("tick.js");
            let ticks = 0;
            worker.onmessage = () => {
              ticks++;
              worker.terminate();
              setTimeout(() => report("ticks " + ticks), 200);
            };
            """, files: ["tick.js": "setInterval(() => { postMessage(1); postMessage(2); }, 10);"])
        #expect(facts == "ticks 1")
        #expect(ending == "stopped")
        // Without the report the page has nothing left to run once the worker is gone.
        let (_, idle) = try Self.run(
            "const worker = new Worker('tick.js'); worker.onmessage = () => worker.terminate();",
            files: ["tick.js": "setInterval(() => postMessage(1), 10);"])
        #expect(idle == "idle")
    }
}
