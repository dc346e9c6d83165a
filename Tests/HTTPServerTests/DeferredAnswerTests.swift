// Handlers that answer later (`HTTPReply` sent after `respond` returned): order, other connections, shutdown, vanished clients.
import Dispatch
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

/// `/later/<ms>` is answered after that many milliseconds from another thread; anything else at once.
private final class LaterHandler: HTTPHandler {
    let repliesSent = Atomic<Int>(0)
    /// Signalled once a later answer was handed to its reply (sent, or dropped for a client that left).
    let replied = DispatchSemaphore(value: 0)

    func respond(to request: HTTPRequest, reply: HTTPReply) {
        guard request.path.hasPrefix("/later/"), let milliseconds = Int(request.path.dropFirst(7)) else {
            return reply.send(
                HTTPResponse(status: .ok, headers: ["X-Path": request.path], body: .bytes(Array("now".utf8))))
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { [self] in
            repliesSent.add(1, ordering: .relaxed)
            reply.send(HTTPResponse(status: .ok, headers: ["X-Path": request.path], body: .bytes(Array("later".utf8))))
            replied.signal()
        }
    }
}

@Suite(.serialized) final class DeferredAnswerTests {
    private var server: HTTPServer!
    private var port = 0
    private let handler = LaterHandler()

    init() throws {
        server = HTTPServer(configuration: HTTPServer.Configuration(host: "127.0.0.1", port: 0), handler: handler)
        port = try server.start().port
    }

    deinit {
        server.shutdown(grace: .seconds(1))
    }

    @Test func aLaterAnswerKeepsPipelinedResponsesInOrder() throws {
        let client = try WireConnection(port: UInt16(port))
        try client.send(
            "GET /later/300 HTTP/1.1\r\nHost: t\r\n\r\nGET /now HTTP/1.1\r\nHost: t\r\n\r\nGET /later/10 HTTP/1.1\r\nHost: t\r\n\r\n"
        )
        for (path, text) in [("/later/300", "later"), ("/now", "now"), ("/later/10", "later")] {
            let response = try client.readResponse()
            #expect(response.header("X-Path") == path)
            #expect(response.text == text)
        }
    }

    @Test func otherConnectionsAreAnsweredWhileOneWaits() throws {
        let waiting = try WireConnection(port: UInt16(port))
        try waiting.send("GET /later/1500 HTTP/1.1\r\nHost: t\r\n\r\n")
        let started = Date()
        for _ in 0..<6 {  // round-robin over the loops: some share the waiting connection's loop
            let other = try WireConnection(port: UInt16(port))
            try other.send("GET /now HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try other.readResponse().text == "now")
        }
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(try waiting.readResponse().text == "later")
    }

    @Test func shutdownDeliversTheLaterAnswerThenCloses() throws {
        let client = try WireConnection(port: UInt16(port))
        try client.send("GET /later/300 HTTP/1.1\r\nHost: t\r\n\r\n")
        Thread.sleep(forTimeInterval: 0.05)
        let stopped = DispatchSemaphore(value: 0)
        Thread { [server] in
            server?.shutdown(grace: .seconds(5))
            stopped.signal()
        }.start()
        let response = try client.readResponse()
        #expect(response.text == "later")
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
        #expect(stopped.wait(timeout: .now() + 5) == .success)
    }

    @Test func aClientThatLeavesBeforeTheAnswerCostsNothing() throws {
        do {
            let leaving = try WireConnection(port: UInt16(port))
            try leaving.send("GET /later/100 HTTP/1.1\r\nHost: t\r\n\r\n")
        }  // closed here, before the answer
        // A bounded wait for the handler's own thread, not a timing assertion: under load 100 ms can be late.
        #expect(handler.replied.wait(timeout: .now() + 10) == .success)
        #expect(handler.repliesSent.load(ordering: .relaxed) == 1)
        let client = try WireConnection(port: UInt16(port))
        try client.send("GET /now HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().text == "now")
    }
}
