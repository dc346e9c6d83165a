import DeployCheck
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A server that answers every request with the same bytes a broken or hostile server would send, on a
/// real loopback socket: one thread, one connection at a time, closed after the answer.
final class HostileServer: @unchecked Sendable {
    enum Answer: Sendable {
        /// These bytes, then close.
        case bytes(String)
        /// This head, then body bytes without end until the client goes away.
        case endless(head: String)
    }

    let port: UInt16
    private let listener: Int32
    private let answer: Answer
    private let done = DispatchSemaphore(value: 0)

    var url: URL { URL(string: "http://127.0.0.1:\(port)/")! }

    init(_ answer: Answer) throws {
        self.answer = answer
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 8) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw WireError(description: "hostile server: cannot listen: \(String(cString: strerror(errno)))")
        }
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in serve() }
    }

    private func serve() {
        defer { done.signal() }
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }  // the listener was shut down
            readHead(client)
            switch answer {
            case .bytes(let text): _ = write(client, Array(text.utf8))
            case .endless(let head):
                guard write(client, Array(head.utf8)) else { break }
                let block = [UInt8](repeating: 0x61, count: 64 * 1024)
                while write(client, block) {}
            }
            close(client)
        }
    }

    /// Reads up to the end of the request head (or what arrives within a second).
    private func readHead(_ client: Int32) {
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < 64 * 1024, received.firstRange(of: [13, 10, 13, 10]) == nil {
            let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return }
            received += buffer[0..<n]
        }
    }

    private func write(_ client: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        done.wait()
    }
}

/// `check` against servers that break HTTP/1.1 on purpose: each is a broken server in one line (exit 2),
/// never a crash of `check`.
@Suite struct HostileServerTests {
    static let hostileAnswers: [(label: String, answer: String)] = [
        (
            "negative Content-Length",
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: -1\r\n\r\n<html></html>"
        ),
        (
            "chunk size of 2^63-1",
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nabc"
        ),
        (
            "chunk size beyond 64 bits",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\nabc\r\n0\r\n\r\n"
        ),
        ("garbage instead of a response", "\u{1}\u{2}garbage\r\n\r\n"),
        ("a status line without a status", "HTTP/1.1 OK\r\nContent-Length: 0\r\n\r\n"),
        ("closed without a byte", ""),
    ]

    @Test(arguments: hostileAnswers.indices)
    func fetcherReportsABrokenServer(_ index: Int) throws {
        let (label, answer) = Self.hostileAnswers[index]
        let server = try HostileServer(.bytes(answer))
        defer { server.stop() }
        let fetcher = try HTTPFetcher(timeout: 5)
        do {
            let response = try fetcher.fetch(server.url)
            Issue.record("\(label): accepted as \(response.status) \(response.headers)")
        } catch {
            guard case .malformedResponse(let url, let detail) = error else {
                Issue.record("\(label): \(error)")
                return
            }
            #expect(url == server.url.absoluteString)
            #expect(!detail.isEmpty)
        }
    }

    @Test(arguments: hostileAnswers.indices)
    func checkCommandReportsABrokenServerInOneLine(_ index: Int) throws {
        let (label, answer) = Self.hostileAnswers[index]
        let server = try HostileServer(.bytes(answer))
        defer { server.stop() }
        let result = try ProcessRunner.gowasmServe(["check", server.url.absoluteString, "--timeout", "5"])
        #expect(result.status == 2, "\(label): \(result.stderrText)")
        #expect(
            result.stderrText.hasPrefix("gowasm-serve: \(server.url.absoluteString): malformed HTTP response: "),
            "\(label)")
        #expect(result.stderrText.filter { $0 == "\n" }.count == 1, "\(label): \(result.stderrText)")
        #expect(result.stdoutText.isEmpty)
    }

    /// A body without end, with or without a Content-Length that promises it: the fetcher stops at its cap.
    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Type: application/wasm\r\nConnection: close\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Type: application/wasm\r\nContent-Length: 9223372036854775807\r\n\r\n",
    ])
    func endlessBodyStopsAtTheCap(head: String) throws {
        let server = try HostileServer(.endless(head: head))
        defer { server.stop() }
        let limit = 1 << 20
        let fetcher = try HTTPFetcher(timeout: 20, sizeLimit: limit)
        #expect(throws: FetchError.responseTooLarge(url: server.url.absoluteString, limit: limit)) {
            try fetcher.fetch(server.url)
        }
    }

    /// A head without end: a broken server once curl's header limit is reached, long before the timeout.
    @Test func endlessHeadIsABrokenServer() throws {
        let server = try HostileServer(.endless(head: "HTTP/1.1 200 OK\r\nX-Endless: "))
        defer { server.stop() }
        let fetcher = try HTTPFetcher(timeout: 30)
        #expect {
            try fetcher.fetch(server.url)
        } throws: { error in
            guard case .malformedResponse = error as? FetchError else { return false }
            return true
        }
    }
}
