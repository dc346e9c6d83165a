// One TLS connection over a non-blocking socket (an OpenSSL SSL object reading and writing the descriptor
// itself). Every call returns at once with what happened or what it waits for; the caller owns the event
// loop, the socket's interest set and its closing.
import COpenSSL
import Glibc

public final class TLSSession {
    enum Role {
        case server
        case client(serverName: String)
    }

    /// What a handshake or shutdown step came to.
    public enum Step: Equatable, Sendable {
        case done
        /// Call again once the socket is readable.
        case wantRead
        /// Call again once the socket is writable.
        case wantWrite
        /// The peer went away, or the connection broke (a bad record, a refused handshake).
        case failed(TLSFailure)
    }

    /// What a read or write came to.
    public enum Transfer: Equatable, Sendable {
        /// This many bytes were read or written (never 0).
        case bytes(Int)
        case wantRead
        case wantWrite
        /// The peer ended the stream (close_notify, or a clean TCP close: SSL_OP_IGNORE_UNEXPECTED_EOF).
        case closed
        case failed(TLSFailure)
    }

    private let ssl: OpaquePointer
    /// Keeps the SSL_CTX alive as long as the SSL object refers to it.
    private let context: TLSContext

    init?(context: TLSContext, socket descriptor: Int32, role: Role) {
        guard let ssl = SSL_new(context.context) else {
            OpenSSLErrors.clear()
            return nil
        }
        self.ssl = ssl
        self.context = context
        guard SSL_set_fd(ssl, descriptor) == 1 else {  // the socket BIO does not close the descriptor
            OpenSSLErrors.clear()
            return nil
        }
        switch role {
        case .server:
            SSL_set_accept_state(ssl)
        case .client(let serverName):
            SSL_set_connect_state(ssl)
            // SNI only for names (RFC 6066 forbids literal addresses); the certificate check takes either.
            if !serverName.contains(where: { $0 == ":" }), serverName.contains(where: \.isLetter) {
                _ = gowasm_ssl_set_host_name(ssl, serverName)
            }
            _ = SSL_set1_host(ssl, serverName)
        }
    }

    deinit { SSL_free(ssl) }

    /// Advances the handshake as far as the socket allows.
    public func handshake() -> Step {
        OpenSSLErrors.clear()
        let result = SSL_do_handshake(ssl)
        return result == 1 ? .done : step(after: result)
    }

    public var isHandshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    /// Reads decrypted bytes into `buffer` (at most one TLS record's worth per call).
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> Transfer {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return .bytes(0) }
        OpenSSLErrors.clear()
        var count = 0
        let result = SSL_read_ex(ssl, base, buffer.count, &count)
        return result == 1 ? .bytes(count) : transfer(after: result)
    }

    /// Encrypts and sends some of `bytes` (partial writes are on); call again with the rest.
    public func write(_ bytes: UnsafeRawBufferPointer) -> Transfer {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return .bytes(0) }
        OpenSSLErrors.clear()
        var count = 0
        let result = SSL_write_ex(ssl, base, bytes.count, &count)
        return result == 1 ? .bytes(count) : transfer(after: result)
    }

    /// Sends close_notify (best effort: the caller closes the socket whatever this returns).
    @discardableResult
    public func shutdown() -> Step {
        guard isHandshakeComplete else { return .done }
        OpenSSLErrors.clear()
        let result = SSL_shutdown(ssl)
        return result >= 0 ? .done : step(after: result)
    }

    /// Received bytes wait inside OpenSSL (decrypted, or read ahead and not yet decrypted), where the socket's
    /// readiness does not show them.
    public var hasBufferedInput: Bool { SSL_has_pending(ssl) == 1 }

    /// The protocol ALPN chose, nil when none was.
    public var negotiatedProtocol: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// `TLSv1.3`, `TLSv1.2`.
    public var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    // MARK: Outcomes

    private enum Condition {
        case wantRead, wantWrite, closed, failed(TLSFailure)
    }

    private func condition(after result: Int32) -> Condition {
        let code = SSL_get_error(ssl, result)
        switch code {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_ZERO_RETURN: return .closed
        case SSL_ERROR_SYSCALL:
            let systemError = errno
            OpenSSLErrors.clear()
            if systemError == EINTR || systemError == EAGAIN { return .wantRead }
            if systemError == 0 || systemError == ECONNRESET { return .closed }  // EOF or reset mid-record
            return .failed(.socket(errno: systemError))
        default:
            return .failed(.protocolError(OpenSSLErrors.takeReason()))
        }
    }

    private func step(after result: Int32) -> Step {
        switch condition(after: result) {
        case .wantRead: .wantRead
        case .wantWrite: .wantWrite
        case .closed: .failed(.peerClosed)
        case .failed(let failure): .failed(failure)
        }
    }

    private func transfer(after result: Int32) -> Transfer {
        switch condition(after: result) {
        case .wantRead: .wantRead
        case .wantWrite: .wantWrite
        case .closed: .closed
        case .failed(let failure): .failed(failure)
        }
    }
}

/// Why a TLS connection broke: for logs and tests, never for matching text.
public enum TLSFailure: Equatable, Sendable, CustomStringConvertible {
    /// The peer closed before the handshake finished.
    case peerClosed
    /// The socket failed (reset, broken pipe).
    case socket(errno: Int32)
    /// A TLS protocol error: OpenSSL's reason, e.g. `wrong version number` for plain HTTP on a TLS port.
    case protocolError(String)

    public var description: String {
        switch self {
        case .peerClosed: "the peer closed the connection"
        case .socket(let code): "socket error: \(String(cString: strerror(code)))"
        case .protocolError(let reason): reason
        }
    }
}
