// What a proxy needs from the server: a response body produced elsewhere with back-pressure, a request
// body read as it arrives, and a connection taken over as a byte tunnel after 101.
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Routes:
/// - `/produce?n=`: n bytes (`pattern`) as a `.sizedStream`, 64 KiB at a time while the writer takes them;
///   records how far the producer ran ahead of the client.
/// - `/forever`: a chunked stream written while writable until the client goes; records that it learned.
/// - `POST /upload`: the body read part by part; answers `parts=<n> bytes=<n> sum=<n> max=<n>`.
/// - `/tunnel`: 101, then every byte from the client comes back uppercased; the client's half-close is
///   answered with ours.
final class ProxyLikeHandler: HTTPHandler {
    struct Observed {
        var pauses = 0
        /// Bytes the producer wrote so far.
        var written = 0
        var clientGone = false
        var writeFailedAfterGone = false
    }
    let observed = Mutex(Observed())
    let goneSignal = DispatchSemaphore(value: 0)

    static func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) } }

    func streamsBody(of request: HTTPRequest) -> Bool { request.path == "/upload" }

    func respond(to request: HTTPRequest, reply: HTTPReply) {
        if let now = answer(request, replyLater: reply.send) { reply.send(now) }
    }

    private func answer(_ request: HTTPRequest, replyLater: @escaping @Sendable (HTTPResponse) -> Void) -> HTTPResponse?
    {
        switch request.path {
        case "/produce":
            let count = Int(request.query?.split(separator: "=").last ?? "") ?? 0
            let bytes = Self.pattern(count)
            return HTTPResponse(
                status: .ok,
                body: .sizedStream(count: count) { [self] writer in
                    produce(bytes, from: 0, to: writer)
                })
        case "/forever":
            return HTTPResponse(
                status: .ok,
                body: .stream { [self] writer in
                    writer.onClientGone { [self] in
                        let failed = !writer.write([1])
                        observed.withLock {
                            $0.clientGone = true
                            $0.writeFailedAfterGone = failed
                        }
                        goneSignal.signal()
                    }
                    produceForever(writer)
                })
        case "/cut":  // what a proxy does when its backend breaks mid-body
            return HTTPResponse(
                status: .ok,
                body: .stream { writer in
                    writer.write(Array("half of it".utf8))
                    writer.abort()
                })
        case "/upload":
            guard let stream = request.bodyStream else {
                return HTTPResponse(status: .internalServerError, body: .bytes(Array("no stream".utf8)))
            }
            collect(stream, parts: 0, bytes: 0, sum: 0, largest: 0, replyLater: replyLater)
            return nil
        case "/tunnel":
            return HTTPResponse(
                status: HTTPStatus(101, "Switching Protocols"), headers: ["Upgrade": "shout"],
                body: .tunnel { tunnel in
                    Self.shout(tunnel)
                })
        default:
            return HTTPResponse(status: .notFound)
        }
    }

    private func produce(_ bytes: [UInt8], from offset: Int, to writer: any HTTPStreamWriter) {
        var offset = offset
        while offset < bytes.count {
            guard writer.isWritable else {
                observed.withLock { $0.pauses += 1 }
                writer.whenWritable { [self, offset] in produce(bytes, from: offset, to: writer) }
                return
            }
            let end = min(bytes.count, offset + 64 * 1024)
            guard writer.write(Array(bytes[offset..<end])) else { return }
            offset = end
            observed.withLock { $0.written = end }
        }
        writer.finish()
    }

    private func produceForever(_ writer: any HTTPStreamWriter) {
        while writer.isWritable {
            guard writer.write([UInt8](repeating: 0x61, count: 16 * 1024)) else { return }
        }
        writer.whenWritable { [self] in
            if writer.isWritable { produceForever(writer) }
        }
    }

    private func collect(
        _ stream: any HTTPInboundStream, parts: Int, bytes: Int, sum: Int, largest: Int,
        replyLater: @escaping @Sendable (HTTPResponse) -> Void
    ) {
        stream.next { [self] part in
            switch part {
            case .bytes(let chunk):
                let chunkSum = chunk.reduce(0) { $0 &+ Int($1) }
                collect(
                    stream, parts: parts + 1, bytes: bytes + chunk.count, sum: sum &+ chunkSum,
                    largest: max(largest, chunk.count), replyLater: replyLater)
            case .end:
                let text = "parts=\(parts) bytes=\(bytes) sum=\(sum) max=\(largest)"
                replyLater(HTTPResponse(status: .ok, body: .bytes(Array(text.utf8))))
            case .failed:
                replyLater(HTTPResponse(status: .badRequest, body: .bytes(Array("failed".utf8))))
            }
        }
    }

    private static func shout(_ tunnel: any HTTPTunnel) {
        tunnel.next { part in
            switch part {
            case .bytes(let bytes):
                tunnel.write(Array(String(decoding: bytes, as: UTF8.self).uppercased().utf8))
                shout(tunnel)
            case .end:
                tunnel.write(Array("BYE".utf8))
                tunnel.finish()
            case .failed:
                tunnel.close()
            }
        }
    }
}

@Suite struct ProxySeamTests {
    private func start(
        _ handler: ProxyLikeHandler, _ configure: (inout HTTPServer.Configuration) -> Void = { _ in }
    ) throws -> (HTTPServer, UInt16) {
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0)
        configure(&configuration)
        let server = HTTPServer(configuration: configuration, handler: handler)
        return (server, UInt16(try server.start().port))
    }

    /// A producer faster than its client is paused at the high-water mark and resumed as the client reads;
    /// the body is whole and Content-Length framed, and the connection stays alive after it.
    @Test func aProducerWaitsForAClientThatDoesNotRead() throws {
        let handler = ProxyLikeHandler()
        let (server, port) = try start(handler)
        defer { server.shutdown(grace: .seconds(1)) }
        let count = 16 * 1024 * 1024
        let client = try WireConnection(port: port, timeout: 20, receiveBuffer: 16 * 1024)
        try client.send("GET /produce?n=\(count) HTTP/1.1\r\nHost: t\r\n\r\n")
        // The client reads nothing for a moment: what the producer wrote meanwhile is what the socket
        // buffers took (loopback autotunes them to a few MiB) plus the high-water mark, not the whole body
        // (nor the 8 MiB at which a producer ignoring back-pressure is dropped).
        // Waits (bounded) for the first pause rather than a fixed time: on a loaded machine the producer may
        // not have run at all after half a second.
        let deadline = Date().addingTimeInterval(10)
        while handler.observed.withLock({ $0.pauses }) == 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        Thread.sleep(forTimeInterval: 0.2)  // a producer ignoring back-pressure would run on meanwhile
        let (written, pauses) = handler.observed.withLock { ($0.written, $0.pauses) }
        #expect(pauses > 0, "the producer never waited")
        #expect(written < 7 * 1024 * 1024, "ran \(written) bytes ahead of a client that read nothing")

        let response = try client.readResponse()
        #expect(response.header("Content-Length") == "\(count)")
        #expect(response.body == ProxyLikeHandler.pattern(count))
        #expect(try client.request("/produce?n=10").body == ProxyLikeHandler.pattern(10))
    }

    /// A producer learns that its client went away, and writes fail from then on.
    @Test func aProducerLearnsThatTheClientLeft() throws {
        let handler = ProxyLikeHandler()
        let (server, port) = try start(handler)
        defer { server.shutdown(grace: .seconds(1)) }
        do {
            let client = try WireConnection(port: port, timeout: 5)
            try client.send("GET /forever HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(!client.readAvailable(seconds: 2).isEmpty)
        }  // closed here
        #expect(handler.goneSignal.wait(timeout: .now() + 10) == .success)
        let observed = handler.observed.withLock { $0 }
        #expect(observed.clientGone)
        #expect(observed.writeFailedAfterGone)
    }

    /// An aborted chunked body ends without its last chunk, and the connection closes: the client sees a cut
    /// body, never a complete one (`finish()` would have sent `0\r\n\r\n` and kept the connection).
    @Test func anAbortedStreamIsCutNotCompleted() throws {
        let (server, port) = try start(ProxyLikeHandler())
        defer { server.shutdown(grace: .seconds(1)) }
        let client = try WireConnection(port: port, timeout: 5)
        try client.send("GET /cut HTTP/1.1\r\nHost: t\r\n\r\n")
        let wire = String(decoding: try client.readToEnd(), as: UTF8.self)
        #expect(wire.contains("Transfer-Encoding: chunked"), "\(wire)")
        #expect(wire.contains("half of it"), "\(wire)")
        #expect(!wire.hasSuffix("0\r\n\r\n"), "a last chunk was sent: \(wire)")
    }

    /// A request body (by length and chunked) reaches the handler in parts of at most `HTTPInbound.maxChunk`,
    /// whole and in order; the connection then serves the next request.
    @Test(arguments: [false, true]) func aBodyIsReadAsItArrives(chunked: Bool) throws {
        let handler = ProxyLikeHandler()
        let (server, port) = try start(handler)
        defer { server.shutdown(grace: .seconds(1)) }
        let body = ProxyLikeHandler.pattern(900 * 1024)
        let client = try WireConnection(port: port, timeout: 20)
        if chunked {
            try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            for start in stride(from: 0, to: body.count, by: 100_000) {
                let piece = Array(body[start..<min(body.count, start + 100_000)])
                try client.send(String(piece.count, radix: 16) + "\r\n")
                try client.send(bytes: piece)
                try client.send("\r\n")
            }
            try client.send("0\r\n\r\n")
        } else {
            try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n")
            try client.send(bytes: body)
        }
        let response = try client.readResponse()
        let text = String(decoding: response.body, as: UTF8.self)
        let sum = body.reduce(0) { $0 &+ Int($1) }
        #expect(text.hasPrefix("parts="))
        #expect(text.contains(" bytes=\(body.count) sum=\(sum) "), "\(text)")
        let largest = Int(text.split(separator: "=").last ?? "") ?? .max
        #expect(largest <= HTTPInbound.maxChunk)
        #expect(try client.request("/produce?n=3").body == ProxyLikeHandler.pattern(3))
    }

    /// After 101 the connection is a tunnel both ways: bytes sent right behind the request head come
    /// first, the client's half-close reaches the handler, and the handler's half-close reaches the client.
    @Test func aTunnelCarriesBytesBothWaysAndHalfCloses() throws {
        let handler = ProxyLikeHandler()
        let (server, port) = try start(handler)
        defer { server.shutdown(grace: .seconds(1)) }
        let client = try WireConnection(port: port, timeout: 10)
        try client.send("GET /tunnel HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: shout\r\n\r\nearly ")
        let head = try client.readResponse()
        #expect(head.status == 101)
        #expect(head.header("Connection") == "Upgrade")
        #expect(head.header("Upgrade") == "shout")
        #expect(try client.read(count: 6) == Array("EARLY ".utf8))
        try client.send("hello")
        #expect(try client.read(count: 5) == Array("HELLO".utf8))
        client.shutdownWrite()
        #expect(try client.readToEnd() == Array("BYE".utf8))
    }

    /// The tunnel runs through the connection's transport, so it works under TLS as well.
    @Test func aTunnelGoesThroughTheTransport() throws {
        let handler = ProxyLikeHandler()
        let counter = CloseCounter()
        let (server, port) = try start(handler) { configuration in
            configuration.transport = { socket in ScramblingTransport(socket: socket, counter: counter) }
        }
        defer { server.shutdown(grace: .seconds(1)) }
        let client = try WireConnection(port: port, timeout: 10)
        try client.send(bytes: ScramblingTransport.hello)
        #expect(try client.read(count: ScramblingTransport.ready.count) == ScramblingTransport.ready)
        client.scramble = ScramblingTransport.key
        try client.send("GET /tunnel HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: shout\r\n\r\n")
        #expect(try client.readResponse().status == 101)
        try client.send("secret")
        #expect(try client.read(count: 6) == Array("SECRET".utf8))
        client.shutdownWrite()
        #expect(try client.readToEnd() == Array("BYE".utf8) + ScramblingTransport.goodbye)
    }

    /// An idle tunnel is closed at `tunnelIdleTimeout`.
    @Test func anIdleTunnelIsClosed() throws {
        let handler = ProxyLikeHandler()
        let (server, port) = try start(handler) { $0.tunnelIdleTimeout = .milliseconds(300) }
        defer { server.shutdown(grace: .seconds(1)) }
        let client = try WireConnection(port: port, timeout: 10)
        try client.send("GET /tunnel HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: shout\r\n\r\n")
        #expect(try client.readResponse().status == 101)
        let started = ContinuousClock.now
        #expect(client.isClosedByPeer())
        #expect(ContinuousClock.now - started < .seconds(4))
    }
}
