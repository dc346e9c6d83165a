// The server over real sockets: framing, persistence, pipelining, bodies, and the handler contract.
import Foundation
import HTTPServer
import XCTest

#if canImport(Glibc)
import Glibc
#endif

final class HTTPServerTests: XCTestCase {
    var server: TestServer!

    override func setUpWithError() throws { server = try TestServer() }
    override func tearDown() { server.stop() }

    func testStartReportsTheBoundPortAndServesKeepAliveRequests() throws {
        XCTAssertGreaterThan(server.port, 0)
        let client = try server.client()
        for index in 0..<3 {
            client.send("GET /echo/\(index)?q=\(index) HTTP/1.1\r\nHost: test\r\nX-Custom: yes\r\n\r\n")
            let response = try client.readResponse()
            XCTAssertEqual(response.version, "HTTP/1.1")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.header("X-Path"), "/echo/\(index)")
            XCTAssertEqual(response.header("X-Query"), "q=\(index)")
            XCTAssertEqual(response.header("X-Method"), "GET")
            XCTAssertEqual(response.header("X-Header-Count"), "2")
            XCTAssertEqual(response.header("Content-Length"), "0")
            XCTAssertNil(response.header("Connection"))
            let date = try XCTUnwrap(response.header("Date"))
            XCTAssertTrue(date.hasSuffix(" GMT"), date)
            XCTAssertEqual(date.count, 29, "IMF-fixdate: \(date)")
        }
    }

    /// Each event loop is a thread of its own (`gowasm-loopN`, blocking in epoll_wait); shutdown ends and
    /// joins them. Counted against what other servers in this process left running, which may only shrink.
    func testShutdownEndsTheLoopThreads() throws {
        func loopThreads() -> Int {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
            return tasks.filter { task in
                ((try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? "").hasPrefix("gowasm-loop")
            }.count
        }
        let before = loopThreads()
        let other = try TestServer()
        let client = try other.client()
        client.send("GET /echo HTTP/1.1\r\nHost: test\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 200)
        let running = loopThreads()
        other.stop()
        // Joined threads leave /proc a moment after they end.
        for _ in 0..<100 where running - loopThreads() < 1 { usleep(10_000) }
        let after = loopThreads()
        XCTAssertGreaterThanOrEqual(running - after, 1, "the stopped server's loops are gone once shutdown returns")
        XCTAssertLessThanOrEqual(after, before)
    }

    func testPipelinedRequestsAreAnsweredInOrder() throws {
        let client = try server.client()
        var batch = ""
        for index in 0..<50 {
            if index == 25 {
                batch += "POST /echo/post HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
            }
            batch += "GET /echo/\(index) HTTP/1.1\r\nHost: t\r\n\r\n"
        }
        client.send(batch)
        for index in 0..<50 {
            if index == 25 {
                let post = try client.readResponse()
                XCTAssertEqual(post.header("X-Path"), "/echo/post")
                XCTAssertEqual(post.text, "hello")
            }
            XCTAssertEqual(try client.readResponse().header("X-Path"), "/echo/\(index)")
        }
    }

    func testHTTP10ClosesUnlessKeepAliveIsAsked() throws {
        let plain = try server.client()
        plain.send("GET /echo HTTP/1.0\r\n\r\n")
        let first = try plain.readResponse()
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first.header("X-Version"), "HTTP/1.0")
        XCTAssertEqual(first.header("Connection"), "close")
        XCTAssertTrue(plain.isClosedByServer())

        let persistent = try server.client()
        for _ in 0..<2 {
            persistent.send("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = try persistent.readResponse()
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.header("Connection"), "keep-alive")
        }
    }

    func testConnectionCloseEndsTheConnectionAfterTheResponse() throws {
        let client = try server.client()
        client.send("GET /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\nGET /echo/ignored HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("Connection"), "close")
        XCTAssertTrue(client.isClosedByServer(), "no second response after Connection: close")
    }

    func testExpect100ContinueIsAnsweredBeforeTheBody() throws {
        let client = try server.client()
        client.send("PUT /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n")
        let interim = try client.readHead()
        XCTAssertEqual(interim.status, 100)
        client.send("hello world")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.text, "hello world")

        let unknown = try server.client()
        unknown.send("PUT /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: teapot\r\n\r\nabc")
        let refused = try unknown.readResponse()
        XCTAssertEqual(refused.status, 417)
        XCTAssertEqual(refused.header("Connection"), "close")

        let tooBig = try server.client()
        tooBig.send("PUT /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n")
        XCTAssertEqual(try tooBig.readResponse().status, 413, "a body over the limit is refused without 100")
    }

    func testChunkedRequestBodiesAreDecoded() throws {
        let client = try server.client()
        client.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.text, "hello 0123456789")
        // The connection stays usable after a chunked body.
        client.send("GET /echo/after HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().header("X-Path"), "/echo/after")
    }

    func testBadChunkSizesAreRejected() throws {
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
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
            let response = try client.readResponse()
            XCTAssertEqual(response.status, expected, body.debugDescription)
            XCTAssertEqual(response.header("Connection"), "close")
            XCTAssertTrue(client.isClosedByServer())
        }
    }

    func testRequestSmugglingShapesAreRejected() throws {
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
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\n\(fields)\r\nhello")
            let response = try client.readResponse()
            XCTAssertEqual(response.status, expected, fields.debugDescription)
            XCTAssertEqual(response.header("Connection"), "close")
        }
        // Repeating the same length is allowed.
        let client = try server.client()
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello")
        XCTAssertEqual(try client.readResponse().text, "hello")
        // Transfer-Encoding in HTTP/1.0 cannot be trusted.
        let old = try server.client()
        old.send("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        XCTAssertEqual(try old.readResponse().status, 400)
    }

    func testTargetsInEveryForm() throws {
        let client = try server.client()
        client.send("GET http://example.com:8080/a/b%20c?x=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n")
        var response = try client.readResponse()
        XCTAssertEqual(response.header("X-Path"), "/a/b%20c")
        XCTAssertEqual(response.header("X-Query"), "x=1")
        XCTAssertEqual(response.header("X-Target"), "http://example.com:8080/a/b%20c?x=1")

        client.send("GET HTTP://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n")
        response = try client.readResponse()
        XCTAssertEqual(response.header("X-Path"), "/")

        client.send("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n")
        response = try client.readResponse()
        XCTAssertEqual(response.header("X-Path"), "*")
        XCTAssertEqual(response.header("X-Method"), "OPTIONS")

        let star = try server.client()
        star.send("GET * HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try star.readResponse().status, 400)
        let relative = try server.client()
        relative.send("GET a/b HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try relative.readResponse().status, 400)
    }

    func testHostIsRequiredOnHTTP11Only() throws {
        let missing = try server.client()
        missing.send("GET / HTTP/1.1\r\n\r\n")
        let refused = try missing.readResponse()
        XCTAssertEqual(refused.status, 400)
        XCTAssertEqual(refused.header("Connection"), "close")

        let twice = try server.client()
        twice.send("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
        XCTAssertEqual(try twice.readResponse().status, 400)

        let old = try server.client()
        old.send("GET / HTTP/1.0\r\n\r\n")
        XCTAssertEqual(try old.readResponse().status, 200)
    }

    func testHeadGetsTheLengthButNoBody() throws {
        let client = try server.client()
        client.send("HEAD /big HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readResponse(head: true)
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("Content-Length"), "\(bigBody.count)")
        client.send("HEAD /file HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse(head: true).header("Content-Length"), "\(server.fileBytes.count)")
        // Had a body been sent, this would read its bytes as the next status line.
        client.send("GET /echo/next HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().header("X-Path"), "/echo/next")
    }

    func testNoBodyFor204And304() throws {
        let client = try server.client()
        for code in [204, 304] {
            client.send("GET /status/\(code) HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            XCTAssertEqual(response.status, code)
            XCTAssertNil(response.header("Content-Length"))
        }
        client.send("GET /echo/after HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().header("X-Path"), "/echo/after")
    }

    func testPreparedHeadersFollowTheSameRulesAsFreshOnes() throws {
        let client = try server.client()
        for _ in 0..<3 {  // the same prepared set, answered again and again on one connection
            client.send("GET /prepared HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.text, "prepared")
            XCTAssertEqual(response.header("X-Kept"), "kept")
            XCTAssertEqual(response.header("Content-Type"), "text/plain")
            XCTAssertEqual(response.headers.filter { $0.0.lowercased() == "content-length" }.map(\.1), ["8"])
            XCTAssertNil(response.header("Connection"), "the server owns Connection")
            XCTAssertNil(response.header("X-Injected"), "a value with CR LF is dropped")
            XCTAssertNil(response.header("Set-Cookie"))
            XCTAssertEqual(response.headers.filter { $0.0.lowercased() == "date" }.count, 1)
            XCTAssertNotEqual(response.header("Date"), "yesterday")
        }
        // Changing a prepared set drops its wire form: the change is sent.
        var changed = TestHandler.preparedHeaders
        changed["X-Kept"] = "changed"
        let fresh = HTTPServer(
            configuration: .init(port: 0),
            handler: HTTPClosureHandler { [changed] _ in HTTPResponse(status: .ok, headers: changed) })
        let address = try fresh.start()
        defer { fresh.shutdown(grace: .milliseconds(100)) }
        let other = try RawClient(port: address.port, timeout: 5)
        other.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try other.readResponse().header("X-Kept"), "changed")
    }

    func testLargeBytesBodyArrivesIntact() throws {
        let client = try server.client()
        client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\nGET /big HTTP/1.1\r\nHost: t\r\n\r\n")
        for _ in 0..<2 {
            let response = try client.readResponse()
            XCTAssertEqual(response.body.count, bigBody.count)
            XCTAssertTrue(response.body == bigBody)
        }
    }

    func testFileBodiesAreByteExact() throws {
        let client = try server.client()
        client.send("GET /file HTTP/1.1\r\nHost: t\r\n\r\n")
        let whole = try client.readResponse()
        XCTAssertEqual(whole.header("Content-Length"), "\(server.fileBytes.count)")
        XCTAssertTrue(whole.body == server.fileBytes)

        client.send("GET /file?offset=1000&count=70000 HTTP/1.1\r\nHost: t\r\n\r\n")
        let slice = try client.readResponse()
        XCTAssertTrue(slice.body == Array(server.fileBytes[1000..<71000]))

        client.send("GET /missing-file HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 500)
        client.send("GET /file?offset=2097000&count=999999 HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 500, "a range past the end of the file")
    }

    func testStreamsAreChunkedOn11AndCloseDelimitedOn10() throws {
        let client = try server.client()
        client.send("GET /stream?n=20&delay=5 HTTP/1.1\r\nHost: t\r\n\r\n")
        let chunked = try client.readResponse()
        XCTAssertEqual(chunked.header("Transfer-Encoding"), "chunked")
        XCTAssertNil(chunked.header("Content-Length"))
        XCTAssertEqual(chunked.text, (0..<20).map { "chunk-\($0)\n" }.joined())
        client.send("GET /echo/after HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().header("X-Path"), "/echo/after")

        let old = try server.client()
        old.send("GET /stream?n=3 HTTP/1.0\r\n\r\n")
        let delimited = try old.readResponse()
        XCTAssertEqual(delimited.header("Connection"), "close")
        XCTAssertNil(delimited.header("Transfer-Encoding"))
        XCTAssertEqual(delimited.text, "chunk-0\nchunk-1\nchunk-2\n")
    }

    func testAccessLogRecordsEachResponse() throws {
        let client = try server.client()
        client.send("GET /file?offset=0&count=100 HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try client.readResponse()
        client.send("HEAD /big HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try client.readResponse(head: true)
        client.send("GET /status/404 HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try client.readResponse()
        // The log line is written once the last byte is out, which may be just after the client has it.
        var entries: [AccessLogEntry] = []
        for _ in 0..<200 {
            entries = server.log.entries.withLock { $0 }
            if entries.count >= 3 { break }
            usleep(10_000)
        }
        XCTAssertEqual(entries.count, 3)
        guard entries.count == 3 else { return }
        XCTAssertEqual(entries[0].method, "GET")
        XCTAssertEqual(entries[0].path, "/file")
        XCTAssertEqual(entries[0].status, 200)
        XCTAssertEqual(entries[0].bytes, 100)
        XCTAssertEqual(entries[0].encoding, "br")
        XCTAssertEqual(entries[1].method, "HEAD")
        XCTAssertEqual(entries[1].bytes, 0)
        XCTAssertEqual(entries[2].status, 404)
        XCTAssertTrue(entries[2].line.contains("\"GET /status/404\" 404 16 -"), entries[2].line)
        XCTAssertGreaterThanOrEqual(entries[0].milliseconds, 0)
    }

    func testIPv6LoopbackAndLocalhost() throws {
        for host in ["::1", "localhost"] {
            let server = HTTPServer(
                configuration: .init(host: host, port: 0),
                handler: HTTPClosureHandler { _ in HTTPResponse(status: .ok, body: .bytes(Array("hi".utf8))) })
            let address = try server.start()
            defer { server.shutdown(grace: .seconds(1)) }
            XCTAssertEqual(address.host, host == "::1" ? "::1" : "127.0.0.1")
            let client = try RawClient(port: address.port, host: address.host)
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            XCTAssertEqual(try client.readResponse().text, "hi")
        }
        XCTAssertThrowsError(
            try HTTPServer(configuration: .init(host: "not a host", port: 0), handler: TestHandler(filePath: "", fileSize: 0))
                .start()
        ) { error in
            XCTAssertEqual(error as? HTTPServerError, .invalidHost("not a host"))
        }
        // A taken port is a clear error, not a crash.
        XCTAssertThrowsError(
            try HTTPServer(configuration: .init(port: server.port), handler: TestHandler(filePath: "", fileSize: 0))
                .start()
        ) { error in
            XCTAssertTrue("\(error)".contains("bind failed"), "\(error)")
        }
    }
}
