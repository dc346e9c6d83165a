import Foundation
import TestSupport
import Testing

/// `dev --tls`: the page, its live-reload script and the reload events all come over HTTPS with the
/// development certificate, and a rebuild after an edit still reaches the page.
@Suite struct DevTLSTests {
    @Test func aRebuildReachesThePageOverTLS() throws {
        let package = try Paths.temporaryDirectory("dev-tls")
        defer { try? FileManager.default.removeItem(at: package) }
        for file in ["go.mod", "main.go"] {
            try FileManager.default.copyItem(
                at: Paths.repository.appendingPathComponent("Examples/hello/\(file)"),
                to: package.appendingPathComponent(file))
        }
        let server = try ServerProcess(
            ["dev", package.path, "--go", Paths.modernGo.path, "--quiet"], transport: .tls)
        defer { server.stop() }
        #expect(server.url.hasPrefix("https://"))

        let page = try server.connect().request("/", headers: ["Connection": "close"])
        #expect(page.status == 200)
        #expect(
            String(decoding: page.body, as: UTF8.self).contains("/_gowasm/live-reload.js"),
            "the dev page carries the reload script")

        let events = try server.connect(timeout: 60)
        try events.send("GET /_gowasm/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        var opened = ""
        let connected = Date().addingTimeInterval(10)
        while !opened.contains(": connected"), Date() < connected {  // head and first event: separate records
            opened += String(decoding: events.readAvailable(seconds: 2), as: UTF8.self)
        }
        #expect(opened.contains("text/event-stream"), "\(opened)")
        #expect(opened.contains(": connected"), "\(opened)")

        let main = package.appendingPathComponent("main.go")
        let source = try String(contentsOf: main, encoding: .utf8)
        try (source + "\n// edited\n").write(to: main, atomically: true, encoding: .utf8)
        var received = ""
        let deadline = Date().addingTimeInterval(120)
        while !received.contains("event: reload"), Date() < deadline {
            received += String(decoding: events.readAvailable(seconds: 5), as: UTF8.self)
        }
        #expect(received.contains("event: reload"), "no reload event over TLS after the edit: \(received)")
    }
}
