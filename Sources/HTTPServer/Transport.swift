// How a connection's bytes cross its socket. Plain TCP is the fast path: `recv`, `send`/`sendmsg` and
// `sendfile` straight on the descriptor (`PlainSocket`), chosen by a switch on an enum, with no allocation and
// no dynamic dispatch. Any other byte stream over the socket (TLS) plugs in as a `StreamTransport`: it pays
// one existential call per read or write, has no `sendfile` (files go through a buffer), may need a
// handshake before the first request, and may need the opposite readiness (a TLS read that must write).

/// The readiness a transport waits for. A TLS read may wait for the socket to be writable, and a write for
/// it to be readable.
public struct TransportInterest: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let read = TransportInterest(rawValue: 1)
    public static let write = TransportInterest(rawValue: 2)
}

/// What one read from the transport gave.
public enum TransportRead: Sendable, Equatable {
    /// This many bytes were put at the start of the buffer (more than zero).
    case received(Int)
    /// Nothing now: call again once the socket has this readiness.
    case wouldBlock(TransportInterest)
    /// The peer finished sending (TCP FIN, or TLS close_notify).
    case endOfStream
    /// The connection is unusable (reset, protocol error): close it.
    case failed
}

/// What one write to the transport took.
public enum TransportWrite: Sendable, Equatable {
    /// This many bytes of the buffer were taken (more than zero).
    case sent(Int)
    /// Nothing now: call again, with the same bytes, once the socket has this readiness.
    case wouldBlock(TransportInterest)
    case failed
}

/// Where a step that may take several round trips stands (a handshake, a close_notify).
public enum TransportProgress: Sendable, Equatable {
    case done
    /// Call again once the socket has this readiness.
    case wouldBlock(TransportInterest)
    case failed
}

/// A byte stream over an accepted, non-blocking socket, other than plain TCP (TLS). Created once per
/// connection by `HTTPServer.Configuration.transport`, then used only on that connection's event loop
/// (never from two threads). It does its own system calls on the socket but never closes the descriptor:
/// the connection does, after `closeOutput()` (or without it, when the peer reset the connection).
public protocol StreamTransport: AnyObject {
    /// Advances the handshake; called when the connection starts and again on each readiness it asked for,
    /// until `.done`. No request is read before. Deadline: the head's total deadline, counted from accept,
    /// covers the handshake (a handshake that never completes is closed then, without an answer).
    func handshake() -> TransportProgress

    /// Reads decrypted bytes into `buffer` (non-empty).
    func receive(into buffer: UnsafeMutableRawBufferPointer) -> TransportRead

    /// Writes bytes from `buffer` (non-empty). After `.wouldBlock`, the connection calls again with the same
    /// bytes at the same address or a copy of them (set `SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER`), and may have
    /// appended more (`SSL_MODE_ENABLE_PARTIAL_WRITE` lets a write take part of them).
    func send(_ buffer: UnsafeRawBufferPointer) -> TransportWrite

    /// True when the transport holds received bytes that the socket's readiness no longer shows (TLS
    /// records already decrypted, `SSL_pending`): the connection reads again without waiting for epoll.
    var hasBufferedInput: Bool { get }

    /// Ends our direction (TLS: sends close_notify). Called once, before the connection shuts its write half
    /// or closes. Best effort: `.wouldBlock` is not retried once the connection is closing for good.
    func closeOutput() -> TransportProgress
}

/// Makes the transport of each accepted connection: nil configures plain TCP. Called on the connection's
/// event loop with the accepted socket's descriptor (non-blocking, owned by the connection). Returning nil
/// refuses the connection (it is closed without an answer).
public typealias TransportFactory = @Sendable (_ socket: Int32) -> (any StreamTransport)?

/// The connection's transport: plain TCP inline, or a pluggable stream.
enum Transport {
    case plain
    case stream(any StreamTransport)

    var canSendFile: Bool {
        if case .plain = self { true } else { false }
    }

    @inline(__always)
    func receive(on socket: Int32, into buffer: UnsafeMutableRawBufferPointer) -> TransportRead {
        switch self {
        case .plain: PlainSocket.receive(socket, into: buffer)
        case .stream(let transport): transport.receive(into: buffer)
        }
    }

    var hasBufferedInput: Bool {
        switch self {
        case .plain: false
        case .stream(let transport): transport.hasBufferedInput
        }
    }

    /// Ends our direction: TLS close_notify (best effort), then the write half of the socket.
    func closeOutput(on socket: Int32) {
        if case .stream(let transport) = self { _ = transport.closeOutput() }
        PlainSocket.shutdownOutput(socket)
    }

    /// Before the descriptor is closed on a connection that is still healthy: TLS close_notify.
    func closeNotify() {
        if case .stream(let transport) = self { _ = transport.closeOutput() }
    }
}
