// Bad input, limits, timeouts, the connection cap, slow peers, shutdown, and a fuzzer.
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) final class RobustnessTests {
    /// Sends `raw` on a fresh connection and expects `status` with `Connection: close`, then a close.
    private func expectRejection(
        _ raw: [UInt8], _ status: Int, on server: TestServer, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let client = try server.client()
        try client.send(raw)
        let response = try client.readResponse()
        #expect(response.status == status, "\(String(decoding: raw.prefix(80), as: UTF8.self).debugDescription)")
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer(), "connection closed after \(status)")
    }

    private func expectStillServing(_ server: TestServer, file: StaticString = #filePath, line: UInt = #line) throws {
        let client = try server.client()
        try client.send("GET /echo/alive HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().header("X-Path") == "/echo/alive")
    }

    @Test func malformedRequestsGet4xxAndAClosedConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let cases: [(String, Int)] = [
            ("\u{01}\u{02}garbage\u{7F}\r\n\r\n", 400),
            ("G@T / HTTP/1.1\r\nHost: t\r\n\r\n", 400),
            ("GET  / HTTP/1.1\r\nHost: t\r\n\r\n", 400),
            ("GET / HTTP/1.1 \r\nHost: t\r\n\r\n", 400),
            ("GET /\r\nHost: t\r\n\r\n", 400),
            ("GET / HTTP/1.1x\r\nHost: t\r\n\r\n", 400),
            ("GET / FOO/1.1\r\nHost: t\r\n\r\n", 400),
            ("GET / http/1.1\r\nHost: t\r\n\r\n", 400),
            ("GET / HTTP/11\r\nHost: t\r\n\r\n", 400),
            ("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505),
            ("GET / HTTP/3.0\r\nHost: t\r\n\r\n", 505),
            ("GET / HTTP/0.9\r\nHost: t\r\n\r\n", 505),
            ("GET / HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n  folded\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: t\r\nX-A: a\u{0}b\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: t\r\nX-A: a\rb\r\n\r\n", 400),
            ("GET / HTTP/1.1\rHost: t\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: t\r\nX-A : b\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: t\r\nX(A): b\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: t\r\n: b\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: t\r\nNoColon\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: t\r\nX-A: \u{01}\r\n\r\n", 400),
            ("GET /a\u{7F}b HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        ]
        for (raw, status) in cases { try expectRejection(Array(raw.utf8), status, on: server) }
        try expectRejection(
            [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03, 0x0D, 0x0A, 0x0D, 0x0A], 400, on: server)
        try expectRejection(Array("GET /\u{e9} HTTP/1.1\r\nHost: t\r\n\r\n".utf8), 400, on: server)
        try expectStillServing(server)
        // obs-text in a value is allowed (RFC 9110 §5.5) and leading empty lines are skipped.
        let client = try server.client()
        try client.send(
            [0x0D, 0x0A] + Array("GET /echo HTTP/1.1\r\nHost: t\r\nX-A: caf".utf8) + [0xC3, 0xA9]
                + Array("\r\n\r\n".utf8))
        #expect(try client.readResponse().status == 200)
        // A bare LF line ending is tolerated (RFC 9112 §2.2).
        try client.send("GET /echo/lf HTTP/1.1\nHost: t\n\n")
        #expect(try client.readResponse().header("X-Path") == "/echo/lf")
    }

    @Test func defaultLimits() throws {
        let server = try TestServer()
        defer { server.stop() }
        let configuration = server.server.configuration
        #expect(configuration.maxRequestLineLength == 8 * 1024)
        #expect(configuration.maxHeaderBlockSize == 64 * 1024)
        #expect(configuration.maxHeaderCount == 100)
        #expect(configuration.maxBodySize == 1024 * 1024)
        #expect(configuration.headerReadTimeout == .seconds(10))
        #expect(configuration.idleTimeout == .seconds(30))
        #expect(configuration.maxConnections == 4096)

        // Right at each limit: served.
        let atLimit = "/" + String(repeating: "a", count: 8 * 1024 - "GET / HTTP/1.1".count)
        let client = try server.client()
        try client.send("GET \(atLimit) HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        let hundred = (0..<99).map { "X-\($0): v\r\n" }.joined()
        try client.send("GET /echo HTTP/1.1\r\nHost: t\r\n\(hundred)\r\n")
        #expect(try client.readResponse().header("X-Header-Count") == "100")
        let body = [UInt8](repeating: 0x61, count: 1024 * 1024)
        try client.send(Array("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
        #expect(try client.readResponse().body.count == body.count)

        // One past each limit: refused with the right status.
        try expectRejection(Array("GET \(atLimit)a HTTP/1.1\r\nHost: t\r\n\r\n".utf8), 414, on: server)
        try expectRejection(Array("GET /\(String(repeating: "a", count: 20000)) HTTP/1.1\r\n".utf8), 414, on: server)
        try expectRejection(Array("GET /echo HTTP/1.1\r\nHost: t\r\n\(hundred)X-Last: v\r\n\r\n".utf8), 431, on: server)
        let bigField = "X-Big: " + String(repeating: "b", count: 64 * 1024) + "\r\n"
        try expectRejection(Array("GET /echo HTTP/1.1\r\nHost: t\r\n\(bigField)\r\n".utf8), 431, on: server)
        try expectRejection(Array("GET /echo HTTP/1.1\r\nHost: t\r\n\(bigField)".utf8), 431, on: server)
        try expectRejection(
            Array("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count + 1)\r\n\r\n".utf8), 413, on: server)
        let chunk = String(body.count / 2, radix: 16)
        try expectRejection(
            Array("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n\(chunk)\r\n".utf8)
                + body[0..<(body.count / 2)] + Array("\r\n\(chunk)\r\n".utf8) + body[0..<(body.count / 2)]
                + Array("\r\n1\r\na\r\n0\r\n\r\n".utf8), 413, on: server)
        try expectStillServing(server)
    }

    @Test func configuredLimitsAreEnforced() throws {
        let server = try TestServer {
            $0.maxRequestLineLength = 64
            $0.maxHeaderBlockSize = 256
            $0.maxHeaderCount = 3
            $0.maxBodySize = 10
        }
        defer { server.stop() }
        try expectRejection(
            Array("GET /\(String(repeating: "x", count: 60)) HTTP/1.1\r\nHost: t\r\n\r\n".utf8), 414, on: server)
        try expectRejection(Array("GET / HTTP/1.1\r\nHost: t\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n".utf8), 431, on: server)
        try expectRejection(
            Array("GET / HTTP/1.1\r\nHost: t\r\nA: \(String(repeating: "y", count: 300))\r\n\r\n".utf8), 431, on: server
        )
        try expectRejection(Array("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n".utf8), 413, on: server)
        try expectRejection(
            Array(
                "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nabcdef\r\n0\r\n\r\n"
                    .utf8),
            413, on: server)
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789")
        #expect(try client.readResponse().text == "0123456789")
    }

    @Test func headerReadTimeoutAnswers408AndIdleTimeoutCloses() throws {
        let server = try TestServer {
            $0.headerReadTimeout = .milliseconds(400)
            $0.idleTimeout = .milliseconds(700)
        }
        defer { server.stop() }

        // A head that never completes: 408, then closed.
        let partial = try server.client()
        let started = Date()
        try partial.send("GET /echo HTTP/1.1\r\nHost: t\r\n")
        let timedOut = try partial.readResponse()
        #expect(timedOut.status == 408)
        #expect(timedOut.header("Connection") == "close")
        let waited = Date().timeIntervalSince(started)
        #expect(waited > 0.3)
        #expect(waited < 2.5)

        // A connection that never sends anything is dropped after the header timeout.
        let silent = try server.client()
        let silentStart = Date()
        #expect(silent.isClosedByPeer())
        #expect(Date().timeIntervalSince(silentStart) < 2.5)

        // After a response, an idle keep-alive connection lasts the idle timeout, not the header one.
        let idle = try server.client()
        try idle.send("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        usleep(500_000)
        try idle.send("GET /echo/still HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().header("X-Path") == "/echo/still", "alive past the header timeout")
        let idleStart = Date()
        #expect(idle.isClosedByPeer())
        let idleWait = Date().timeIntervalSince(idleStart)
        #expect(idleWait > 0.5)
        #expect(idleWait < 3)

        // A body that stalls is cut off too.
        let stalledBody = try server.client()
        try stalledBody.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
        #expect(try stalledBody.readResponse().status == 408)
    }

    @Test func liveStreamOutlivesTheIdleTimeout() throws {
        let server = try TestServer { $0.idleTimeout = .milliseconds(300) }
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /stream?n=12&delay=100 HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.text == (0..<12).map { "chunk-\($0)\n" }.joined(), "1.2 s of stream, 0.3 s idle timeout")
    }

    @Test func slowClientsDoNotBlockOthers() throws {
        let server = try TestServer()
        defer { server.stop() }
        // One peer dribbles a head byte by byte, another never reads a 3 MiB response.
        let dribbler = try server.client()
        try dribbler.send("GET /echo/slow HTTP/1.1\r\nHo")
        let stalledReader = try server.client()
        try stalledReader.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\nGET /big HTTP/1.1\r\nHost: t\r\n\r\n")

        let started = Date()
        for index in 0..<50 {
            let client = try server.client()
            try client.send("GET /echo/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().header("X-Path") == "/echo/\(index)")
        }
        #expect(Date().timeIntervalSince(started) < 3, "others are served while two peers stall")
        try dribbler.send("st: t\r\n\r\n")
        #expect(try dribbler.readResponse().header("X-Path") == "/echo/slow")
        #expect(try stalledReader.readResponse().body == bigBody)
    }

    @Test func gracefulShutdownFinishesInFlightResponses() throws {
        let server = try TestServer()
        let downloader = try server.client(timeout: 10)
        // 24 MiB: far more than loopback socket buffers hold, so the response is still being written.
        try downloader.send("GET /big?times=8 HTTP/1.1\r\nHost: t\r\n\r\n")
        let idle = try server.client()
        try idle.send("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        let streaming = try server.client()
        try streaming.send("GET /sse HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try streaming.readHead().status == 200)
        usleep(200_000)  // the download is now in flight, blocked on our unread socket

        let finished = DispatchSemaphore(value: 0)
        let started = Date()
        Thread {  // not a Dispatch worker: the server's queues need those
            server.server.shutdown(grace: .seconds(5))
            finished.signal()
        }.start()
        usleep(300_000)
        #expect(idle.isClosedByPeer(), "an idle connection is closed at once")
        #expect(streaming.isClosedByPeer(), "streams end on shutdown")
        #expect(finished.wait(timeout: .now()) == .timedOut, "shutdown waits for the in-flight download")
        let response = try downloader.readResponse()
        #expect(response.header("Connection") == nil, "the head left before shutdown began")
        #expect(response.body.count == bigBody.count * 8)
        for copy in 0..<8 {
            let range = (copy * bigBody.count)..<((copy + 1) * bigBody.count)
            #expect(response.body.count == bigBody.count * 8 && bytesEqual(response.body[range], bigBody[...]))
        }
        #expect(downloader.isClosedByPeer())
        #expect(finished.wait(timeout: .now() + 5) == .success)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(throws: (any Error).self, "no longer accepting") { _ = try server.client() }
        server.stop()
    }

    @Test func sIGTERMStopsAcceptingAndFinishesTheInFlightResponse() throws {
        let server = try TestServer()
        defer { server.stop() }
        let downloader = try server.client(timeout: 10)
        try downloader.send("GET /big?times=8 HTTP/1.1\r\nHost: t\r\n\r\n")
        usleep(200_000)

        let signals = TerminationSignals()  // caught from here on; the first kill may land before the wait
        let returned = DispatchSemaphore(value: 0)
        let received = Atomic<Int32>(0)
        Thread {
            received.store(server.server.runUntilTerminated(by: signals, grace: .seconds(5)), ordering: .relaxed)
            returned.signal()
        }.start()
        var refused = false
        for _ in 0..<50 where !refused {
            kill(getpid(), SIGTERM)
            usleep(100_000)
            refused = (try? server.client()) == nil
        }
        #expect(refused, "SIGTERM stopped the listener")
        let response = try downloader.readResponse()
        #expect(response.body.count == bigBody.count * 8, "the in-flight response completed")
        #expect(returned.wait(timeout: .now() + 5) == .success)
        #expect(received.load(ordering: .relaxed) == SIGTERM)
    }

    @Test func shutdownGraceBoundsAStuckResponse() throws {
        let server = try TestServer()
        let stuck = try server.client()
        try stuck.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")  // never read
        usleep(100_000)
        let started = Date()
        server.server.shutdown(grace: .milliseconds(300))
        let took = Date().timeIntervalSince(started)
        #expect(took < 2)
        #expect(server.server.openConnectionCount == 0)
        server.stop()
    }

    /// ≥ 10,000 random and mutated requests: each is answered or closed within a bound, and the server
    /// still answers a valid request afterwards.
    @Test func fuzzedRequestsNeverHangOrBreakTheServer() throws {
        let server = try TestServer {
            $0.headerReadTimeout = .seconds(2)
            $0.maxBodySize = 4096
        }
        defer { server.stop() }
        let seeds: [[UInt8]] = [
            "GET /echo?a=1 HTTP/1.1\r\nHost: t\r\nAccept: */*\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello",
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            "PUT /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
            "OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET http://h/x HTTP/1.1\r\nHost: h\r\n\r\nGET /y HTTP/1.1\r\nHost: h\r\n\r\n",
        ].map { Array($0.utf8) }
        let total = 10_000
        let workers = 4
        let failures = FuzzFailures()
        // Blocking clients run on their own threads so they never starve the server's Dispatch workers.
        let done = DispatchGroup()
        for worker in 0..<workers {
            done.enter()
            Thread {
                defer { done.leave() }
                var random = SeededGenerator(seed: 0xF022 &+ UInt64(worker))
                for iteration in 0..<(total / workers) {
                    let request = Self.mutate(seeds[iteration % seeds.count], iteration: iteration, using: &random)
                    do {
                        let client = try server.client(timeout: 5)
                        try client.send(request)
                        client.shutdownWrite()
                        let started = Date()
                        let bytes = try client.readToEnd()
                        if Date().timeIntervalSince(started) > 4 {
                            failures.add("slow answer to \(request.prefix(60))")
                        }
                        if iteration % 8 == 7 {
                            // Unmutated: a valid request must get a complete 200, never an empty reply.
                            if let problem = FuzzCheck.completeOK(bytes) {
                                failures.add("valid request \(iteration): \(problem)")
                            }
                        } else if !bytes.isEmpty, !bytes.starts(with: Array("HTTP/1.1 ".utf8)) {
                            failures.add("not a status line: \(String(decoding: bytes.prefix(40), as: UTF8.self))")
                        }
                    } catch {
                        failures.add(
                            "\(error) for \(String(decoding: request.prefix(60), as: UTF8.self).debugDescription)")
                    }
                }
            }.start()
        }
        done.wait()
        let problems = failures.list
        #expect(problems.isEmpty, "\(problems.count) failures, e.g. \(problems.prefix(5))")
        try expectStillServing(server)
        for _ in 0..<200 where server.server.openConnectionCount > 0 { usleep(10_000) }
        #expect(server.server.openConnectionCount == 0, "every fuzzed connection was closed")
    }

    static func mutate(_ seed: [UInt8], iteration: Int, using random: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        switch iteration % 8 {
        case 0:  // pure random bytes
            return (0..<Int.random(in: 1...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        case 1:  // flipped bytes
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            }
        case 2:  // truncated
            bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
        case 3:  // CR, LF, NUL, 0x80 inserted
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let special: [UInt8] = [0x0D, 0x0A, 0x00, 0x80, 0x20, 0x09, 0x3A]
                bytes.insert(
                    special.randomElement(using: &random)!, at: Int.random(in: 0...bytes.count, using: &random))
            }
        case 4:  // a huge token somewhere
            let token = [UInt8](repeating: UInt8(ascii: "A"), count: Int.random(in: 1_000...80_000, using: &random))
            bytes.insert(contentsOf: token, at: Int.random(in: 0...bytes.count, using: &random))
        case 5:  // random bytes overwritten
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
        case 6:  // duplicated slice (smuggling-like repeats of headers or bodies)
            let start = Int.random(in: 0..<bytes.count, using: &random)
            let end = Int.random(in: start...bytes.count, using: &random)
            bytes.insert(contentsOf: bytes[start..<end], at: Int.random(in: 0...bytes.count, using: &random))
        default:  // valid: the server must answer it
            break
        }
        return bytes
    }
}

final class FuzzFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var problems: [String] = []
    func add(_ problem: String) {
        lock.lock()
        problems.append(problem)
        lock.unlock()
    }
    var list: [String] {
        lock.lock()
        defer { lock.unlock() }
        return problems
    }
}

/// Checks on raw response bytes for the fuzzers.
enum FuzzCheck {
    /// nil when `bytes` starts with a complete `200` response (head, then exactly its Content-Length or a
    /// complete chunked body); else what is wrong.
    static func completeOK(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return "empty reply" }
        let interim = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
        if bytes.starts(with: interim) { return completeOK(Array(bytes.dropFirst(interim.count))) }
        guard let headEnd = find([13, 10, 13, 10], in: bytes) else { return "no complete head" }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        guard head.hasPrefix("HTTP/1.1 200 ") else { return "status line \(head.prefix(40).debugDescription)" }
        let body = bytes[(headEnd + 4)...]
        let fields = head.lowercased().split(separator: "\r\n")
        if let length = fields.first(where: { $0.hasPrefix("content-length:") })
            .flatMap({ Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) })
        {
            return body.count >= length ? nil : "body \(body.count) of \(length) bytes"
        }
        if fields.contains("transfer-encoding: chunked") {
            return find(Array("0\r\n\r\n".utf8), in: Array(body)) != nil ? nil : "chunked body without its last chunk"
        }
        return "no framing"
    }

    static func find(_ needle: [UInt8], in haystack: some Collection<UInt8>) -> Int? {
        let bytes = Array(haystack)
        guard bytes.count >= needle.count else { return nil }
        for index in 0...(bytes.count - needle.count) where bytes[index..<(index + needle.count)].elementsEqual(needle)
        {
            return index
        }
        return nil
    }
}
