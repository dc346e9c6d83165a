import Compression
import DevServing
import Foundation
import HTTPServer
import SiteServing
import TestSupport
import Testing

/// Live reload through a real in-process HTTPServer: the SSE endpoint, the client script, HTML injection.
@Suite(.serialized) final class LiveReloadTests {
    /// A dist with one page and one script.
    private let root: URL
    private static let page = Array(
        "<!doctype html><html><head><script src=\"app.js\"></script></head><body><p>hi</p></body></html>\n".utf8)
    private static let script = Array(String(repeating: "console.log('a Go wasm page');\n", count: 50).utf8)
    private var hub: LiveReload!
    private var server: HTTPServer!
    private var port: UInt16 = 0

    init() throws {
        root = try Paths.temporaryDirectory("live-reload")
        try Data(Self.page).write(to: root.appendingPathComponent("index.html"))
        try Data(Self.script).write(to: root.appendingPathComponent("app.js"))
        hub = LiveReload(heartbeatInterval: .milliseconds(200))
        var options = SiteHandler.Options()
        options.pageTransform = DevRoutes.pageTransform(liveReload: true, diagnosis: false)
        options.precompressAtStart = false
        let handler = DevRoutes(
            site: try SiteHandler(directory: root.path, options: options), liveReload: hub)
        server = HTTPServer(configuration: .init(port: 0), handler: handler)
        port = UInt16(try server.start().port)
    }

    deinit {
        hub.close()
        server.shutdown(grace: .seconds(1))
        try? FileManager.default.removeItem(at: root)
    }

    @Test func clientScriptIsTheEmbeddedPublicFile() throws {
        let response = try WireConnection(port: port).request(LiveReload.scriptPath)
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/javascript; charset=utf-8")
        let onDisk = try Data(contentsOf: Paths.repository.appendingPathComponent("Public/live-reload.js"))
        #expect(response.body == Array(onDisk), "the binary embeds Public/live-reload.js as it is")
        let css = try Data(contentsOf: Paths.repository.appendingPathComponent("Public/error.css"))
        #expect(PublicAssets.errorStyles == String(decoding: css, as: UTF8.self))
    }

    @Test func hTMLPagesLoadTheScript() throws {
        let connection = try WireConnection(port: port)
        let page = try connection.request("/index.html", headers: ["Accept-Encoding": "gzip"])
        let html = String(decoding: try Gzip.decompressIfNeeded(page), as: UTF8.self)
        #expect(html.contains(LiveReload.scriptTag + "</body>"), "\(html)")
        let script = try connection.request("/app.js")
        #expect(script.body == Self.script, "only HTML is rewritten")
    }

    @Test func eventsReachSubscribersAndLateComersSeeTheCurrentError() throws {
        let subscriber = try WireConnection(port: port)
        try subscriber.send("GET \(LiveReload.eventsPath) HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        var received = try readUntil("retry: 1000", from: subscriber)
        #expect(received.hasPrefix("HTTP/1.1 200"), "\(received)")
        #expect(received.lowercased().contains("content-type: text/event-stream"), "\(received)")
        try waitFor { self.hub.clientCount == 1 }

        hub.buildFailed(output: "./main.go:3:1: syntax error\n./main.go:9:2: undefined: x")
        received = try readUntil("undefined: x", from: subscriber)
        #expect(
            received.contains(
                "event: build-error\ndata: ./main.go:3:1: syntax error\ndata: ./main.go:9:2: undefined: x\n\n"),
            "\(received)")

        // A page opened while the build is broken gets the error at once.
        let late = try WireConnection(port: port)
        try late.send("GET \(LiveReload.eventsPath) HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try readUntil("undefined: x", from: late).contains("event: build-error"))

        hub.reload()
        #expect(try readUntil("event: reload", from: subscriber).contains("event: reload\ndata: \n\n"))
        #expect(try readUntil(": heartbeat", from: subscriber).contains(": heartbeat"))
    }

    // MARK: helpers

    private func readUntil(_ needle: String, from connection: WireConnection, seconds: Double = 10) throws -> String {
        var text = ""
        let deadline = Date().addingTimeInterval(seconds)
        while !text.contains(needle) {
            guard Date() < deadline else {
                throw WireError(description: "no \(needle) within \(seconds)s; got: \(text)")
            }
            text += String(decoding: connection.readAvailable(seconds: 1), as: UTF8.self)
        }
        return text
    }

    private func waitFor(_ condition: @escaping () -> Bool) throws {
        let deadline = Date().addingTimeInterval(10)
        while !condition() {
            guard Date() < deadline else { throw WireError(description: "condition not met within 10s") }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }
}

extension Gzip {
    /// The body of `response`, gunzipped when it says so.
    static func decompressIfNeeded(_ response: WireResponse) throws -> [UInt8] {
        response.header("Content-Encoding") == "gzip" ? try decompress(response.body) : response.body
    }
}
