import Foundation
import HeadlessDOM
import Prerender
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Iframes in a pre-rendered page: same-origin ones get a window whose scripts run (and may write into
/// the page), the serialized page keeps the iframe element as written, and a cross-origin `src` gets an
/// empty document without any request.
@Suite(.serialized)
struct FramePrerenderTests {
    /// A same-origin iframe (from the dist) and a srcdoc one run their scripts, which write into the
    /// parent; the parent's `load` comes after theirs; the output keeps both iframes as written.
    @Test func anIframesScriptWritesIntoTheParent() throws {
        let dist = try Paths.temporaryDirectory("frames")
        defer { try? FileManager.default.removeItem(at: dist) }
        let page = """
            <!doctype html><body><ul id=log></ul>
            <iframe id=a src="frame.html"></iframe>
            <iframe id=b srcdoc="<script>parent.log('srcdoc ' + frameElement.id + ' ' + (top === parent))</script>"></iframe>
            <script>
            function log(text) { const li = document.createElement('li'); li.textContent = text; document.getElementById('log').append(li); }
            window.addEventListener('load', () => log('parent load, ' + frames.length + ' frames, ' + document.getElementById('a').contentDocument.title));
            </script>
            """
        try Data((page + PrerenderFailureTests.programStandIn).utf8).write(
            to: dist.appendingPathComponent("index.html"))
        try Data(
            "<!doctype html><title>Inner</title><script>parent.log('frame.html at ' + location.pathname + ', parent ' + parent.document.title.length)</script>"
                .utf8
        ).write(to: dist.appendingPathComponent("frame.html"))
        var options = PrerenderOptions()
        options.takeOver = false
        let html = try Prerenderer(dist: dist, options: options).render(route: "/").html
        #expect(
            html.contains(
                "<ul id=\"log\"><li>frame.html at /frame.html, parent 0</li><li>srcdoc b true</li><li>parent load, 2 frames, Inner</li></ul>"
            ), "\(html)")
        // As Chromium's --dump-dom: the iframe element as written, its document not inlined.
        #expect(html.contains("<iframe id=\"a\" src=\"frame.html\"></iframe>"), "\(html)")
        #expect(!html.contains("<title>Inner</title>"))
    }

    /// A cross-origin `src` gets an empty document: no content, no request (a listening socket on that
    /// origin sees no connection), and the iframe's `load` still fires.
    @Test func aCrossOriginIframeGetsNoContentAndNoRequest() throws {
        let listener = try Listener()
        defer { close(listener.descriptor) }
        let dist = try Paths.temporaryDirectory("cross-origin-frame")
        defer { try? FileManager.default.removeItem(at: dist) }
        let page = """
            <!doctype html><body><p id=out></p>
            <iframe id=x src="http://127.0.0.1:\(listener.port)/secret.html"></iframe>
            <script>
            const x = document.getElementById('x');
            x.addEventListener('load', () => {
              document.getElementById('out').textContent = 'load ' + (x.contentDocument === null) + ' ' + x.contentWindow.document.body.innerHTML.length;
            });
            </script>
            """
        try Data((page + PrerenderFailureTests.programStandIn).utf8).write(
            to: dist.appendingPathComponent("index.html"))
        var options = PrerenderOptions()
        options.takeOver = false
        let html = try Prerenderer(dist: dist, options: options).render(route: "/").html
        #expect(html.contains("<p id=\"out\">load true 0</p>"), "\(html)")
        #expect(listener.acceptedNothing())
    }

    /// What an iframe loads, from its attributes: srcdoc wins, an empty or about:blank src is the blank
    /// document, a src is same-origin or cross-origin by the parent's origin.
    @Test func theFrameSourceFollowsTheAttributes() throws {
        let resolve: (String) -> String? = { $0.contains(":") ? $0 : "http://app.test" + $0 }
        let origin: (String) -> String? = { url in
            url.split(separator: "/", omittingEmptySubsequences: false).prefix(3).joined(separator: "/")
        }
        func source(_ src: String?, _ srcdoc: String? = nil) throws -> FrameSource {
            FrameSource.of(
                try Self.iframe(src: src, srcdoc: srcdoc), parentOrigin: "http://app.test", resolve: resolve,
                originOf: origin)
        }
        #expect(try source("/a.html") == .sameOrigin("http://app.test/a.html"))
        #expect(try source("/a.html", "<p>hi") == .srcdoc("<p>hi"))
        #expect(try source(nil) == .blank)
        #expect(try source("") == .blank)
        #expect(try source("about:blank") == .blank)
        #expect(
            try source("http://other.test/x") == .crossOrigin(url: "http://other.test/x", origin: "http://other.test"))
    }

    /// An iframe element of a document without a window (connected nowhere, so no frame host is told).
    static func iframe(src: String?, srcdoc: String?) throws -> Element {
        let document = Document(parsing: "<!doctype html><body></body>")
        let iframe = try document.createElement("iframe")
        if let src { try iframe.setAttribute("src", src) }
        if let srcdoc { try iframe.setAttribute("srcdoc", srcdoc) }
        return iframe
    }
}

/// A TCP listener on 127.0.0.1 (an ephemeral port) that is never accepted from: whether anyone connected.
private struct Listener {
    let descriptor: Int32
    let port: UInt16

    struct Failed: Error {}

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failed() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 4) == 0
                    && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw Failed()
        }
        self.descriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    /// No connection is waiting (a non-blocking accept finds none).
    func acceptedNothing() -> Bool {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        let accepted = accept(descriptor, nil, nil)
        if accepted >= 0 { close(accepted) }
        return accepted < 0
    }
}
