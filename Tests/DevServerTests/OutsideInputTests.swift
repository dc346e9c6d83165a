import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// issue 18 over real sockets: what a page, a client or a backend sends can neither kill `serve`/`dev`,
/// wedge them, nor reach the developer's terminal raw. Each test names the item it covers; each failed on
/// the main of 2026-12-07 (the process died of SIGILL, or the assertion did).
@Suite(.serialized) struct OutsideInputTests {
    /// A package that does not compile: `dev` serves its waiting page (no wasm build needed).
    static func brokenPackage() throws -> URL {
        let package = try Paths.temporaryDirectory("dev-outside-input")
        try Data("module broken\n\ngo 1.19\n".utf8).write(to: package.appendingPathComponent("go.mod"))
        try Data("package main\n\nfunc main() { undefined() }\n".utf8).write(
            to: package.appendingPathComponent("main.go"))
        return package
    }

    /// One raw request with an explicit Host (WireConnection.request always says 127.0.0.1).
    static func send(
        _ port: UInt16, _ method: String, _ target: String, host: String, headers: [String] = [], body: String = "",
        connectTo address: String = "127.0.0.1"
    ) throws -> WireResponse {
        let connection = try WireConnection(port: port, host: address, timeout: 20)
        var text = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n"
        for header in headers { text += header + "\r\n" }
        if !body.isEmpty { text += "Content-Length: \(body.utf8.count)\r\n" }
        try connection.send(text + "\r\n" + body)
        return try connection.readResponse(isHead: method == "HEAD")
    }

    /// A `diagnose.js` facts object with numbers no honest page sends: a frozen turn of 1e300 ms, js.Func
    /// counts whose difference and sum overflow, and a copy whose kind carries terminal escapes.
    static let hostileFacts = """
        {"goModule":"m","sampleEvery":64,"frozenMs":200,"copyRun":1024,"crossings":0,"imports":{},"sites":{},\
        "funcs":{"1":{"created":9223372036854775807,"finalized":-1,"calledAfterRelease":0,"calls":0},\
        "2":{"created":9223372036854775807,"finalized":0,"calledAfterRelease":1,"calls":0}},\
        "memory":{"initial":0,"peak":0,"growths":[]},\
        "copies":{"c":{"import":"syscall/js.valueIndex","site":"","kind":"\\u001b]0;owned\\u0007\\u001b[2J","runs":1,"elements":5000,"longest":5000}},\
        "turns":{"count":1,"longestMs":1e300,"longestSite":"","longestLastImport":"","frozen":1},"exit":null}
        """

    static func report(_ facts: String) throws -> String {
        let object: [String: Any] = ["page": "/\u{1B}[31mred", "entries": [["kind": "facts", "text": facts]]]
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    static func hasRawEscape(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || (0x80...0x9F).contains($0.value) }
    }

    // MARK: 1 and 5: the report endpoint

    /// Items 1 and 5 (facts): the analyzer converted `1e300` with a trapping `Int(...)` and subtracted and
    /// summed page counts unchecked (SIGILL), and the facts' texts skipped the cleaning other entries get.
    @Test func hostileFactsAreAnalysedAndPrintedEscaped() throws {
        let package = try Self.brokenPackage()
        defer { try? FileManager.default.removeItem(at: package) }
        let server = try ServerProcess(["dev", package.path, "--go", GoToolchain.modern.goBinary.path, "--quiet"])
        defer { server.stop() }
        let authority = "127.0.0.1:\(server.port)"
        let answer = try Self.send(
            server.port, "POST", "/_gowasm/report", host: authority,
            headers: ["Origin: http://\(authority)", "Content-Type: application/json"],
            body: try Self.report(Self.hostileFacts))
        #expect(answer.status == 204)
        let findings = server.stderrLines(prefix: "[browser finding", atLeast: 2, timeout: 10)
        #expect(server.process.isRunning, "dev is alive")
        #expect(
            findings.contains {
                $0.contains("Go ran 9,223,372,036,854,775,807 ms") || $0.contains("Go ran 9223372036854775807 ms")
            }, "\(findings)")
        #expect(
            findings.contains { $0.contains("\\x1b]0;owned\\x07\\x1b[2J") }, "the kind, escaped visibly: \(findings)")
        #expect(!Self.hasRawEscape(server.stderrText), "\(server.stderrText.debugDescription)")
        #expect(try Self.send(server.port, "GET", "/", host: authority).status == 200, "still serving")
    }

    /// Item 7 (first): with `--proxy`, every body streamed, so the report endpoint got none and answered 400.
    @Test func reportsStillArriveUnderDevProxy() throws {
        let package = try Self.brokenPackage()
        defer { try? FileManager.default.removeItem(at: package) }
        let backend = try ProxyBackend()
        defer { backend.stop() }
        let server = try ServerProcess([
            "dev", package.path, "--go", GoToolchain.modern.goBinary.path, "--quiet", "--proxy", "/api=\(backend.url)",
        ])
        defer { server.stop() }
        let authority = "127.0.0.1:\(server.port)"
        let body = #"{"page":"/","entries":[{"kind":"error","text":"from the page"}]}"#
        let answer = try Self.send(
            server.port, "POST", "/_gowasm/report", host: authority, headers: ["Origin: http://\(authority)"],
            body: body)
        #expect(answer.status == 204, "\(String(decoding: answer.body, as: UTF8.self))")
        #expect(server.stderrLines(prefix: "[browser error /]", timeout: 10).first?.hasSuffix("from the page") == true)
        // Over the limit: refused, not buffered (the server's own body limit is lifted under --proxy).
        let huge = #"{"entries":[{"kind":"log","text":""# + String(repeating: "x", count: 70_000) + #""}]}"#
        let refused = try Self.send(
            server.port, "POST", "/_gowasm/report", host: authority, headers: ["Origin: http://\(authority)"],
            body: huge)
        #expect(refused.status == 413)
        #expect(
            try Self.send(server.port, "GET", "/api/echo", host: authority).status == 200, "the proxy still forwards")
    }

    // MARK: 2 and 7: a backend's and a client's framing

    /// Item 2: a HEAD answered with `Content-Length: -1` reached a trapping conversion (SIGILL).
    @Test func aNegativeContentLengthOnHeadDoesNotKillTheProxy() throws {
        let setup = try ProxiedSite()
        defer { setup.stop() }
        let server = setup.server
        let reply = Data("HTTP/1.1 200 OK\r\nContent-Length: -1\r\nContent-Type: text/plain\r\n\r\n".utf8)
            .base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        let answer = try Self.send(server.port, "HEAD", "/api/raw?response=\(reply)", host: "127.0.0.1")
        #expect(answer.status == 200)
        #expect(answer.header("Content-Length") != "-1")
        #expect(server.process.isRunning)
        // The GET of the same reply: an invalid length from the backend is a 502, as before.
        #expect(try Self.send(server.port, "GET", "/api/raw?response=\(reply)", host: "127.0.0.1").status == 502)
        #expect(try Self.send(server.port, "GET", "/", host: "127.0.0.1").status == 200)
    }

    /// Item 7 (second): `Content-Length: 5, 5` (one length, which the parser accepts) reached the backend
    /// as a POST with neither a Content-Length nor its body.
    @Test func aListFormContentLengthIsForwardedWithItsBody() throws {
        let setup = try ProxiedSite()
        defer { setup.stop() }
        let connection = try WireConnection(port: setup.server.port)
        try connection.send(
            "POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5, 5\r\nConnection: close\r\n\r\nhello")
        let answer = try connection.readResponse()
        #expect(answer.status == 200)
        let echo = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])
        #expect(echo["bodyBytes"] as? Int == 5, "\(echo)")
        #expect(echo["contentLength"] as? Int == 5, "\(echo)")
    }

    // MARK: 4: stalled uploads

    /// Item 4: four proxied uploads that never send their bodies held all four slots for good (503 for
    /// everyone after 27 s), each with a thread waiting forever.
    @Test func stalledProxiedUploadsDoNotLockEveryoneOut() throws {
        let setup = try ProxiedSite(["--max-connections", "4", "--idle-timeout", "5"])
        defer { setup.stop() }
        let port = setup.server.port
        var stalled: [WireConnection] = []
        for _ in 0..<4 {
            let connection = try WireConnection(port: port, timeout: 30)
            try connection.send("POST /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n")
            stalled.append(connection)
        }
        // A newcomer is served once a stalled upload was evicted (stalled for a second) or timed out (5 s).
        let started = ContinuousClock.now
        var status = 0
        while status != 200, ContinuousClock.now - started < .seconds(20) {
            status = (try? Self.send(port, "GET", "/", host: "127.0.0.1").status) ?? 0
            if status != 200 { Thread.sleep(forTimeInterval: 0.25) }  // polling another process, not timing it
        }
        #expect(status == 200)
        #expect(ContinuousClock.now - started < .seconds(10), "\(ContinuousClock.now - started)")
        // The stalled uploads end: their connections are closed, not kept.
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, !stalled.allSatisfy({ $0.isClosedByPeer() }) { Thread.sleep(forTimeInterval: 0.1) }
        #expect(stalled.allSatisfy { $0.isClosedByPeer() })
    }

    /// Item 4: the proxy's thread waited for the client's next piece with no timeout; `--proxy-timeout`
    /// promised "between two pieces of a body".
    @Test func anUploadThatStopsEndsAtTheProxyTimeout() throws {
        let setup = try ProxiedSite(["--proxy-timeout", "1", "--idle-timeout", "60"])
        defer { setup.stop() }
        let connection = try WireConnection(port: setup.server.port, timeout: 30)
        let started = ContinuousClock.now
        try connection.send("POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n0123456789")
        let answer = try connection.readResponse()
        #expect(answer.status == 502)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("within 1.0 s"))
        #expect(ContinuousClock.now - started < .seconds(15), "bounded by --proxy-timeout, not --idle-timeout")
    }
}
