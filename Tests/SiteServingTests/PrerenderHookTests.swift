import Compression
import Foundation
import HTTPServer
import SiteServing
import Synchronization
import TestSupport
import XCTest

/// A renderer written in Swift for the hook's own behaviour: it writes the route and the size of
/// `main.wasm` into the page, counts its renders, and can be held until released.
final class MarkingRenderer: PageRenderer {
    struct State {
        var renders: [String] = []
        var pages: [String] = []
        var running = 0
        var mostAtOnce = 0
        var failure: String?
    }

    let root: URL
    let state = Mutex(State())
    private let gate: DispatchSemaphore?

    /// `held`: every render waits for `release()`.
    init(root: URL, held: Bool = false) {
        self.root = root
        gate = held ? DispatchSemaphore(value: 0) : nil
    }

    var renders: [String] { state.withLock { $0.renders } }
    /// The page file each render was asked to render.
    var pages: [String] { state.withLock { $0.pages } }
    var mostAtOnce: Int { state.withLock { $0.mostAtOnce } }

    func fail(with reason: String?) { state.withLock { $0.failure = reason } }

    func release(_ count: Int = 64) { for _ in 0..<count { gate?.signal() } }

    func inputs(of route: PageRoute, page: [UInt8]) -> [String] { ["main.wasm", "missing.js"] }

    func render(_ route: PageRoute, completion: @escaping @Sendable (Result<[UInt8], RenderFailure>) -> Void) {
        state.withLock { state in
            state.renders.append(route.path)
            state.pages.append(route.page)
            state.running += 1
            state.mostAtOnce = max(state.mostAtOnce, state.running)
        }
        Thread { [self] in
            gate?.wait()
            let failure = state.withLock { state in
                state.running -= 1
                return state.failure
            }
            if let failure { return completion(.failure(RenderFailure(failure))) }
            let page = (try? String(contentsOf: root.appendingPathComponent(route.page), encoding: .utf8)) ?? ""
            let wasm = (try? Data(contentsOf: root.appendingPathComponent("main.wasm")).count) ?? -1
            completion(.success(Array(page.replacingOccurrences(
                of: "Loading the Go program…", with: "Rendered \(route.path) with \(wasm) bytes of wasm").utf8)))
        }.start()
    }
}

/// The events a handler reported, in order.
final class EventLog: Sendable {
    private let recorded = Mutex<[PrerenderEvent]>([])
    func append(_ event: PrerenderEvent) { recorded.withLock { $0.append(event) } }
    var events: [PrerenderEvent] { recorded.withLock { $0 } }
}

final class PrerenderHookTests: XCTestCase {
    private var fixture: DistFixture!

    override func setUpWithError() throws {
        fixture = try DistFixture()
        try fixture.write("main.wasm", Array(repeating: 7, count: 100))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: fixture.root.deletingLastPathComponent())
    }

    private func handler(
        _ renderer: MarkingRenderer, limits: SiteHandler.Prerendering.Limits = .init(),
        events: EventLog? = nil
    ) throws -> SiteHandler {
        var options = SiteHandler.Options()
        options.singlePageApp = true
        options.precompressAtStart = false
        var prerendering = SiteHandler.Prerendering(renderer: renderer) { event in events?.append(event) }
        prerendering.limits = limits
        options.prerendering = prerendering
        return try SiteHandler(directory: fixture.root.path, options: options)
    }

    private func text(_ response: HTTPResponse) throws -> String {
        String(decoding: try decodedBody(response), as: UTF8.self)
    }

    func testPagesAreRenderedOncePerRouteAndOtherFilesAreUntouched() throws {
        let renderer = MarkingRenderer(root: fixture.root)
        let handler = try handler(renderer)
        XCTAssertTrue(try text(handler.get("/")).contains("Rendered / with 100 bytes of wasm"))
        XCTAssertTrue(try text(handler.get("/")).contains("Rendered / with 100 bytes of wasm"))
        XCTAssertTrue(try text(handler.get("/index.html")).contains("Rendered /index.html with"))
        XCTAssertEqual(try decodedBody(handler.get("/docs/")), try fixture.bytes("docs/index.html"))  // no marker to replace
        XCTAssertTrue(try text(handler.get("/users/42")).contains("Rendered /users/42 with"))  // client-side route
        XCTAssertTrue(try text(handler.get("/users/42?tab=2")).contains("Rendered /users/42 with"))
        XCTAssertEqual(try decodedBody(handler.get("/app.js")), try fixture.bytes("app.js"))
        XCTAssertEqual(handler.get("/nothing.js").status.code, 404)
        XCTAssertEqual(renderer.renders, ["/", "/index.html", "/docs/", "/users/42"])
    }

    /// The first request after a build reads and hashes the page and its inputs (a wasm of megabytes) on a
    /// worker, not on the event loop that called; once hashed and rendered, the page is answered at once.
    func testHashingTheFirstTimeIsOffTheCallerAndLaterRequestsAreAnsweredAtOnce() throws {
        let renderer = MarkingRenderer(root: fixture.root)
        let handler = try handler(renderer)
        let request = HTTPRequest(method: "GET", target: "/", path: "/", query: nil, headers: ["Accept-Encoding": "identity"])
        let answered = DispatchSemaphore(value: 0)
        let first = handler.respond(to: request) { response in
            XCTAssertEqual(response.status.code, 200)
            answered.signal()
        }
        XCTAssertNil(first, "nothing hashed yet: answered later, from a worker")
        XCTAssertEqual(answered.wait(timeout: .now() + 10), .success)
        let later = try XCTUnwrap(handler.respond(to: request) { _ in XCTFail("answered later") }, "answered at once")
        XCTAssertTrue(try text(later).contains("Rendered / with 100 bytes of wasm"))
        XCTAssertEqual(renderer.renders, ["/"])
    }

    func testNewContentOfAnInputRendersAgainAndTheSameContentDoesNot() throws {
        let renderer = MarkingRenderer(root: fixture.root)
        let handler = try handler(renderer)
        XCTAssertTrue(try text(handler.get("/")).contains("with 100 bytes"))
        try fixture.write("main.wasm", Array(repeating: 8, count: 200))  // a rebuild
        XCTAssertTrue(try text(handler.get("/")).contains("with 200 bytes"))
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("main.wasm"))
        try fixture.write("main.wasm", Array(repeating: 8, count: 200))  // new file, same content
        _ = handler.get("/")
        try fixture.write("app.js", Array("changed()".utf8))  // not an input of this renderer
        _ = handler.get("/")
        XCTAssertEqual(renderer.renders, ["/", "/"])
        var page = try fixture.bytes("index.html")
        page += Array("<!-- edited -->".utf8)
        try fixture.write("index.html", page)
        XCTAssertTrue(try text(handler.get("/")).hasSuffix("<!-- edited -->"))
        XCTAssertEqual(renderer.renders, ["/", "/", "/"])
    }

    func testARenderedPageIsItsOwnRepresentation() throws {
        let renderer = MarkingRenderer(root: fixture.root)
        let handler = try handler(renderer)
        var plainOptions = SiteHandler.Options()
        plainOptions.precompressAtStart = false
        let plain = try SiteHandler(directory: fixture.root.path, options: plainOptions).get("/", ["Accept-Encoding": "identity"])

        let identity = handler.get("/", ["Accept-Encoding": "identity"])
        let rendered: [UInt8] = try identity.body.collected()
        let plainBytes: [UInt8] = try plain.body.collected()
        XCTAssertNotEqual(rendered, plainBytes)
        let tag = try XCTUnwrap(identity.headers["ETag"])
        XCTAssertNotEqual(tag, plain.headers["ETag"])
        XCTAssertEqual(identity.headers["Content-Type"], "text/html; charset=utf-8")
        XCTAssertEqual(identity.headers["Cache-Control"], "no-cache")
        XCTAssertEqual(identity.headers["Vary"], "Accept-Encoding")
        XCTAssertNotNil(identity.headers["Last-Modified"])

        var tags: Set<String> = [tag]
        for coding in [ContentCoding.br, .gzip] {
            let response = handler.get("/", ["Accept-Encoding": coding.rawValue])
            XCTAssertEqual(response.headers["Content-Encoding"], coding.rawValue)
            let decoded: [UInt8] = try decodedBody(response)
            XCTAssertEqual(decoded, rendered)
            let variantTag = try XCTUnwrap(response.headers["ETag"])
            XCTAssertTrue(tags.insert(variantTag).inserted, "each coding has its own strong ETag")
            let notModified = handler.get("/", ["Accept-Encoding": coding.rawValue, "If-None-Match": variantTag])
            XCTAssertEqual(notModified.status.code, 304)
            XCTAssertEqual(notModified.headers["ETag"], variantTag)
        }
        XCTAssertEqual(handler.get("/", ["Accept-Encoding": "identity", "If-None-Match": tag]).status.code, 304)
        XCTAssertEqual(handler.get("/", ["Accept-Encoding": "identity", "If-None-Match": plain.headers["ETag"] ?? ""]).status.code, 200)
        let head = handler.get("/", ["Accept-Encoding": "identity"], method: "HEAD")
        XCTAssertEqual(head.headers["ETag"], tag)
        let range = handler.get("/", ["Range": "bytes=0-9"])
        XCTAssertEqual(range.status.code, 206)
        XCTAssertEqual(try range.body.collected(), Array(rendered.prefix(10)))
        XCTAssertEqual(renderer.renders, ["/"])
    }

    func testConcurrentRequestsForOneRouteShareOneRender() throws {
        let renderer = MarkingRenderer(root: fixture.root, held: true)
        let handler = try handler(renderer)
        let bodies = Mutex<[String]>([])
        let group = DispatchGroup()
        for _ in 0..<8 {
            group.enter()
            Thread {
                let body = String(decoding: (try? handler.get("/about").body.collected()) ?? [], as: UTF8.self)
                bodies.withLock { $0.append(body) }
                group.leave()
            }.start()
        }
        Thread.sleep(forTimeInterval: 0.3)  // all eight are waiting for the one held render
        XCTAssertEqual(renderer.renders, ["/about"])
        renderer.release()
        XCTAssertEqual(group.wait(timeout: .now() + 10), .success)
        XCTAssertEqual(bodies.withLock { $0 }.count, 8)
        XCTAssertTrue(bodies.withLock { $0 }.allSatisfy { $0.contains("Rendered /about with") })
        XCTAssertEqual(renderer.renders, ["/about"])
    }

    func testAFailedRenderServesThePlainPageSaysWhyAndIsNotRepeatedAtOnce() throws {
        let renderer = MarkingRenderer(root: fixture.root)
        renderer.fail(with: "the wasm trapped")
        let events = EventLog()
        var limits = SiteHandler.Prerendering.Limits()
        limits.retryFailuresAfter = .milliseconds(300)
        let handler = try handler(renderer, limits: limits, events: events)
        let plain = try fixture.bytes("index.html")
        XCTAssertEqual(try decodedBody(handler.get("/")), plain)
        XCTAssertEqual(try decodedBody(handler.get("/")), plain)
        XCTAssertEqual(renderer.renders, ["/"])
        XCTAssertEqual(events.events, [.servedPlain(route: "/", reason: "the wasm trapped")])
        XCTAssertEqual(events.events.first?.line, "prerender /: the wasm trapped; served the plain page")

        Thread.sleep(forTimeInterval: 0.4)
        renderer.fail(with: nil)
        XCTAssertTrue(try text(handler.get("/")).contains("Rendered / with"))
        XCTAssertEqual(renderer.renders, ["/", "/"])
        guard case .rendered(route: "/", _) = events.events.last else {
            return XCTFail("a render is logged: \(events.events)")
        }
    }

    func testRendersAreBoundedAndOverflowIsServedPlainAtOnce() throws {
        let renderer = MarkingRenderer(root: fixture.root, held: true)
        let events = EventLog()
        var limits = SiteHandler.Prerendering.Limits()
        limits.concurrentRenders = 2
        limits.queuedRenders = 1
        let handler = try handler(renderer, limits: limits, events: events)
        let replies = Mutex<[String: String]>([:])
        let group = DispatchGroup()
        func request(_ path: String) -> HTTPResponse? {
            group.enter()
            let answer = handler.respond(
                to: HTTPRequest(method: "GET", target: path, path: path, query: nil, headers: ["Accept-Encoding": "identity"])
            ) { response in
                replies.withLock { $0[path] = String(decoding: (try? response.body.collected()) ?? [], as: UTF8.self) }
                group.leave()
            }
            if answer != nil { group.leave() }
            return answer
        }
        XCTAssertNil(request("/a"))  // renders
        XCTAssertNil(request("/b"))  // renders
        XCTAssertNil(request("/c"))  // waits for a slot
        let overflow = try XCTUnwrap(request("/d"), "beyond the queue: answered at once")
        XCTAssertEqual(try overflow.body.collected(), try fixture.bytes("index.html"))
        XCTAssertEqual(events.events, [.servedPlain(route: "/d", reason: "1 renders already waiting")])
        // The first requests hash the page and its inputs on workers before their renders start.
        for _ in 0..<500 where renderer.renders.count < 2 { usleep(10_000) }
        XCTAssertEqual(renderer.renders.sorted(), ["/a", "/b"])
        renderer.release()
        XCTAssertEqual(group.wait(timeout: .now() + 10), .success)
        XCTAssertEqual(renderer.renders.count, 3)
        XCTAssertEqual(renderer.renders.last, "/c", "the queued render runs once a slot frees")
        XCTAssertEqual(renderer.mostAtOnce, 2)
        for path in ["/a", "/b", "/c"] {
            XCTAssertTrue(replies.withLock { $0[path] ?? "" }.contains("Rendered \(path) with"), path)
        }
    }

    /// Over real sockets: while a render is held, the server answers other requests (on every loop), and a
    /// request pipelined behind the waiting one is answered after it, in order.
    func testAWaitingRenderHoldsNoLoopAndKeepsResponsesInOrder() throws {
        let renderer = MarkingRenderer(root: fixture.root, held: true)
        let site = try handler(renderer)
        let server = HTTPServer(configuration: HTTPServer.Configuration(port: 0), handler: site)
        let port = UInt16(try server.start().port)
        defer { server.shutdown(grace: .seconds(1)) }

        let waiting = try WireConnection(port: port)
        try waiting.send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /data.json HTTP/1.1\r\nHost: x\r\n\r\n")
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(renderer.renders, ["/"])
        let started = Date()
        for _ in 0..<6 {  // connections go round-robin over the loops: some share the waiting one's loop
            let other = try WireConnection(port: port)
            XCTAssertEqual(try other.request("/app.js").status, 200)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        renderer.release()
        let first = try waiting.readResponse()
        XCTAssertTrue(String(decoding: first.body, as: UTF8.self).contains("Rendered / with"))
        let second = try waiting.readResponse()
        XCTAssertEqual(second.body, try fixture.bytes("data.json"))
    }
}
