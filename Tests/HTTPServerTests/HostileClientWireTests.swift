// What a hostile or broken client can and cannot do: framing it may not bend, waits it may not stretch,
// slots it may not keep from others. Deadline rules run on a manual clock; the wire tests check that the
// server applies them.
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The same rules applied by the server, over the wire, with short periods.
@Suite(.serialized) struct HostileClientWireTests {
    @Test func aTrickledBodyGets408AfterTheGracePeriod() throws {
        let server = try TestServer {
            $0.idleTimeout = .seconds(30)
            $0.rateGrace = .milliseconds(500)
            $0.minimumBodyRate = 1000
        }
        defer { server.stop() }
        let client = try WireConnection(port: UInt16(server.port), timeout: 10)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n")
        let started = Date()
        // One byte every 100 ms from another thread: never idle for long, but ~10 B/s.
        let stop = Atomic<Bool>(false)
        let trickler = Thread {
            while !stop.load(ordering: .relaxed), (try? client.send("x")) != nil { usleep(100_000) }
        }
        trickler.start()
        defer { stop.store(true, ordering: .relaxed) }
        let response = try client.readResponse()
        stop.store(true, ordering: .relaxed)
        #expect(response.status == 408)
        #expect(Date().timeIntervalSince(started) < 4, "cut off near 0.5 s + the sweep, not at the 30 s idle timeout")
    }

    @Test func aClientThatStopsReadingIsCutOff() throws {
        let server = try TestServer {
            $0.idleTimeout = .seconds(30)
            $0.rateGrace = .milliseconds(300)
            $0.minimumSendRate = 4 << 20  // 4 MiB/s after 0.3 s
        }
        defer { server.stop() }
        let client = try WireConnection(port: UInt16(server.port), timeout: 30, receiveBuffer: 4096)
        // `Connection: close`: a response that was not cut off ends at its last byte, and fails the count below
        // instead of waiting out the keep-alive.
        try client.send("GET /big?times=4 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")  // 12 MiB
        let started = Date()
        // Never read while the server writes: at 4 MiB/s, what the socket buffers took (a few MiB at most) is
        // worth about a second after the 0.3 s grace. 5 s leaves room for a loaded machine.
        usleep(5_000_000)
        let received = try client.readToEnd()
        #expect(received.starts(with: Array("HTTP/1.1 200".utf8)), "the response had begun")
        #expect(received.count < 4 * bigBody.count, "the response was cut off, not completed")
        #expect(Date().timeIntervalSince(started) < 20, "closed by the send-rate rule, not the 30 s idle timeout")
    }

    @Test func atTheCapIdleConnectionsMakeRoomForNewcomers() throws {
        let server = try TestServer { $0.maxConnections = 3 }
        defer { server.stop() }
        var held: [WireConnection] = []
        for _ in 0..<3 {
            let client = try WireConnection(port: UInt16(server.port), timeout: 5)
            #expect(try client.request("/echo").status == 200)
            held.append(client)
        }
        // Each newcomer is served; an idle keep-alive connection is closed for it.
        for index in 0..<6 {
            let newcomer = try WireConnection(port: UInt16(server.port), timeout: 5)
            let response = try newcomer.request("/echo/new\(index)")
            #expect(response.status == 200)
            #expect(response.header("X-Path") == "/echo/new\(index)")
            held.append(newcomer)
        }
        #expect(server.server.openConnectionCount <= 4)
        #expect(held.prefix(3).allSatisfy { $0.isClosedByPeer() }, "the oldest idle connections were closed")
    }

    @Test func atTheCapWithEveryConnectionBusyNewcomersGetA503() throws {
        let server = try TestServer { $0.maxConnections = 2 }
        defer { server.stop() }
        var streams: [WireConnection] = []
        for _ in 0..<2 {
            let stream = try WireConnection(port: UInt16(server.port), timeout: 5)
            try stream.send("GET /sse HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(!stream.readAvailable(seconds: 1).isEmpty, "the stream is live")
            streams.append(stream)
        }
        for _ in 0..<3 {
            let refused = try WireConnection(port: UInt16(server.port), timeout: 5)
            let text = String(decoding: try refused.readToEnd(), as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 503 "), "a full 503, not an empty reply: \(text.debugDescription)")
            #expect(text.contains("Retry-After: 1"))
        }
        streams.removeAll()  // the streams end: slots free again
        var served = false
        for _ in 0..<50 where !served {
            usleep(20_000)
            let client = try WireConnection(port: UInt16(server.port), timeout: 5)
            served = (try? client.request("/echo/again").header("X-Path")) == "/echo/again"
        }
        #expect(served)
    }
}
