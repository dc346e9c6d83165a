// The transport seam (`StreamTransport`) with a stand-in for TLS: a handshake the client must complete,
// then every byte XORed both ways. A byte that bypassed the transport (a sendfile on the raw socket, a
// header written straight to the descriptor) arrives unscrambled and breaks the response.
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The client sends `hello`, the transport answers `ready`, then bytes are XORed with `key`. Its close
/// sends `goodbye` (scrambled), as TLS sends close_notify.
final class ScramblingTransport: StreamTransport {
    static let hello = Array("HELLO\n".utf8)
    static let ready = Array("READY\n".utf8)
    static let goodbye = Array("<<goodbye>>".utf8)
    static let key: UInt8 = 0x5A

    private let socket: Int32
    private var heard: [UInt8] = []
    private var readySent = 0
    private let counter: CloseCounter

    init(socket: Int32, counter: CloseCounter) {
        self.socket = socket
        self.counter = counter
    }

    func handshake() -> TransportProgress {
        while heard.count < Self.hello.count {
            var byte: UInt8 = 0
            let count = recv(socket, &byte, 1, 0)
            if count == 0 { return .failed }
            if count < 0 { return errno == EAGAIN ? .wouldBlock(.read) : .failed }
            guard byte == Self.hello[heard.count] else { return .failed }
            heard.append(byte)
        }
        while readySent < Self.ready.count {
            let count = Self.ready[readySent...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count < 0 { return errno == EAGAIN ? .wouldBlock(.write) : .failed }
            readySent += count
        }
        return .done
    }

    func receive(into buffer: UnsafeMutableRawBufferPointer) -> TransportRead {
        let count = recv(socket, buffer.baseAddress, buffer.count, 0)
        if count == 0 { return .endOfStream }
        if count < 0 { return errno == EAGAIN ? .wouldBlock(.read) : .failed }
        for index in 0..<count { buffer[index] ^= Self.key }
        return .received(count)
    }

    func send(_ buffer: UnsafeRawBufferPointer) -> TransportWrite {
        let scrambled = buffer.map { $0 ^ Self.key }
        let count = scrambled.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if count < 0 { return errno == EAGAIN ? .wouldBlock(.write) : .failed }
        return .sent(count)
    }

    var hasBufferedInput: Bool { false }

    func closeOutput() -> TransportProgress {
        counter.closes.add(1, ordering: .relaxed)
        let bytes = Self.goodbye.map { $0 ^ Self.key }
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return .done
    }
}

/// How often transports ended their output (close_notify), over all connections of a test.
final class CloseCounter: Sendable { let closes = Atomic<Int>(0) }

@Suite struct TransportSeamTests {
    typealias Counter = CloseCounter

    private func scramblingServer(_ counter: Counter, _ configure: (inout HTTPServer.Configuration) -> Void = { _ in })
        throws -> TestServer
    {
        try TestServer { configuration in
            configuration.transport = { socket in ScramblingTransport(socket: socket, counter: counter) }
            configure(&configuration)
        }
    }

    private func handshake(_ client: WireConnection) throws {
        try client.send(bytes: ScramblingTransport.hello)
        #expect(try client.read(count: ScramblingTransport.ready.count) == ScramblingTransport.ready)
        client.scramble = ScramblingTransport.key
    }

    /// Buffers, a request body and a file (which cannot go by sendfile) all pass through the transport, on
    /// one kept-alive connection.
    @Test func everyByteGoesThroughTheTransport() throws {
        let counter = Counter()
        let server = try scramblingServer(counter)
        defer { server.stop() }
        let client = try WireConnection(port: UInt16(server.port), timeout: 10)
        try handshake(client)

        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello")
        let echoed = try client.readResponse()
        #expect(echoed.status == 200)
        #expect(echoed.body == Array("hello".utf8))
        let file = try client.request("/file")
        #expect(file.status == 200)
        #expect(file.body == server.fileBytes)
        let big = try client.request("/big")
        #expect(big.body == bigBody)
    }

    /// Our side's close goes through the transport first (TLS: close_notify), then the socket closes.
    @Test func closingSendsTheTransportsGoodbye() throws {
        let counter = Counter()
        let server = try scramblingServer(counter)
        defer { server.stop() }
        let client = try WireConnection(port: UInt16(server.port), timeout: 10)
        try handshake(client)
        try client.send("GET /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(try client.readToEnd() == ScramblingTransport.goodbye)
        #expect(counter.closes.load(ordering: .relaxed) == 1)
    }

    /// A client that starts a handshake and never finishes it holds its slot only until the head deadline
    /// (counted from accept), and gets no answer: there is no session to answer in.
    @Test func aStalledHandshakeEndsAtTheHeadDeadline() throws {
        let counter = Counter()
        let server = try scramblingServer(counter) { $0.headerReadTimeout = .milliseconds(500) }
        defer { server.stop() }
        let client = try WireConnection(port: UInt16(server.port), timeout: 10)
        try client.send(bytes: Array(ScramblingTransport.hello.prefix(3)))
        let started = ContinuousClock.now
        #expect(try client.readToEnd() == [])
        #expect(ContinuousClock.now - started < .seconds(4))
        #expect(counter.closes.load(ordering: .relaxed) == 0)
    }

    /// A failed handshake closes the connection without a byte; the server keeps serving others.
    @Test func aFailedHandshakeClosesOnlyThatConnection() throws {
        let counter = Counter()
        let server = try scramblingServer(counter)
        defer { server.stop() }
        let bad = try WireConnection(port: UInt16(server.port), timeout: 10)
        try bad.send("GET / HTTP/1.1\r\n\r\n")
        #expect(try bad.readToEnd() == [])

        let good = try WireConnection(port: UInt16(server.port), timeout: 10)
        try handshake(good)
        #expect(try good.request("/echo").status == 200)
    }
}
