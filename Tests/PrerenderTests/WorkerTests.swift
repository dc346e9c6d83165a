import Foundation
import Prerender
import TestSupport
import Testing
import WasmEngines

/// Dedicated workers (Tests/Fixtures/prerender/workers): the worker's global, structured-clone round trips
/// both ways, message order against timers, importScripts, fetch, errors, a 404 script and terminate, as
/// fact lines that must equal Chromium's (served by gowasm-serve, dumped once the app rendered); then the
/// fixture's Go program runs in a worker and the page writes what it posted, with both Go generations.
@Suite(.serialized)
struct WorkerTests {
    @Test(arguments: [(GoToolchain.modern, WasmEngine.interpreter), (.go119, .interpreter), (.modern, .jit)])
    func workerFactsAndGoInAWorkerAreChromiums(_ toolchain: GoToolchain, _ engine: WasmEngine) throws {
        var options = PrerenderOptions()
        options.takeOver = false
        options.engine = engine
        let dist = try PrerenderFixture.dist("workers", toolchain)
        let page = try Prerenderer(dist: dist, options: options).render(route: "/")
        let chromium = try PrerenderFixture.plainDump("workers", toolchain, route: "/")
        let ours = try PlatformFunctionsTests.facts(in: page.html)
        let theirs = try PlatformFunctionsTests.facts(in: chromium)
        #expect(ours.count == theirs.count, "\(ours.count) lines here, \(theirs.count) in Chromium")
        for (index, line) in theirs.enumerated() where index < ours.count && ours[index] != line {
            Issue.record("line \(index + 1): ours \(ours[index].debugDescription), Chromium's \(line.debugDescription)")
        }
        #expect(PageParts.body(page.html) == PageParts.body(chromium))
        // What the facts must hold, whatever Chromium printed.
        #expect(ours.contains("round trip: Map(k=1,l=2) | Map(k=1,l=2) | true | true | MessageEvent   0"))
        #expect(ours.contains("round trip: Uint8Array[1,2,3] | Uint8Array[1,2,3] | true | true | MessageEvent   0"))
        #expect(ours.contains("page to worker order: seq1,seq2,seq3"))
        #expect(ours.contains("transfer: 0 | Uint8Array[5,6,7]"))
        #expect(ours.contains("transfer twice: DataCloneError 2"))
        #expect(ours.contains("later errors: Uncaught TypeError: late"))
        #expect(ours.contains("missing script: Event false error true"))
        #expect(ours.contains { $0.hasPrefix("throwing worker: ErrorEvent | Uncaught Error: boom | true |") })
        #expect(
            ours.contains {
                $0.hasPrefix("worker global: undefined undefined true [object DedicatedWorkerGlobalScope]")
            })
        #expect(
            page.html.contains(
                "<p id=\"go\">Go in a worker: sum 5050, document undefined, location /static/go-worker.js, name , bytes Uint8Array[7,8,9]</p>"
            ))
    }
}
