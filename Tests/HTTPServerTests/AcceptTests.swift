import HTTPServer
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// issue 18 (7, third): the accepted socket was made close-on-exec by a second call (fcntl), leaving a
/// window in which a render child spawned by another thread inherited it. `Socket.accept` is accept4 with
/// SOCK_CLOEXEC | SOCK_NONBLOCK: both flags are there the moment the descriptor exists.
@Suite struct AcceptTests {
    @Test func anAcceptedSocketIsCloseOnExecAndNonBlockingFromTheStart() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        #expect(listen(listener, 1) == 0)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(client) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) }
        }
        #expect(connected == 0)
        let accepted = Socket.accept(listener, nil, nil)
        #expect(accepted >= 0)
        defer { close(accepted) }
        #expect(fcntl(accepted, F_GETFD) & FD_CLOEXEC != 0, "close-on-exec")
        #expect(fcntl(accepted, F_GETFL) & O_NONBLOCK != 0, "non-blocking")
    }
}
