// The server over real sockets: framing, persistence, pipelining, bodies, and the handler contract.
import Foundation
import HTTPServer
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) final class HTTPServerTests {
    var server: TestServer!

    init() throws { server = try TestServer() }
    deinit { server.stop() }

    @Test func startReportsTheBoundPortAndServesKeepAliveRequests() throws {
        #expect(server.port > 0)
        let client = try server.client()
        for index in 0..<3 {
            try client.send("GET /echo/\(index)?q=\(index) HTTP/1.1\r\nHost: test\r\nX-Custom: yes\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.version == "HTTP/1.1")
            #expect(response.status == 200)
            #expect(response.header("X-Path") == "/echo/\(index)")
            #expect(response.header("X-Query") == "q=\(index)")
            #expect(response.header("X-Method") == "GET")
            #expect(response.header("X-Header-Count") == "2")
            #expect(response.header("Content-Length") == "0")
            #expect(response.header("Connection") == nil)
            let date = try #require(response.header("Date"))
            #expect(date.hasSuffix(" GMT"), "\(date)")
            #expect(date.count == 29, "IMF-fixdate: \(date)")
        }
    }

    /// Each event loop is a thread of its own (`gowasm-loopN`, blocking in epoll_wait); shutdown ends and
    /// joins them. Counted against what other servers in this process left running, which may only shrink.
    @Test func shutdownEndsTheLoopThreads() throws {
        func loopThreads() -> Int {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
            return tasks.filter { task in
                ((try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? "").hasPrefix(
                    "gowasm-loop")
            }.count
        }
        let before = loopThreads()
        let other = try TestServer()
        let client = try other.client()
        try client.send("GET /echo HTTP/1.1\r\nHost: test\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        let running = loopThreads()
        other.stop()
        // Joined threads leave /proc a moment after they end.
        for _ in 0..<100 where running - loopThreads() < 1 { usleep(10_000) }
        let after = loopThreads()
        #expect(running - after >= 1, "the stopped server's loops are gone once shutdown returns")
        #expect(after <= before)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let client = try server.client()
        var batch = ""
        for index in 0..<50 {
            if index == 25 {
                batch += "POST /echo/post HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
            }
            batch += "GET /echo/\(index) HTTP/1.1\r\nHost: t\r\n\r\n"
        }
        try client.send(batch)
        for index in 0..<50 {
            if index == 25 {
                let post = try client.readResponse()
                #expect(post.header("X-Path") == "/echo/post")
                #expect(post.text == "hello")
            }
            #expect(try client.readResponse().header("X-Path") == "/echo/\(index)")
        }
    }

    @Test func hTTP10ClosesUnlessKeepAliveIsAsked() throws {
        let plain = try server.client()
        try plain.send("GET /echo HTTP/1.0\r\n\r\n")
        let first = try plain.readResponse()
        #expect(first.status == 200)
        #expect(first.header("X-Version") == "HTTP/1.0")
        #expect(first.header("Connection") == "close")
        #expect(plain.isClosedByPeer())

        let persistent = try server.client()
        for _ in 0..<2 {
            try persistent.send("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = try persistent.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Connection") == "keep-alive")
        }
    }

    @Test func connectionCloseEndsTheConnectionAfterTheResponse() throws {
        let client = try server.client()
        try client.send(
            "GET /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\nGET /echo/ignored HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer(), "no second response after Connection: close")
    }

    @Test func expect100ContinueIsAnsweredBeforeTheBody() throws {
        let client = try server.client()
        try client.send("PUT /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n")
        let interim = try client.readHead()
        #expect(interim.status == 100)
        try client.send("hello world")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "hello world")

        let unknown = try server.client()
        try unknown.send("PUT /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: teapot\r\n\r\nabc")
        let refused = try unknown.readResponse()
        #expect(refused.status == 417)
        #expect(refused.header("Connection") == "close")

        let tooBig = try server.client()
        try tooBig.send("PUT /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n")
        #expect(try tooBig.readResponse().status == 413, "a body over the limit is refused without 100")
    }

    @Test func chunkedRequestBodiesAreDecoded() throws {
        let client = try server.client()
        try client.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "hello 0123456789")
        // The connection stays usable after a chunked body.
        try client.send("GET /echo/after HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().header("X-Path") == "/echo/after")
    }

    @Test func badChunkSizesAreRejected() throws {
        let cases: [(String, Int)] = [
            ("zz\r\nhello\r\n0\r\n\r\n", 400),
            ("-5\r\nhello\r\n0\r\n\r\n", 400),
            ("5\r\nhelloXX\r\n0\r\n\r\n", 400),
            ("5 x\r\nhello\r\n0\r\n\r\n", 400),
            ("fffffffffffffffffffff\r\n", 413),
            ("200000\r\n", 413),
        ]
        for (body, expected) in cases {
            let client = try server.client()
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
            let response = try client.readResponse()
            #expect(response.status == expected, "\(body.debugDescription)")
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test func requestSmugglingShapesAreRejected() throws {
        let cases: [(String, Int)] = [
            ("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", 400),
            ("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400),
            ("Content-Length: 5\r\nContent-Length: 6\r\n", 400),
            ("Content-Length: 5, 6\r\n", 400),
            ("Content-Length: +5\r\n", 400),
            ("Content-Length: 0x5\r\n", 400),
            ("Content-Length:\r\n", 400),
            ("Transfer-Encoding: chunked, gzip\r\n", 400),
            ("Transfer-Encoding: gzip, chunked\r\n", 501),
        ]
        for (fields, expected) in cases {
            let client = try server.client()
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\n\(fields)\r\nhello")
            let response = try client.readResponse()
            #expect(response.status == expected, "\(fields.debugDescription)")
            #expect(response.header("Connection") == "close")
        }
        // Repeating the same length is allowed.
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello")
        #expect(try client.readResponse().text == "hello")
        // Transfer-Encoding in HTTP/1.0 cannot be trusted.
        let old = try server.client()
        try old.send("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        #expect(try old.readResponse().status == 400)
    }

    @Test func targetsInEveryForm() throws {
        let client = try server.client()
        try client.send("GET http://example.com:8080/a/b%20c?x=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n")
        var response = try client.readResponse()
        #expect(response.header("X-Path") == "/a/b%20c")
        #expect(response.header("X-Query") == "x=1")
        #expect(response.header("X-Target") == "http://example.com:8080/a/b%20c?x=1")

        try client.send("GET HTTP://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n")
        response = try client.readResponse()
        #expect(response.header("X-Path") == "/")

        try client.send("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n")
        response = try client.readResponse()
        #expect(response.header("X-Path") == "*")
        #expect(response.header("X-Method") == "OPTIONS")

        let star = try server.client()
        try star.send("GET * HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try star.readResponse().status == 400)
        let relative = try server.client()
        try relative.send("GET a/b HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try relative.readResponse().status == 400)
    }

    @Test func hostIsRequiredOnHTTP11Only() throws {
        let missing = try server.client()
        try missing.send("GET / HTTP/1.1\r\n\r\n")
        let refused = try missing.readResponse()
        #expect(refused.status == 400)
        #expect(refused.header("Connection") == "close")

        let twice = try server.client()
        try twice.send("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
        #expect(try twice.readResponse().status == 400)

        let old = try server.client()
        try old.send("GET / HTTP/1.0\r\n\r\n")
        #expect(try old.readResponse().status == 200)
    }

    @Test func headGetsTheLengthButNoBody() throws {
        let client = try server.client()
        try client.send("HEAD /big HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readResponse(isHead: true)
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "\(bigBody.count)")
        try client.send("HEAD /file HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse(isHead: true).header("Content-Length") == "\(server.fileBytes.count)")
        // Had a body been sent, this would read its bytes as the next status line.
        try client.send("GET /echo/next HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().header("X-Path") == "/echo/next")
    }

    @Test func noBodyFor204And304() throws {
        let client = try server.client()
        for code in [204, 304] {
            try client.send("GET /status/\(code) HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == code)
            #expect(response.header("Content-Length") == nil)
        }
        try client.send("GET /echo/after HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().header("X-Path") == "/echo/after")
    }

    @Test func preparedHeadersFollowTheSameRulesAsFreshOnes() throws {
        let client = try server.client()
        for _ in 0..<3 {  // the same prepared set, answered again and again on one connection
            try client.send("GET /prepared HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "prepared")
            #expect(response.header("X-Kept") == "kept")
            #expect(response.header("Content-Type") == "text/plain")
            #expect(response.headers.filter { $0.0.lowercased() == "content-length" }.map(\.1) == ["8"])
            #expect(response.header("Connection") == nil, "the server owns Connection")
            #expect(response.header("X-Injected") == nil, "a value with CR LF is dropped")
            #expect(response.header("Set-Cookie") == nil)
            #expect(response.headers.filter { $0.0.lowercased() == "date" }.count == 1)
            #expect(response.header("Date") != "yesterday")
        }
        // Changing a prepared set drops its wire form: the change is sent.
        var changed = TestHandler.preparedHeaders
        changed["X-Kept"] = "changed"
        let fresh = HTTPServer(
            configuration: .init(port: 0),
            handler: HTTPClosureHandler { [changed] _ in HTTPResponse(status: .ok, headers: changed) })
        let address = try fresh.start()
        defer { fresh.shutdown(grace: .milliseconds(100)) }
        let other = try WireConnection(port: UInt16(address.port), timeout: 5)
        try other.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try other.readResponse().header("X-Kept") == "changed")
    }

    @Test func largeBytesBodyArrivesIntact() throws {
        let client = try server.client()
        try client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\nGET /big HTTP/1.1\r\nHost: t\r\n\r\n")
        for _ in 0..<2 {
            let response = try client.readResponse()
            #expect(response.body.count == bigBody.count)
            #expect(response.body == bigBody)
        }
    }

    @Test func fileBodiesAreByteExact() throws {
        let client = try server.client()
        try client.send("GET /file HTTP/1.1\r\nHost: t\r\n\r\n")
        let whole = try client.readResponse()
        #expect(whole.header("Content-Length") == "\(server.fileBytes.count)")
        #expect(whole.body == server.fileBytes)

        try client.send("GET /file?offset=1000&count=70000 HTTP/1.1\r\nHost: t\r\n\r\n")
        let slice = try client.readResponse()
        #expect(slice.body == Array(server.fileBytes[1000..<71000]))

        try client.send("GET /missing-file HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().status == 500)
        try client.send("GET /file?offset=2097000&count=999999 HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().status == 500, "a range past the end of the file")
    }

    @Test func streamsAreChunkedOn11AndCloseDelimitedOn10() throws {
        let client = try server.client()
        try client.send("GET /stream?n=20&delay=5 HTTP/1.1\r\nHost: t\r\n\r\n")
        let chunked = try client.readResponse()
        #expect(chunked.header("Transfer-Encoding") == "chunked")
        #expect(chunked.header("Content-Length") == nil)
        #expect(chunked.text == (0..<20).map { "chunk-\($0)\n" }.joined())
        try client.send("GET /echo/after HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().header("X-Path") == "/echo/after")

        let old = try server.client()
        try old.send("GET /stream?n=3 HTTP/1.0\r\n\r\n")
        let delimited = try old.readResponse()
        #expect(delimited.header("Connection") == "close")
        #expect(delimited.header("Transfer-Encoding") == nil)
        #expect(delimited.text == "chunk-0\nchunk-1\nchunk-2\n")
    }

    @Test func accessLogRecordsEachResponse() throws {
        let client = try server.client()
        try client.send("GET /file?offset=0&count=100 HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try client.readResponse()
        try client.send("HEAD /big HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try client.readResponse(isHead: true)
        try client.send("GET /status/404 HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try client.readResponse()
        // The log line is written once the last byte is out, which may be just after the client has it.
        var entries: [AccessLogEntry] = []
        for _ in 0..<200 {
            entries = server.log.entries.withLock { $0 }
            if entries.count >= 3 { break }
            usleep(10_000)
        }
        #expect(entries.count == 3)
        guard entries.count == 3 else { return }
        #expect(entries[0].method == "GET")
        #expect(entries[0].path == "/file")
        #expect(entries[0].status == 200)
        #expect(entries[0].bytes == 100)
        #expect(entries[0].encoding == "br")
        #expect(entries[1].method == "HEAD")
        #expect(entries[1].bytes == 0)
        #expect(entries[2].status == 404)
        #expect(entries[2].line.contains("\"GET /status/404\" 404 16 -"), "\(entries[2].line)")
        #expect(entries[0].milliseconds >= 0)
    }

    @Test func iPv6LoopbackAndLocalhost() throws {
        for host in ["::1", "localhost"] {
            let server = HTTPServer(
                configuration: .init(host: host, port: 0),
                handler: HTTPClosureHandler { _ in HTTPResponse(status: .ok, body: .bytes(Array("hi".utf8))) })
            let address = try server.start()
            defer { server.shutdown(grace: .seconds(1)) }
            #expect(address.host == (host == "::1" ? "::1" : "127.0.0.1"))
            let client = try WireConnection(port: UInt16(address.port), host: address.host)
            try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().text == "hi")
        }
        do {
            _ = try HTTPServer(
                configuration: .init(host: "not a host", port: 0), handler: TestHandler(filePath: "", fileSize: 0)
            )
            .start()
            Issue.record("expected an error")
        } catch {
            #expect(error == .invalidHost("not a host"))
        }
        // A taken port is a clear error, not a crash.
        do {
            _ = try HTTPServer(configuration: .init(port: server.port), handler: TestHandler(filePath: "", fileSize: 0))
                .start()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("bind failed"), "\(error)")
        }
    }
}
