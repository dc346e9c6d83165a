import Compression
import Foundation
import HTTPServer
import PageRendering
import PrerenderCache
import SiteServing
import Synchronization
import TestSupport
import Testing

/// A renderer written in Swift for the hook's own behaviour: it writes the route and the size of
/// `main.wasm` into the page, counts its renders, and can be held until released.
final class MarkingRenderer: PageRenderer {
    struct State {
        var renders: [String] = []
        var pages: [String] = []
        var running = 0
        var mostAtOnce = 0
        var failure: String?
        /// The threads `inputs(of:page:)` ran on (the page and its inputs are read and hashed there).
        var inputThreads: [pthread_t] = []
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

    var inputThreads: [pthread_t] { state.withLock { $0.inputThreads } }

    func inputs(of route: PageRoute, page: [UInt8]) -> [String] {
        state.withLock { $0.inputThreads.append(pthread_self()) }
        return ["main.wasm", "missing.js"]
    }

    func render(_ route: PageRoute, completion: @escaping @Sendable (Result<[UInt8], HookFailure>) -> Void) {
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
            if let failure { return completion(.failure(HookFailure(description: failure))) }
            let page = (try? String(contentsOf: root.appendingPathComponent(route.page), encoding: .utf8)) ?? ""
            let wasm = (try? Data(contentsOf: root.appendingPathComponent("main.wasm")).count) ?? -1
            completion(
                .success(
                    Array(
                        page.replacingOccurrences(
                            of: "Loading the Go program…", with: "Rendered \(route.path) with \(wasm) bytes of wasm"
                        ).utf8)))
        }.start()
    }
}

/// The events a handler reported, in order.
final class EventLog: Sendable {
    private let recorded = Mutex<[PrerenderEvent]>([])
    func append(_ event: PrerenderEvent) { recorded.withLock { $0.append(event) } }
    var events: [PrerenderEvent] { recorded.withLock { $0 } }
}

@Suite(.serialized) final class PrerenderHookTests {
    private var fixture: DistFixture!

    init() throws {
        fixture = try DistFixture()
        try fixture.write("main.wasm", Array(repeating: 7, count: 100))
    }

    deinit {
        try? FileManager.default.removeItem(at: fixture.root.deletingLastPathComponent())
    }

    private func handler(
        _ renderer: MarkingRenderer, limits: Prerendering.Limits = .init(),
        events: EventLog? = nil
    ) throws -> SiteHandler {
        var options = SiteHandler.Options()
        options.singlePageApp = true
        options.precompressAtStart = false
        var prerendering = Prerendering(renderer: renderer) { event in events?.append(event) }
        prerendering.limits = limits
        options.prerendering = prerendering
        return try SiteHandler(directory: fixture.root.path, options: options)
    }

    private func text(_ response: HTTPResponse) throws -> String {
        String(decoding: try decodedBody(response), as: UTF8.self)
    }

    @Test func pagesAreRenderedOncePerRouteAndOtherFilesAreUntouched() throws {
        let renderer = MarkingRenderer(root: fixture.root)
        let handler = try handler(renderer)
        #expect(try text(handler.get("/")).contains("Rendered / with 100 bytes of wasm"))
        #expect(try text(handler.get("/")).contains("Rendered / with 100 bytes of wasm"))
        #expect(try text(handler.get("/index.html")).contains("Rendered /index.html with"))
        #expect(try decodedBody(handler.get("/docs/")) == fixture.bytes("docs/index.html"))  // no marker to replace
        #expect(try text(handler.get("/users/42")).contains("Rendered /users/42 with"))  // client-side route
        #expect(try text(handler.get("/users/42?tab=2")).contains("Rendered /users/42 with"))
        #expect(try decodedBody(handler.get("/app.js")) == fixture.bytes("app.js"))
        #expect(handler.get("/nothing.js").status.code == 404)
        #expect(renderer.renders == ["/", "/index.html", "/docs/", "/users/42"])
    }

    /// The first request after a build reads and hashes the page and its inputs (a wasm of megabytes) on a
    /// worker, not on the event loop that called; once hashed and rendered, the page is answered at once.
    @Test func hashingTheFirstTimeIsOffTheCallerAndLaterRequestsAreAnsweredAtOnce() throws {
        let renderer = MarkingRenderer(root: fixture.root)
        let handler = try handler(renderer)
        let request = HTTPRequest(
            method: "GET", target: "/", path: "/", query: nil, headers: ["Accept-Encoding": "identity"])
        let answered = DispatchSemaphore(value: 0)
        let first = handler.answerNowOrLater(to: request) { response in
            #expect(response.status.code == 200)
            answered.signal()
        }
        // Usually answered later; a worker that finishes before `respond` returns answers in the call (as a
        // connection takes it), but never on the caller's thread.
        if let first {
            #expect(first.status.code == 200)
        } else {
            #expect(answered.wait(timeout: .now() + 10) == .success)
        }
        let caller = pthread_self()
        #expect(!renderer.inputThreads.isEmpty && renderer.inputThreads.allSatisfy { pthread_equal($0, caller) == 0 })
        let later = try #require(
            handler.answerNowOrLater(to: request) { _ in Issue.record("answered later") }, "answered at once")
        #expect(try text(later).contains("Rendered / with 100 bytes of wasm"))
        #expect(renderer.renders == ["/"])
    }

    @Test func newContentOfAnInputRendersAgainAndTheSameContentDoesNot() throws {
        let renderer = MarkingRenderer(root: fixture.root)
        let handler = try handler(renderer)
        #expect(try text(handler.get("/")).contains("with 100 bytes"))
        try fixture.write("main.wasm", Array(repeating: 8, count: 200))  // a rebuild
        #expect(try text(handler.get("/")).contains("with 200 bytes"))
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("main.wasm"))
        try fixture.write("main.wasm", Array(repeating: 8, count: 200))  // new file, same content
        _ = handler.get("/")
        try fixture.write("app.js", Array("changed()".utf8))  // not an input of this renderer
        _ = handler.get("/")
        #expect(renderer.renders == ["/", "/"])
        var page = try fixture.bytes("index.html")
        page += Array("<!-- edited -->".utf8)
        try fixture.write("index.html", page)
        #expect(try text(handler.get("/")).hasSuffix("<!-- edited -->"))
        #expect(renderer.renders == ["/", "/", "/"])
    }

    @Test func aRenderedPageIsItsOwnRepresentation() throws {
        let renderer = MarkingRenderer(root: fixture.root)
        let handler = try handler(renderer)
        var plainOptions = SiteHandler.Options()
        plainOptions.precompressAtStart = false
        let plain = try SiteHandler(directory: fixture.root.path, options: plainOptions).get(
            "/", ["Accept-Encoding": "identity"])

        let identity = handler.get("/", ["Accept-Encoding": "identity"])
        let rendered: [UInt8] = try identity.body.collected()
        let plainBytes: [UInt8] = try plain.body.collected()
        #expect(rendered != plainBytes)
        let tag = try #require(identity.headers["ETag"])
        #expect(tag != plain.headers["ETag"])
        #expect(identity.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(identity.headers["Cache-Control"] == "no-cache")
        #expect(identity.headers["Vary"] == "Accept-Encoding")
        #expect(identity.headers["Last-Modified"] != nil)

        var tags: Set<String> = [tag]
        for coding in [ContentCoding.br, .gzip] {
            let response = handler.get("/", ["Accept-Encoding": coding.rawValue])
            #expect(response.headers["Content-Encoding"] == coding.rawValue)
            let decoded: [UInt8] = try decodedBody(response)
            #expect(decoded == rendered)
            let variantTag = try #require(response.headers["ETag"])
            #expect(tags.insert(variantTag).inserted, "each coding has its own strong ETag")
            let notModified = handler.get("/", ["Accept-Encoding": coding.rawValue, "If-None-Match": variantTag])
            #expect(notModified.status.code == 304)
            #expect(notModified.headers["ETag"] == variantTag)
        }
        #expect(handler.get("/", ["Accept-Encoding": "identity", "If-None-Match": tag]).status.code == 304)
        #expect(
            handler.get("/", ["Accept-Encoding": "identity", "If-None-Match": plain.headers["ETag"] ?? ""]).status.code
                == 200)
        let head = handler.get("/", ["Accept-Encoding": "identity"], method: "HEAD")
        #expect(head.headers["ETag"] == tag)
        let range = handler.get("/", ["Range": "bytes=0-9"])
        #expect(range.status.code == 206)
        #expect(try range.body.collected() == Array(rendered.prefix(10)))
        #expect(renderer.renders == ["/"])
    }

    @Test func concurrentRequestsForOneRouteShareOneRender() throws {
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
        #expect(renderer.renders == ["/about"])
        renderer.release()
        #expect(group.wait(timeout: .now() + 10) == .success)
        #expect(bodies.withLock { $0 }.count == 8)
        #expect(bodies.withLock { $0 }.allSatisfy { $0.contains("Rendered /about with") })
        #expect(renderer.renders == ["/about"])
    }

    @Test func aFailedRenderServesThePlainPageSaysWhyAndIsNotRepeatedAtOnce() throws {
        let renderer = MarkingRenderer(root: fixture.root)
        renderer.fail(with: "the wasm trapped")
        let events = EventLog()
        var limits = Prerendering.Limits()
        limits.retryFailuresAfter = .milliseconds(300)
        let handler = try handler(renderer, limits: limits, events: events)
        let plain = try fixture.bytes("index.html")
        #expect(try decodedBody(handler.get("/")) == plain)
        #expect(try decodedBody(handler.get("/")) == plain)
        #expect(renderer.renders == ["/"])
        #expect(events.events.count == 1)
        // The renderer's failure reaches the log as itself, and the line is derived from it.
        guard case .servedPlain("/", .renderFailed(let failure)) = events.events.first else {
            Issue.record("not a render failure: \(events.events)")
            return
        }
        #expect(failure as? HookFailure == HookFailure(description: "the wasm trapped"))
        #expect(events.events.first?.line == "prerender /: the wasm trapped; served the plain page")

        Thread.sleep(forTimeInterval: 0.4)
        renderer.fail(with: nil)
        #expect(try text(handler.get("/")).contains("Rendered / with"))
        #expect(renderer.renders == ["/", "/"])
        guard case .rendered(route: "/", _) = events.events.last else {
            Issue.record("a render is logged: \(events.events)")
            return
        }
    }

    @Test func rendersAreBoundedAndOverflowIsServedPlainAtOnce() throws {
        let renderer = MarkingRenderer(root: fixture.root, held: true)
        let events = EventLog()
        var limits = Prerendering.Limits()
        limits.concurrentRenders = 2
        limits.queuedRenders = 1
        let handler = try handler(renderer, limits: limits, events: events)
        let replies = Mutex<[String: String]>([:])
        let group = DispatchGroup()
        func request(_ path: String) -> HTTPResponse? {
            group.enter()
            let answer = handler.answerNowOrLater(
                to: HTTPRequest(
                    method: "GET", target: path, path: path, query: nil, headers: ["Accept-Encoding": "identity"])
            ) { response in
                replies.withLock { $0[path] = String(decoding: (try? response.body.collected()) ?? [], as: UTF8.self) }
                group.leave()
            }
            if answer != nil { group.leave() }
            return answer
        }
        #expect(request("/a") == nil)  // renders
        #expect(request("/b") == nil)  // renders
        #expect(request("/c") == nil)  // waits for a slot
        let overflow = try #require(request("/d"), "beyond the queue: answered at once")
        #expect(try overflow.body.collected() == fixture.bytes("index.html"))
        #expect(events.events.map(\.line) == ["prerender /d: 1 renders already waiting; served the plain page"])
        // The first requests hash the page and its inputs on workers before their renders start.
        for _ in 0..<500 where renderer.renders.count < 2 { usleep(10_000) }
        #expect(renderer.renders.sorted() == ["/a", "/b"])
        renderer.release()
        #expect(group.wait(timeout: .now() + 10) == .success)
        #expect(renderer.renders.count == 3)
        #expect(renderer.renders.last == "/c", "the queued render runs once a slot frees")
        #expect(renderer.mostAtOnce == 2)
        for path in ["/a", "/b", "/c"] {
            #expect(replies.withLock { $0[path] ?? "" }.contains("Rendered \(path) with"), "\(path)")
        }
    }

    /// Over real sockets: while a render is held, the server answers other requests (on every loop), and a
    /// request pipelined behind the waiting one is answered after it, in order.
    @Test func aWaitingRenderHoldsNoLoopAndKeepsResponsesInOrder() throws {
        let renderer = MarkingRenderer(root: fixture.root, held: true)
        let site = try handler(renderer)
        let server = HTTPServer(configuration: HTTPServer.Configuration(port: 0), handler: site)
        let port = UInt16(try server.start().port)
        defer { server.shutdown(grace: .seconds(1)) }

        let waiting = try WireConnection(port: port)
        try waiting.send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /data.json HTTP/1.1\r\nHost: x\r\n\r\n")
        Thread.sleep(forTimeInterval: 0.2)
        #expect(renderer.renders == ["/"])
        let started = Date()
        for _ in 0..<6 {  // connections go round-robin over the loops: some share the waiting one's loop
            let other = try WireConnection(port: port)
            #expect(try other.request("/app.js").status == 200)
        }
        #expect(Date().timeIntervalSince(started) < 2)
        renderer.release()
        let first = try waiting.readResponse()
        #expect(String(decoding: first.body, as: UTF8.self).contains("Rendered / with"))
        let second = try waiting.readResponse()
        #expect(try second.body == fixture.bytes("data.json"))
    }
}

/// What the test renderer fails with: typed, as a real renderer's failure is.
struct HookFailure: Error, Equatable, CustomStringConvertible {
    let description: String
}
