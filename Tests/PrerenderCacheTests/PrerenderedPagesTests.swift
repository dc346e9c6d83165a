import DistLayout
import Glibc
import PageRendering
import PrerenderCache
import Synchronization
import Testing

/// The cache on its own, without a server: a renderer that answers at once, a page type that only counts
/// its bytes, a clock the test moves.
@Suite struct PrerenderedPagesTests {
    struct HeldPage: CachedRendering {
        let html: String
        init(_ bytes: [UInt8], page: String, identity: FileIdentity) { html = String(decoding: bytes, as: UTF8.self) }
        var heldBytes: Int { html.utf8.count }
    }

    struct Refused: Error, CustomStringConvertible {
        var description: String { "refused" }
    }

    /// Renders `<p>ROUTE #N</p>` at once, on the caller's thread; fails routes under `/broken`.
    final class ImmediateRenderer: PageRenderer {
        let renders = Mutex(0)
        func inputs(of route: PageRoute, page: [UInt8]) -> [String] { ["main.wasm"] }
        func render(_ route: PageRoute, completion: @escaping @Sendable (Result<[UInt8], Refused>) -> Void) {
            let count = renders.withLock {
                $0 += 1; return $0
            }
            guard !route.path.hasPrefix("/broken") else { return completion(.failure(Refused())) }
            completion(.success(Array("<p>\(route.path) #\(count)</p>".utf8)))
        }
    }

    final class Events: Sendable {
        let lines = Mutex<[String]>([])
    }

    final class ManualClock: Sendable {
        let now = Mutex<UInt64>(1_000)
        func advance(seconds: UInt64) { now.withLock { $0 += seconds * 1_000_000_000 } }
    }

    final class Answer: Sendable {
        let outcome = Mutex<PrerenderedPages<HeldPage>.Outcome?>(nil)
    }

    private let renderer = ImmediateRenderer()
    private let events = Events()
    private let clock = ManualClock()

    private func cache(_ configure: (inout Prerendering.Limits) -> Void = { _ in }) -> PrerenderedPages<HeldPage> {
        var limits = Prerendering.Limits()
        configure(&limits)
        let events = events
        return PrerenderedPages(renderer: renderer, limits: limits, clock: { [clock] in clock.now.withLock { $0 } }) {
            event in events.lines.withLock { $0.append(event.line) }
        }
    }

    private func key(_ path: String, _ fingerprint: String = "a") -> PrerenderedPages<HeldPage>.Key {
        PrerenderedPages<HeldPage>.Key(
            route: PageRoute(path: path, page: "index.html"), fingerprint: fingerprint, identity: FileIdentity(stat()))
    }

    /// The page a lookup gives, waiting (the renderer answers at once) when it starts a render.
    private func page(_ pages: PrerenderedPages<HeldPage>, _ key: PrerenderedPages<HeldPage>.Key) -> String? {
        let answered = Answer()
        let lookup = pages.lookup(key) { outcome in answered.outcome.withLock { $0 = outcome } }
        let outcome: PrerenderedPages<HeldPage>.Outcome? =
            switch lookup {
            case .ready(let outcome): outcome
            case .waiting: answered.outcome.withLock { $0 }
            }
        guard case .rendered(let page)? = outcome else { return nil }
        return page.html
    }

    @Test func aRenderingIsKeptForItsFingerprintAndANewOneRendersAgain() {
        let pages = cache()
        #expect(page(pages, key("/about/")) == "<p>/about/ #1</p>")
        #expect(page(pages, key("/about/")) == "<p>/about/ #1</p>")
        #expect(page(pages, key("/about/", "b")) == "<p>/about/ #2</p>")
        #expect(renderer.renders.withLock { $0 } == 2)
        #expect(events.lines.withLock { $0.count } == 2)
    }

    @Test func aFailureIsRememberedUntilTheRetryTime() {
        let pages = cache { $0.retryFailuresAfter = .seconds(30) }
        #expect(page(pages, key("/broken")) == nil)
        #expect(page(pages, key("/broken")) == nil)
        #expect(renderer.renders.withLock { $0 } == 1)
        #expect(events.lines.withLock { $0 } == ["prerender /broken: refused; served the plain page"])
        clock.advance(seconds: 31)
        #expect(page(pages, key("/broken")) == nil)
        #expect(renderer.renders.withLock { $0 } == 2)
    }

    @Test func keptBytesAreBoundedLeastRecentlyUsedFirst() {
        // Each page is 13 bytes (`<p>/r1 #1</p>`): room for two.
        let pages = cache { $0.memory = 30 }
        #expect(page(pages, key("/r1")) == "<p>/r1 #1</p>")
        #expect(page(pages, key("/r2")) == "<p>/r2 #2</p>")
        #expect(page(pages, key("/r1")) == "<p>/r1 #1</p>")  // /r1 is now the more recent
        #expect(page(pages, key("/r3")) == "<p>/r3 #3</p>")
        #expect(page(pages, key("/r1")) == "<p>/r1 #1</p>")
        #expect(page(pages, key("/r2")) == "<p>/r2 #4</p>", "evicted, so rendered again")
    }

    @Test func newRendersBeyondTheRateAreServedPlain() {
        let pages = cache {
            $0.rendersPerMinute = 1
            $0.renderBurst = 1
        }
        #expect(page(pages, key("/r1")) != nil)
        #expect(page(pages, key("/r2")) == nil)
        #expect(
            events.lines.withLock { $0.last } == "prerender /r2: more than 1 renders a minute; served the plain page")
        clock.advance(seconds: 60)
        #expect(page(pages, key("/r2")) != nil)
    }

    @Test func theInputsOfAPageAreAskedOncePerContent() {
        let pages = cache()
        let route = PageRoute(path: "/", page: "index.html")
        #expect(pages.knownInputs(of: route, pageHash: "h1") == nil)
        var reads = 0
        #expect(
            pages.inputs(of: route, pageHash: "h1") {
                reads += 1; return []
            } == ["main.wasm"])
        #expect(
            pages.inputs(of: route, pageHash: "h1") {
                reads += 1; return []
            } == ["main.wasm"])
        #expect(reads == 1)
        #expect(pages.knownInputs(of: route, pageHash: "h1") == ["main.wasm"])
        #expect(pages.knownInputs(of: route, pageHash: "h2") == nil)
    }
}
