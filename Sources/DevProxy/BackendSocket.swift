// One TCP connection to a backend on a non-blocking socket; every wait (connect, read, write) is a poll(2)
// bounded by a timeout, so a backend that stops answering costs a bounded wait, never a stuck thread.
// Linux-first (Glibc); the calls are POSIX.
import Glibc

/// Why the proxy could not get an answer from a backend: the status the client gets and one line saying why.
public enum ProxyFailure: Error, Equatable, CustomStringConvertible {
    case unresolvable(Backend, detail: String)
    case refused(Backend)
    case unreachable(Backend, detail: String)
    case connectTimedOut(Backend, seconds: Double)
    case responseTimedOut(Backend, seconds: Double)
    case closedBeforeResponse(Backend)
    case malformedResponse(Backend, detail: String)
    /// The exchange broke after the response head went out: nothing to tell the client but a cut stream.
    case lost(Backend, detail: String)

    /// 504 when the backend did not answer in time, 502 for every other failure.
    public var status: Int {
        switch self {
        case .connectTimedOut, .responseTimedOut: 504
        default: 502
        }
    }

    public var description: String {
        switch self {
        case .unresolvable(let backend, let detail): "cannot resolve \(backend.host) for \(backend): \(detail)"
        case .refused(let backend): "backend \(backend) refused the connection (is it running?)"
        case .unreachable(let backend, let detail): "cannot connect to backend \(backend): \(detail)"
        case .connectTimedOut(let backend, let seconds):
            "backend \(backend) did not accept within \(Self.format(seconds)) s"
        case .responseTimedOut(let backend, let seconds):
            "backend \(backend) did not answer within \(Self.format(seconds)) s"
        case .closedBeforeResponse(let backend): "backend \(backend) closed the connection without a response"
        case .malformedResponse(let backend, let detail): "backend \(backend) sent a malformed response: \(detail)"
        case .lost(let backend, let detail): "connection to backend \(backend) lost: \(detail)"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)  // gowasm: allow-trap: formats --proxy-timeout, validated at most 3600 s
    }
}

final class BackendSocket {
    let descriptor: Int32
    let backend: Backend

    private init(descriptor: Int32, backend: Backend) {
        self.descriptor = descriptor
        self.backend = backend
    }

    deinit { close(descriptor) }

    /// Connects to the first of the backend's addresses that accepts (`localhost` may be ::1 or 127.0.0.1,
    /// and a backend often listens on only one of them).
    static func connect(to backend: Backend, timeout: Double) throws(ProxyFailure) -> BackendSocket {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(backend.host, String(backend.port), &hints, &list)
        guard resolved == 0, let first = list else {
            throw .unresolvable(backend, detail: String(cString: gai_strerror(resolved)))
        }
        defer { freeaddrinfo(list) }
        var lastFailure = ProxyFailure.refused(backend)
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            do {
                return try connect(address.pointee, backend: backend, timeout: timeout)
            } catch {
                lastFailure = error
                if case .connectTimedOut = error { throw error }  // the next address would wait as long again
            }
        }
        throw lastFailure
    }

    private static func connect(_ address: addrinfo, backend: Backend, timeout: Double) throws(ProxyFailure)
        -> BackendSocket
    {
        let fd = socket(
            address.ai_family, address.ai_socktype | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw .unreachable(backend, detail: String(cString: strerror(errno))) }
        let socket = BackendSocket(descriptor: fd, backend: backend)
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        if Glibc.connect(fd, address.ai_addr, address.ai_addrlen) == 0 { return socket }
        guard errno == EINPROGRESS else { throw failure(errno, backend) }
        guard try socket.wait(for: Int16(POLLOUT), timeout: timeout) else {
            throw .connectTimedOut(backend, seconds: timeout)
        }
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
        guard code == 0 else { throw failure(code, backend) }
        return socket
    }

    private static func failure(_ code: Int32, _ backend: Backend) -> ProxyFailure {
        code == ECONNREFUSED ? .refused(backend) : .unreachable(backend, detail: String(cString: strerror(code)))
    }

    /// Waits until the socket is ready for `events`; false when `timeout` seconds (negative: no limit)
    /// passed first.
    func wait(for events: Int16, timeout: Double) throws(ProxyFailure) -> Bool {
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        let milliseconds = timeout < 0 ? -1 : Int32(clamping: Int((min(timeout, 86_400) * 1000).rounded(.up)))  // gowasm: allow-trap: timeout capped at 86,400 s just before; it is our own, not the peer's
        while true {
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return true }
            if ready == 0 { return false }
            if errno != EINTR { throw .lost(backend, detail: String(cString: strerror(errno))) }
        }
    }

    /// Sends all of `bytes`, waiting at most `timeout` seconds each time the backend stops taking them.
    func send(_ bytes: UnsafeRawBufferPointer, timeout: Double) throws(ProxyFailure) {
        guard let base = bytes.baseAddress else { return }
        var sent = 0
        while sent < bytes.count {
            let count = Glibc.send(descriptor, base + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            if count > 0 {
                sent += count
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                guard try wait(for: Int16(POLLOUT), timeout: timeout) else {
                    throw .lost(backend, detail: "it took no request bytes for \(timeout) s")
                }
            default:
                throw .lost(backend, detail: String(cString: strerror(errno)))
            }
        }
    }

    func send(_ bytes: [UInt8], timeout: Double) throws(ProxyFailure) {
        try bytes.withUnsafeBytes { raw in Result { () throws(ProxyFailure) in try send(raw, timeout: timeout) } }.get()
    }

    enum Received: Equatable {
        case bytes(Int)
        case endOfStream
        case timedOut
    }

    /// Receives into `buffer`, waiting at most `timeout` seconds for something to arrive.
    func receive(into buffer: UnsafeMutableRawBufferPointer, timeout: Double) throws(ProxyFailure) -> Received {
        while true {
            let count = recv(descriptor, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .endOfStream }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                guard try wait(for: Int16(POLLIN), timeout: timeout) else { return .timedOut }
            case ECONNRESET:
                return .endOfStream
            default:
                throw .lost(backend, detail: String(cString: strerror(errno)))
            }
        }
    }

    func shutdownWrite() { shutdown(descriptor, Int32(SHUT_WR)) }

    /// Ends both directions; a thread waiting in `receive` or `send` wakes at once (the descriptor stays
    /// open until deinit, so it is never another file's number meanwhile).
    func shutdownBoth() { shutdown(descriptor, Int32(SHUT_RDWR)) }
}
