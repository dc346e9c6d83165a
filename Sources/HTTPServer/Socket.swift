// Thin wrappers over the BSD socket calls the server needs. Everything here is synchronous and
// allocation-light; policy (limits, timeouts, framing) lives elsewhere.
import CEpoll
import Glibc

/// An IPv4 or IPv6 address with a port, ready to hand to `bind(2)`.
enum SocketAddress {
    case v4(sockaddr_in)
    case v6(sockaddr_in6)

    /// Accepts an IPv4 literal, an IPv6 literal (optionally in brackets) or `localhost` (IPv4 loopback).
    init(host: String, port: Int) throws(HTTPServerError) {
        guard (0...65535).contains(port) else { throw .invalidPort(port) }
        var literal = host
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = String(literal.dropFirst().dropLast()) }
        if literal.caseInsensitiveEquals("localhost") { literal = "127.0.0.1" }

        var v4 = sockaddr_in()
        if inet_pton(AF_INET, literal, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = UInt16(port).bigEndian  // gowasm: allow-trap: port checked within 0...65535 at the top of this initializer
            self = .v4(v4)
            return
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, literal, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = UInt16(port).bigEndian  // gowasm: allow-trap: port checked within 0...65535 at the top of this initializer
            self = .v6(v6)
            return
        }
        throw .invalidHost(host)
    }

    var family: Int32 {
        switch self {
        case .v4: AF_INET
        case .v6: AF_INET6
        }
    }

    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch self {
        case .v4(var address):
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .v6(var address):
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
    }

    /// The numeric host and port of a `sockaddr_storage` filled by `accept`/`getsockname`.
    static func describe(_ storage: sockaddr_storage) -> (host: String, port: Int) {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {  // gowasm: allow-trap: sa_family_t (UInt16) widened
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var raw = address.pointee.sin_addr
                    inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))  // gowasm: allow-trap: our own INET_ADDRSTRLEN buffer
                    return (decodeCString(text), Int(UInt16(bigEndian: address.pointee.sin_port)))  // gowasm: allow-trap: UInt16 widened
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var raw = address.pointee.sin6_addr
                    inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))  // gowasm: allow-trap: our own INET6_ADDRSTRLEN buffer
                    return (decodeCString(text), Int(UInt16(bigEndian: address.pointee.sin6_port)))  // gowasm: allow-trap: UInt16 widened
                }
            }
        default:
            return ("-", 0)
        }
    }
}

private func decodeCString(_ text: [CChar]) -> String {
    let bytes = text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}

package enum Socket {
    /// Accepts a client whose socket is non-blocking and close-on-exec from the start (accept4), never in a
    /// second call that leaves a window for a child spawned meanwhile to inherit it.
    package static func accept(
        _ listenFD: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: UnsafeMutablePointer<socklen_t>?
    ) -> Int32 {
        cepoll_accept(listenFD, address, length)
    }

    /// A non-blocking listening socket with SO_REUSEADDR, bound to `address`.
    static func listen(on address: SocketAddress, backlog: Int32) throws(HTTPServerError) -> Int32 {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .socket(operation: "socket", errno: errno) }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        if address.family == AF_INET6 {
            // An IPv6 literal means IPv6 only; `::` does not silently also take 0.0.0.0's port.
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound = address.withSockaddr { bind(fd, $0, $1) }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw .socket(operation: "bind", errno: code)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            throw .socket(operation: "listen", errno: code)
        }
        setNonBlocking(fd)
        return fd
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    /// Small responses must not wait for Nagle + delayed ACK (40 ms per response on Linux).
    static func setNoDelay(_ fd: Int32) {
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    static func localAddress(_ fd: Int32) -> (host: String, port: Int) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return SocketAddress.describe(storage)
    }
}

extension HTTPServerError {
    static func describe(errno code: Int32) -> String { String(cString: strerror(code)) }
}
