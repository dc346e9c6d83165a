import DevServing
import Foundation
import HTTPServer
import SiteServing
import Synchronization
import TestSupport
import Testing

/// The dev page's report channel: only the page's own origin, bounded, rate-limited on an injected clock,
/// and nothing that could drive a terminal gets through; the layer's script goes first in `<head>`.
@Suite struct PageDiagnosisTests {
    final class Sink: Sendable {
        let entries = Mutex<[PageDiagnosis.Entry]>([])
        func take(_ more: [PageDiagnosis.Entry]) { entries.withLock { $0 += more } }
        var all: [PageDiagnosis.Entry] { entries.withLock { $0 } }
    }

    final class Clock: Sendable {
        let now = Atomic<UInt64>(1_000_000_000)
        func advance(seconds: Double) { now.add(UInt64(seconds * 1e9), ordering: .relaxed) }
    }

    static func report(
        _ entries: [[String: String]], origin: String? = "http://127.0.0.1:8080", site: String? = "same-origin",
        host: String = "127.0.0.1:8080", method: String = "POST"
    ) -> HTTPRequest {
        var headers: HTTPHeaders = ["Host": host, "Content-Type": "text/plain;charset=UTF-8"]
        if let origin { headers.add("Origin", origin) }
        if let site { headers.add("Sec-Fetch-Site", site) }
        let body = try! JSONSerialization.data(withJSONObject: ["page": "/", "entries": entries])
        return HTTPRequest(
            method: method, target: PageDiagnosis.reportPath, path: PageDiagnosis.reportPath, headers: headers,
            body: Array(body))
    }

    func channel(_ limits: PageDiagnosis.Limits = .init(), clock: Clock = Clock()) -> (PageDiagnosis, Sink) {
        let sink = Sink()
        let channel = PageDiagnosis(
            script: { Array("// layer".utf8) }, limits: limits, clock: { clock.now.load(ordering: .relaxed) }
        ) {
            sink.take($0)
        }
        return (channel, sink)
    }

    @Test func sameOriginReportReachesTheSink() {
        let (channel, sink) = channel()
        let response = channel.respond(to: Self.report([["kind": "log", "text": "panic: boom\n\tmain.go:9"]]))
        #expect(response.status.code == 204)
        #expect(sink.all == [PageDiagnosis.Entry(kind: .log, text: "panic: boom\n\tmain.go:9", page: "/")])
        #expect(PageDiagnosis.terminalLines(for: sink.all[0]) == ["[browser log /] panic: boom", "    \tmain.go:9"])
    }

    @Test func anotherSitesPageIsRefused() {
        let (channel, sink) = channel()
        #expect(
            channel.receive(
                Self.report([["kind": "log", "text": "x"]], origin: "http://evil.example", site: "cross-site"))
                == .refused(.forbidden))
        #expect(
            channel.receive(Self.report([["kind": "log", "text": "x"]], origin: "http://evil.example", site: nil))
                == .refused(.forbidden))
        #expect(
            channel.receive(Self.report([["kind": "log", "text": "x"]], origin: "null", site: nil))
                == .refused(.forbidden))
        // Neither header: not a browser's same-origin request.
        #expect(
            channel.receive(Self.report([["kind": "log", "text": "x"]], origin: nil, site: nil)) == .refused(.forbidden)
        )
        #expect(
            channel.receive(Self.report([["kind": "log", "text": "x"]], method: "GET")) == .refused(.methodNotAllowed))
        #expect(sink.all.isEmpty)
    }

    @Test func oversizedAndMalformedReportsAreRefused() {
        var limits = PageDiagnosis.Limits()
        limits.bodyBytes = 1024
        let (channel, sink) = channel(limits)
        #expect(
            channel.receive(Self.report([["kind": "log", "text": String(repeating: "a", count: 2000)]]))
                == .refused(.contentTooLarge))
        var garbage = Self.report([])
        garbage.body = Array("not json".utf8)
        #expect(channel.receive(garbage) == .refused(.badRequest))
        // Nesting a parser would recurse into is refused unparsed.
        garbage.body = Array((String(repeating: "[", count: 400) + String(repeating: "]", count: 400)).utf8)
        #expect(channel.receive(garbage) == .refused(.badRequest))
        // Unknown kinds are skipped, the rest taken.
        #expect(
            channel.receive(Self.report([["kind": "shell", "text": "rm"], ["kind": "warn", "text": "w"]]))
                == .accepted(entries: 1, dropped: 0))
        #expect(sink.all.map(\.kind) == [.warn])
    }

    @Test func terminalControlSequencesAndLongLinesAreCleaned() {
        var limits = PageDiagnosis.Limits()
        limits.lineCharacters = 10
        let (channel, sink) = channel(limits)
        _ = channel.receive(
            Self.report([
                ["kind": "error", "text": "\u{1B}[2J\u{1B}]0;owned\u{07}ok\tfine"],
                ["kind": "log", "text": String(repeating: "b", count: 50)],
            ]))
        let texts = sink.all.map(\.text)
        #expect(texts.count == 2)
        #expect(
            !texts[0].unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(texts[0].debugDescription)")
        #expect(texts[1] == String(repeating: "b", count: 10) + "…")
    }

    @Test func floodIsRateLimitedAndTheDropCountSaid() {
        var limits = PageDiagnosis.Limits()
        limits.entriesPerMinute = 60
        limits.entryBurst = 5
        limits.entriesPerReport = 100
        let clock = Clock()
        let (channel, sink) = channel(limits, clock: clock)
        let flood = (0..<50).map { ["kind": "log", "text": "line \($0)"] }
        #expect(channel.receive(Self.report(flood)) == .accepted(entries: 5, dropped: 45))
        #expect(
            sink.all.map(\.text) == (0..<5).map { "line \($0)" } + [
                "gowasm-serve: 45 page report(s) dropped (rate limit)"
            ])
        // Nothing admitted: nothing printed, not even the count, which waits for the next admitted entry.
        #expect(channel.receive(Self.report(flood)) == .accepted(entries: 0, dropped: 50))
        #expect(sink.all.count == 6)
        clock.advance(seconds: 2)
        #expect(channel.receive(Self.report([["kind": "log", "text": "later"]])) == .accepted(entries: 1, dropped: 0))
        #expect(sink.all.suffix(2).map(\.text) == ["later", "gowasm-serve: 50 page report(s) dropped (rate limit)"])
    }

    /// Only dev's routes with a `PageDiagnosis`, over a site rewriting pages with dev's transform, serve the
    /// layer and put it in pages; `serve`'s handler leaves pages byte for byte and has no such path.
    @Test func onlyDevPagesGetTheLayer() throws {
        let root = try Paths.temporaryDirectory("page-diagnosis")
        defer { try? FileManager.default.removeItem(at: root) }
        let page = "<!doctype html><html><head><script src=wasm_exec.js></script></head><body></body></html>"
        try page.write(to: root.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        func body(_ handler: some HTTPHandler, _ path: String) -> (Int, String) {
            let response = handler.response(
                to: HTTPRequest(method: "GET", target: path, path: path, headers: ["Host": "x"]))
            guard case .bytes(let bytes) = response.body else { return (response.status.code, "") }
            return (response.status.code, String(decoding: bytes, as: UTF8.self))
        }
        var serveOptions = SiteHandler.Options()
        serveOptions.precompressAtStart = false
        let served = try SiteHandler(directory: root.path, options: serveOptions)
        #expect(body(served, "/").1 == page)
        #expect(body(served, PageDiagnosis.scriptPath).0 == 404)

        var devOptions = serveOptions
        devOptions.pageTransform = DevRoutes.pageTransform(liveReload: false, diagnosis: true)
        let dev = DevRoutes(
            site: try SiteHandler(directory: root.path, options: devOptions), pageDiagnosis: channel().0)
        #expect(body(dev, "/").1.contains("<head>\(PageDiagnosis.scriptTag)<script src=wasm_exec.js>"))
        #expect(body(dev, PageDiagnosis.scriptPath) == (200, "// layer"))
    }

    @Test func scriptGoesFirstInHead() {
        let page = Array(
            "<!doctype html><html><head lang=en><script src=wasm_exec.js></script></head><body><header>x</header></body></html>"
                .utf8)
        let injected = String(decoding: PageDiagnosis.inject(into: page), as: UTF8.self)
        #expect(
            injected.hasPrefix(
                "<!doctype html><html><head lang=en>\(PageDiagnosis.scriptTag)<script src=wasm_exec.js>"), "\(injected)"
        )
        let headless = String(
            decoding: PageDiagnosis.inject(into: Array("<p>x</p><header></header><script>go()</script>".utf8)),
            as: UTF8.self)
        #expect(headless == "<p>x</p><header></header>\(PageDiagnosis.scriptTag)<script>go()</script>")
    }
}
