import Foundation
import TLS
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking server session against a blocking client session over a socket pair: the outcomes an
/// event loop acts on, ALPN, certificate names, and the one-line errors of bad files.
@Suite struct SessionTests {
    /// A certificate for localhost and 127.0.0.1 in a temporary directory.
    struct Files {
        let directory: URL
        let authority: String
        let certificate: String
        let key: String

        init() throws {
            directory = try Paths.temporaryDirectory("tls-session")
            let store = DevelopmentCertificates(directory: directory)
            _ = try store.prepare(covering: SubjectNames(dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"]))
            authority = store.authorityPath
            certificate = store.certificatePath
            key = store.keyPath
        }
    }

    /// A certificate, a socket pair (the server's end non-blocking) and a server session on it.
    struct Pair {
        let files: Files
        let serverSocket: Int32
        let clientSocket: Int32
        let session: TLSSession

        init() throws {
            files = try Files()
            let server = try TLSContext.server(certificatePath: files.certificate, keyPath: files.key)
            var sockets: [Int32] = [0, 0]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &sockets) == 0 else {
                throw WireError(description: "socketpair")
            }
            (serverSocket, clientSocket) = (sockets[0], sockets[1])
            _ = fcntl(serverSocket, F_SETFL, fcntl(serverSocket, F_GETFL) | O_NONBLOCK)
            guard let session = server.makeServerSession(socket: serverSocket) else {
                throw WireError(description: "no session")
            }
            self.session = session
        }

        func remove() {
            close(serverSocket)
            close(clientSocket)
            try? FileManager.default.removeItem(at: files.directory)
        }

        /// Steps the server's handshake until it is done or fails.
        func finishHandshake() -> TLSSession.Step? {
            SessionTests.drive(serverSocket) { () -> (TLSSession.Step?, wantsWrite: Bool) in
                let step = session.handshake()
                return step == .wantRead || step == .wantWrite ? (nil, step == .wantWrite) : (step, false)
            }
        }
    }

    /// Steps `body` until it is done, waiting with poll(2) for what it asks (an event loop in miniature).
    static func drive<T>(_ descriptor: Int32, _ body: () -> (T?, wantsWrite: Bool)) -> T? {
        for _ in 0..<1000 {
            let (result, wantsWrite) = body()
            if let result { return result }
            var event = pollfd(fd: descriptor, events: Int16(wantsWrite ? POLLOUT : POLLIN), revents: 0)
            guard poll(&event, 1, 10_000) == 1 else { return nil }
        }
        return nil
    }

    @Test func handshakeAlpnAndDataBothWays() throws {
        let pair = try Pair()
        defer { pair.remove() }
        let (files, session, serverSocket, clientSocket) = (
            pair.files, pair.session, pair.serverSocket, pair.clientSocket
        )
        // Nothing sent yet: the server waits for the ClientHello instead of blocking.
        #expect(session.handshake() == .wantRead)
        #expect(!session.isHandshakeComplete)

        let client = Thread.detachNewThreadWithResult {
            let context = try TLSContext.client(trustedCertificatesPath: files.authority)
            let session = try #require(context.makeClientSession(socket: clientSocket, serverName: "localhost"))
            guard session.handshake() == .done else { throw WireError(description: "client handshake") }
            let request = Array("GET / HTTP/1.1\r\n\r\n".utf8)
            #expect(request.withUnsafeBytes { session.write($0) } == .bytes(request.count))
            var reply = [UInt8](repeating: 0, count: 64)
            guard case .bytes(let count) = reply.withUnsafeMutableBytes({ session.read(into: $0) }) else {
                throw WireError(description: "client read")
            }
            session.shutdown()
            return (session.negotiatedProtocol, String(decoding: reply[..<count], as: UTF8.self))
        }

        let step = pair.finishHandshake()
        #expect(step == .done)
        #expect(session.negotiatedProtocol == "http/1.1")
        #expect(session.protocolVersion == "TLSv1.3")

        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let received = Self.drive(serverSocket) { () -> (Int?, wantsWrite: Bool) in
            switch buffer.withUnsafeMutableBytes({ session.read(into: $0) }) {
            case .bytes(let count): (count, false)
            case .wantWrite: (nil, true)
            default: (nil, false)
            }
        }
        #expect(received.map { String(decoding: buffer[..<$0], as: UTF8.self) } == "GET / HTTP/1.1\r\n\r\n")
        let reply = Array("HTTP/1.1 204 No Content\r\n\r\n".utf8)
        #expect(reply.withUnsafeBytes { session.write($0) } == .bytes(reply.count))

        let (alpn, text) = try client.value()
        #expect(alpn == "http/1.1")
        #expect(text == "HTTP/1.1 204 No Content\r\n\r\n")
        // The client's close_notify reads as the end of the stream.
        let end = Self.drive(serverSocket) { () -> (TLSSession.Transfer?, wantsWrite: Bool) in
            let transfer = buffer.withUnsafeMutableBytes { session.read(into: $0) }
            return transfer == .wantRead ? (nil, false) : (transfer, false)
        }
        #expect(end == .closed)
    }

    @Test func aClientRefusesACertificateWithoutItsName() throws {
        let pair = try Pair()
        defer { pair.remove() }
        let (files, clientSocket) = (pair.files, pair.clientSocket)
        let client = Thread.detachNewThreadWithResult {
            let context = try TLSContext.client(trustedCertificatesPath: files.authority)
            let session = try #require(context.makeClientSession(socket: clientSocket, serverName: "example.com"))
            return session.handshake()
        }
        let serverStep = pair.finishHandshake()
        guard case .failed(.protocolError(let reason)) = try client.value() else {
            Issue.record("the client accepted a certificate for other names")
            return
        }
        #expect(reason == "certificate verify failed")
        guard case .failed = serverStep else {
            Issue.record("server: \(String(describing: serverStep))")
            return
        }
    }

    @Test func plainHTTPOnATLSSocketFails() throws {
        let pair = try Pair()
        defer { pair.remove() }
        let (session, clientSocket) = (pair.session, pair.clientSocket)
        _ = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".withCString { write(clientSocket, $0, strlen($0)) }
        guard case .failed(.protocolError) = session.handshake() else {
            Issue.record("a plain request passed for a ClientHello")
            return
        }
    }

    @Test func badFilesAreOneLineErrorsNamingTheFile() throws {
        let files = try Files()
        defer { try? FileManager.default.removeItem(at: files.directory) }
        let garbage = files.directory.appendingPathComponent("garbage.pem").path
        try "hello".write(toFile: garbage, atomically: true, encoding: .utf8)
        let other = DevelopmentCertificates(directory: files.directory.appendingPathComponent("other"))
        _ = try other.prepare(covering: SubjectNames(dnsNames: ["localhost"], ipAddresses: []))

        let cases: [(String, String, (TLSError) -> Bool)] = [
            (
                "/nonexistent/cert.pem", files.key,
                { if case .certificateFile("/nonexistent/cert.pem", _) = $0 { true } else { false } }
            ),
            (
                files.certificate, "/nonexistent/key.pem",
                { if case .keyFile("/nonexistent/key.pem", _) = $0 { true } else { false } }
            ),
            (garbage, files.key, { if case .certificateFile(garbage, _) = $0 { true } else { false } }),
            (files.certificate, garbage, { if case .keyFile(garbage, _) = $0 { true } else { false } }),
            (
                files.certificate, other.keyPath,
                { $0 == .keyMismatch(certificate: files.certificate, key: other.keyPath) }
            ),
        ]
        for (certificate, key, matches) in cases {
            #expect {
                _ = try TLSContext.server(certificatePath: certificate, keyPath: key)
            } throws: { error in
                guard let error = error as? TLSError else { return false }
                return matches(error) && !error.description.contains("\n") && error.description.contains("/")
            }
        }
    }
}

extension Thread {
    /// Runs `body` on a new thread; `value()` waits for it.
    static func detachNewThreadWithResult<T>(_ body: @escaping @Sendable () throws -> T) -> ThreadResult<T> {
        let result = ThreadResult<T>()
        Thread.detachNewThread {
            result.set(Result { try body() })
        }
        return result
    }
}

final class ThreadResult<T>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, any Error>?

    fileprivate func set(_ result: Result<T, any Error>) {
        self.result = result
        done.signal()
    }

    func value() throws -> T {
        done.wait()
        guard let result else { throw WireError(description: "the thread left no result") }
        return try result.get()
    }
}
