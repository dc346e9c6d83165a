import DevProxy
import HTTPServer
import Testing

/// The proxy's decisions without sockets: which route takes a path, and what the heads become.
@Suite struct ProxyRulesTests {
    @Test func longestPrefixWinsOnSegmentBoundaries() throws {
        let routes = try ProxyRoutes(parsing: [
            "/api=http://127.0.0.1:9000", "/api/v2/=http://localhost:9002", "/=http://[::1]:9003",
        ])
        #expect(routes.route(for: "/api")?.backend == Backend(host: "127.0.0.1", port: 9000))
        #expect(routes.route(for: "/api/users")?.backend.port == 9000)
        #expect(routes.route(for: "/api/v2")?.backend.port == 9002)
        #expect(routes.route(for: "/api/v2/x")?.backend == Backend(host: "localhost", port: 9002))
        #expect(routes.route(for: "/api/v20")?.backend.port == 9000, "a prefix ends at a /")
        #expect(routes.route(for: "/apix")?.backend.port == 9003)
        #expect(routes.route(for: "/index.html")?.backend == Backend(host: "::1", port: 9003))
        let narrow = try ProxyRoutes(parsing: ["/api=http://127.0.0.1:9000"])
        #expect(narrow.route(for: "/apix") == nil)
        #expect(narrow.route(for: "/") == nil)
    }

    @Test func backendAuthority() throws {
        #expect(try ProxyRoute(parsing: "/a=http://example.test").backend.authority == "example.test")
        #expect(try ProxyRoute(parsing: "/a=HTTP://127.0.0.1:8080/").backend.authority == "127.0.0.1:8080")
        #expect(try ProxyRoute(parsing: "/a=http://[::1]:81").backend.authority == "[::1]:81")
    }

    @Test(arguments: [
        ("api=http://127.0.0.1:9000", ProxyRouteError.prefixNotAbsolute("api")),
        ("/api", .notPrefixEqualsURL("/api")),
        ("/api=127.0.0.1:9000", .notHTTPURL("127.0.0.1:9000")),
        ("/api=https://127.0.0.1:9000", .httpsBackend("https://127.0.0.1:9000")),
        ("/api=http://127.0.0.1:9000/v1", .backendHasPath("http://127.0.0.1:9000/v1")),
        ("/api=http://127.0.0.1:99999", .badPort("http://127.0.0.1:99999")),
        ("/api=http://127.0.0.1:", .badPort("http://127.0.0.1:")),
        ("/api=http://", .notHTTPURL("http://")),
        ("/a?b=http://127.0.0.1:1", .prefixNotAPath("/a?b")),
    ])
    func malformedRoutesAreRefused(text: String, expected: ProxyRouteError) {
        #expect(throws: expected) { try ProxyRoute(parsing: text) }
    }

    @Test func duplicatePrefixIsRefused() {
        #expect(throws: ProxyRouteError.duplicatePrefix("/api")) {
            try ProxyRoutes(parsing: ["/api=http://127.0.0.1:1", "/api/=http://127.0.0.1:2"])
        }
    }

    private func forwardedHead(
        _ headers: HTTPHeaders, body: ForwardedBodyFraming = .none, keepHost: Bool = false,
        client: String = "10.0.0.7:5123"
    ) -> (requestLine: String, fields: [(String, String)]) {
        let bytes = ForwardingRules.requestHead(
            method: "POST", path: "/api/items", query: "a=1&b=%20", headers: headers, body: body, clientAddress: client,
            scheme: "http", backend: Backend(host: "127.0.0.1", port: 9000), keepHost: keepHost)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("\r\n\r\n"))
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let fields = lines.dropFirst().map { line -> (String, String) in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), String(line[line.index(colon, offsetBy: 2)...]))
        }
        return (lines[0], fields)
    }

    private func values(_ fields: [(String, String)], _ name: String) -> [String] {
        fields.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }

    @Test func requestHeadDropsHopByHopAndAddsForwardedFields() {
        let headers: HTTPHeaders = [
            "Host": "localhost:8080", "Connection": "keep-alive, X-Private", "X-Private": "secret",
            "Keep-Alive": "timeout=5",
            "TE": "trailers", "Transfer-Encoding": "chunked", "Proxy-Connection": "keep-alive",
            "Proxy-Authorization": "Basic x",
            "Upgrade": "h2c", "Expect": "100-continue", "Content-Length": "12", "Cookie": "a=1; b=2",
            "X-Forwarded-For": "192.0.2.1", "X-Forwarded-Proto": "https", "Accept": "application/json",
        ]
        let (line, fields) = forwardedHead(headers, body: .length(12))
        #expect(line == "POST /api/items?a=1&b=%20 HTTP/1.1")
        for gone in [
            "Keep-Alive", "TE", "Transfer-Encoding", "Proxy-Connection", "Proxy-Authorization", "Upgrade",
            "X-Private", "Expect",
        ] {
            #expect(values(fields, gone).isEmpty, "\(gone) is not forwarded")
        }
        #expect(values(fields, "Connection") == ["close"])
        #expect(values(fields, "Host") == ["127.0.0.1:9000"])
        #expect(values(fields, "X-Forwarded-Host") == ["localhost:8080"])
        #expect(values(fields, "X-Forwarded-For") == ["192.0.2.1, 10.0.0.7"])
        #expect(values(fields, "X-Forwarded-Proto") == ["http"], "the client's own claim is replaced")
        #expect(values(fields, "Content-Length") == ["12"])
        #expect(values(fields, "Cookie") == ["a=1; b=2"], "cookies pass untouched")
        #expect(values(fields, "Accept") == ["application/json"])
    }

    @Test func keepHostAndChunkedAndIPv6Client() {
        let (_, fields) = forwardedHead(
            ["Host": "app.test:8080"], body: .chunked, keepHost: true, client: "[::1]:40000")
        #expect(values(fields, "Host") == ["app.test:8080"])
        #expect(values(fields, "Transfer-Encoding") == ["chunked"])
        #expect(values(fields, "Content-Length").isEmpty)
        #expect(values(fields, "X-Forwarded-For") == ["::1"])
    }

    @Test func upgradeKeepsUpgradeAndConnection() {
        let (_, fields) = forwardedHead([
            "Host": "h", "Connection": "keep-alive, Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Key": "k",
        ])
        #expect(values(fields, "Connection") == ["Upgrade"])
        #expect(values(fields, "Upgrade") == ["websocket"])
        #expect(values(fields, "Sec-WebSocket-Key") == ["k"])
        #expect(ForwardingRules.asksForUpgrade(["Connection": "Upgrade", "Upgrade": "websocket"]))
        #expect(!ForwardingRules.asksForUpgrade(["Upgrade": "websocket"]))
    }

    @Test func responseHeadersKeepEachSetCookieAndDropHopByHop() throws {
        let head = HTTPResponseHead(
            version: .http1_1, status: .ok,
            headers: [
                "Set-Cookie": "a=1; Path=/", "Connection": "close, X-Hop", "X-Hop": "1", "Keep-Alive": "timeout=5",
                "Transfer-Encoding": "chunked", "Upgrade": "h2c", "Content-Type": "text/plain",
            ])
        var withSecond = head
        withSecond.headers.add("set-cookie", "b=2, c; Max-Age=60")
        let kept = ForwardingRules.responseHeaders(withSecond)
        #expect(kept.fields.map(\.name) == ["Set-Cookie", "Content-Type", "set-cookie"])
        #expect(
            kept.fields.filter { $0.name.lowercased() == "set-cookie" }.map(\.value) == [
                "a=1; Path=/", "b=2, c; Max-Age=60",
            ])
        let switching = HTTPResponseHead(
            version: .http1_1, status: HTTPStatus(101, "Switching Protocols"),
            headers: [
                "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Accept": "x",
            ])
        #expect(
            ForwardingRules.responseHeaders(switching).fields.map(\.name).sorted() == [
                "Sec-WebSocket-Accept", "Upgrade",
            ])
    }

    @Test func responseFraming() throws {
        func framing(_ method: String, _ code: Int, _ headers: HTTPHeaders) throws -> BackendBodyFraming {
            try ForwardingRules.bodyFraming(
                requestMethod: method,
                head: HTTPResponseHead(version: .http1_1, status: HTTPStatus(code, ""), headers: headers))
        }
        #expect(try framing("GET", 200, ["Content-Length": "10"]) == .length(10))
        #expect(try framing("GET", 200, ["Content-Length": "10", "content-length": "10"]) == .length(10))
        #expect(try framing("HEAD", 200, ["Content-Length": "10"]) == BackendBodyFraming.none)
        #expect(try framing("GET", 304, ["Content-Length": "10"]) == BackendBodyFraming.none)
        #expect(try framing("GET", 204, [:]) == BackendBodyFraming.none)
        #expect(try framing("GET", 200, ["Transfer-Encoding": "gzip, chunked", "Content-Length": "3"]) == .chunked)
        #expect(try framing("GET", 200, ["Transfer-Encoding": "gzip"]) == .untilClose)
        #expect(try framing("GET", 200, [:]) == .untilClose)
        #expect(throws: HTTPParseError.self) { try framing("GET", 200, ["Content-Length": "1, 2"]) }
        #expect(throws: HTTPParseError.self) { try framing("GET", 200, ["Content-Length": "-1"]) }
    }

    @Test func responseHeadParser() throws {
        let bytes = Array("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 2\r\n\r\nhi".utf8)
        let parsed = try #require(try bytes.withUnsafeBufferPointer { try ResponseHeadParser.parse($0, maxSize: 1024) })
        #expect(parsed.length == bytes.count - 2)
        #expect(parsed.head.status == .ok)
        #expect(parsed.head.headers.fields.filter { $0.name == "Set-Cookie" }.count == 2)
        let partial = Array("HTTP/1.1 200 OK\r\nA: b\r\n".utf8)
        #expect(try partial.withUnsafeBufferPointer { try ResponseHeadParser.parse($0, maxSize: 1024) } == nil)
        let noReason = Array("HTTP/1.0 404\r\n\r\n".utf8)
        let bare = try #require(
            try noReason.withUnsafeBufferPointer { try ResponseHeadParser.parse($0, maxSize: 1024) })
        #expect(bare.head.status.code == 404 && bare.head.version == .http1_0)
        for bad in ["HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n"] {
            #expect(throws: HTTPParseError.self, "\(bad)") {
                try Array(bad.utf8).withUnsafeBufferPointer { try ResponseHeadParser.parse($0, maxSize: 1024) }
            }
        }
    }

    @Test func chunkedDecoderAcrossPieces() throws {
        let wire = Array("4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n".utf8)
        var decoder = ChunkedBodyDecoder()
        var out: [UInt8] = []
        var input: [UInt8] = []
        for byte in wire {  // one byte at a time: every state boundary is crossed mid-piece
            input.append(byte)
            var piece: [UInt8] = []
            let used = try input.withUnsafeBufferPointer { try decoder.decode($0, from: 0, into: &piece) }
            input.removeFirst(used)
            out += piece
        }
        #expect(decoder.isDone)
        #expect(String(decoding: out, as: UTF8.self) == "Wikipedia")
    }
}
