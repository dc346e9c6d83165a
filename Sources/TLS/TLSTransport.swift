// HTTPS: each accepted connection's bytes go through a TLS session instead of straight to the socket,
// plugged into the HTTP server through its transport seam (`StreamTransport`), on the same event loops.
import HTTPServer

extension HTTPServer.Configuration {
    /// Serve HTTPS: every accepted connection gets a session of `context` (same HTTP/1.1, ALPN `http/1.1`),
    /// and the server's URLs say `https`.
    public mutating func serveTLS(with context: TLSContext) {
        transport = { socket in context.makeServerSession(socket: socket).map(TLSTransport.init) }
        urlScheme = "https"
    }
}

/// A `TLSSession` as a connection's transport: the session's outcomes as the connection's.
final class TLSTransport: StreamTransport {
    private let session: TLSSession

    init(_ session: TLSSession) { self.session = session }

    func handshake() -> TransportProgress { Self.progress(session.handshake()) }

    func receive(into buffer: UnsafeMutableRawBufferPointer) -> TransportRead {
        switch session.read(into: buffer) {
        case .bytes(let count): .received(count)
        case .wantRead: .wouldBlock(.read)
        case .wantWrite: .wouldBlock(.write)
        case .closed: .endOfStream
        case .failed: .failed
        }
    }

    func send(_ buffer: UnsafeRawBufferPointer) -> TransportWrite {
        switch session.write(buffer) {
        case .bytes(let count): .sent(count)
        case .wantRead: .wouldBlock(.read)
        case .wantWrite: .wouldBlock(.write)
        case .closed, .failed: .failed
        }
    }

    var hasBufferedInput: Bool { session.hasBufferedInput }

    func closeOutput() -> TransportProgress { Self.progress(session.shutdown()) }

    private static func progress(_ step: TLSSession.Step) -> TransportProgress {
        switch step {
        case .done: .done
        case .wantRead: .wouldBlock(.read)
        case .wantWrite: .wouldBlock(.write)
        case .failed: .failed
        }
    }
}
