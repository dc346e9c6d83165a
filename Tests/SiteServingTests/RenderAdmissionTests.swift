import DistLayout
import Foundation
import HTTPServer
import PageRendering
import PrerenderCache
import SiteServing
import Synchronization
import TestSupport
import Testing

/// What `serve --prerender` lets a stream of requests start: one render per route as matched, a bounded
/// rate of new renders (on a clock the test moves), and a bounded memory of kept renderings.
@Suite struct RenderAdmissionTests {
    private struct Setup {
        let fixture: DistFixture
        let renderer: MarkingRenderer
        let handler: SiteHandler
        let events: EventLog
        let clock: ManualClock
    }

    final class ManualClock: Sendable {
        let now = Mutex<UInt64>(1_000)
        func advance(by nanoseconds: UInt64) { now.withLock { $0 += nanoseconds } }
    }

    private func setUp(
        held: Bool = false, _ configure: (inout Prerendering.Limits) -> Void = { _ in }
    ) throws -> Setup {
        let fixture = try DistFixture()
        try fixture.write("main.wasm", Array(repeating: 7, count: 100))
        try FileManager.default.createDirectory(
            at: fixture.root.appendingPathComponent("about"), withIntermediateDirectories: true)
        try fixture.write("about/index.html", DistFixture.html)
        let renderer = MarkingRenderer(root: fixture.root, held: held)
        let events = EventLog()
        let clock = ManualClock()
        var options = SiteHandler.Options()
        options.singlePageApp = true
        options.precompressAtStart = false
        var prerendering = Prerendering(renderer: renderer) { event in events.append(event) }
        configure(&prerendering.limits)
        prerendering.clock = { clock.now.withLock { $0 } }
        options.prerendering = prerendering
        return Setup(
            fixture: fixture, renderer: renderer,
            handler: try SiteHandler(directory: fixture.root.path, options: options),
            events: events, clock: clock)
    }

    private func text(_ response: HTTPResponse) throws -> String {
        String(decoding: try decodedBody(response), as: UTF8.self)
    }

    @Test func everySpellingOfARouteSharesTheRenderOfThePageTheServerMatched() throws {
        let setup = try setUp()
        defer { try? FileManager.default.removeItem(at: setup.fixture.root.deletingLastPathComponent()) }
        for spelling in ["/about/", "/%61bout/", "//about/", "/about//"] {
            #expect(try text(setup.handler.get(spelling)).contains("Rendered /about/ with 100 bytes"), "\(spelling)")
        }
        #expect(setup.renderer.renders == ["/about/"])
        #expect(setup.renderer.pages == ["about/index.html"])
    }

    @Test func newRendersBeyondTheRateAreServedPlainAndSaySo() throws {
        let setup = try setUp { limits in
            limits.rendersPerMinute = 2
            limits.renderBurst = 2
        }
        defer { try? FileManager.default.removeItem(at: setup.fixture.root.deletingLastPathComponent()) }
        #expect(try text(setup.handler.get("/r1")).contains("Rendered /r1"))
        #expect(try text(setup.handler.get("/r2")).contains("Rendered /r2"))
        #expect(try decodedBody(setup.handler.get("/r3")) == DistFixture.html, "over the rate: the plain page")
        #expect(setup.events.events.last?.line == "prerender /r3: more than 2 renders a minute; served the plain page")
        // Kept renderings cost no token.
        #expect(try text(setup.handler.get("/r1")).contains("Rendered /r1"))
        // Half a minute later, one more render may start.
        setup.clock.advance(by: 30_000_000_000)
        #expect(try text(setup.handler.get("/r3")).contains("Rendered /r3"))
        #expect(setup.renderer.renders == ["/r1", "/r2", "/r3"])
    }

    @Test func theTotalRenderMemoryBoundsRendersAtOnce() throws {
        let setup = try setUp(held: true) { limits in
            limits.concurrentRenders = 8
            limits.memoryPerRender = 512 << 20
            limits.totalRenderMemory = 1 << 30
            limits.queuedRenders = 0
        }
        defer { try? FileManager.default.removeItem(at: setup.fixture.root.deletingLastPathComponent()) }
        let replies = Mutex<[String: HTTPResponse]>([:])
        var waiting = 0
        for route in ["/a", "/b", "/c"] {
            let request = HTTPRequest(method: "GET", target: route, path: route, query: nil, headers: [:])
            if let now = setup.handler.answerNowOrLater(
                to: request, later: { response in replies.withLock { $0[route] = response } })
            {
                replies.withLock { $0[route] = now }
            } else {
                waiting += 1
            }
        }
        #expect(waiting == 2, "two renders of 512 MiB fit in 1 GiB")
        #expect(try decodedBody(try #require(replies.withLock { $0["/c"] })) == DistFixture.html)
        #expect(
            setup.events.events.map(\.line).contains("prerender /c: 0 renders already waiting; served the plain page"))
        setup.renderer.release()
        for _ in 0..<200 where replies.withLock({ $0.count }) < 3 { usleep(10_000) }
        #expect(replies.withLock { $0.count } == 3)
    }

    @Test func keptRenderingsStayWithinTheirMemoryShare() throws {
        // Room for one rendering of the fixture page (with its variants), not two.
        let setup = try setUp { limits in limits.memory = DistFixture.html.count * 3 + 100 }
        defer { try? FileManager.default.removeItem(at: setup.fixture.root.deletingLastPathComponent()) }
        _ = setup.handler.get("/x")
        _ = setup.handler.get("/x")
        #expect(setup.renderer.renders == ["/x"], "kept")
        _ = setup.handler.get("/y")
        _ = setup.handler.get("/x")
        #expect(setup.renderer.renders == ["/x", "/y", "/x"], "/x was dropped to make room for /y")
    }
}
