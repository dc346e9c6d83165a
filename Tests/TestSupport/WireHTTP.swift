import Foundation
import TLS

#if canImport(Glibc)
import Glibc
#endif

/// A response as read off the wire.
public struct WireResponse {
    /// The status line's protocol version, `HTTP/1.1` or `HTTP/1.0`.
    public var version: String
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}

public struct WireError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// HTTPS for `WireConnection`: OpenSSL (through our TLS module) on the same blocking socket.
public struct WireTLS: Sendable {
    /// The PEM certificates to trust (the server's authority); nil verifies nothing.
    public var trustedCertificates: String?
    /// Sent by SNI and checked against the certificate's names; nil: the host connected to.
    public var serverName: String?

    public init(trustedCertificates: String?, serverName: String? = nil) {
        self.trustedCertificates = trustedCertificates
        self.serverName = serverName
    }
}

/// A tiny HTTP/1.1 client over a real TCP socket that sends bytes exactly as given (no normalisation of
/// `..` or percent-escapes, unlike URLSession), so traversal attempts reach the server as written.
/// Used from one thread at a time; a test that hands it to a helper thread sequences the calls itself.
/// With `tls`, the same bytes go through a TLS session (handshake in `init`, ALPN `http/1.1`).
public final class WireConnection: @unchecked Sendable {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var session: TLSSession?
    /// When set, every byte sent and received from now on is XORed with it: a stand-in for an encrypting
    /// transport, which shows that every byte of a response went through the server's transport.
    public var scramble: UInt8?

    /// `receiveBuffer`: a small SO_RCVBUF (set before connecting) makes a client that does not read stall
    /// the server's writes quickly.
    public init(
        port: UInt16, host: String = "127.0.0.1", timeout: Double = 20, receiveBuffer: Int32? = nil, tls: WireTLS? = nil
    ) throws {
        fd = socket(host.contains(":") ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw WireError(description: "socket() failed") }
        var timeout = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        let connected =
            host.contains(":") ? Self.connect(fd, ipv6: host, port: port) : Self.connect(fd, ipv4: host, port: port)
        guard connected == 0 else {
            close(fd)
            throw WireError(description: "connect to \(host):\(port) failed: errno \(errno)")
        }
        if let tls {
            signal(SIGPIPE, SIG_IGN)  // OpenSSL writes with write(2), which has no MSG_NOSIGNAL
            do {
                let context = try TLSContext.client(trustedCertificatesPath: tls.trustedCertificates)
                guard let session = context.makeClientSession(socket: fd, serverName: tls.serverName ?? host) else {
                    throw WireError(description: "no TLS session")
                }
                let step = session.handshake()
                guard step == .done else { throw WireError(description: "TLS handshake with \(host):\(port): \(step)") }
                self.session = session
            } catch {
                close(fd)
                throw error
            }
        }
    }

    deinit { close(fd) }

    /// An IPv4 socket is made by `init`; an IPv6 host needs its own.
    private static func connect(_ fd: Int32, ipv4 host: String, port: UInt16) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr(host)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }

    private static func connect(_ fd: Int32, ipv6 host: String, port: UInt16) -> Int32 {
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = port.bigEndian
        inet_pton(AF_INET6, host, &address.sin6_addr)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        }
    }

    /// The protocol the server chose by ALPN (nil without TLS or without an answer).
    public var negotiatedProtocol: String? { session?.negotiatedProtocol }

    /// `send(2)`, or an encrypted write: bytes taken, or -1 with errno set.
    private func transmit(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let session else { return Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
        return Self.count(session.write(bytes))
    }

    /// `recv(2)`, or a decrypted read: bytes read, 0 at the end of the stream, or -1 with errno set
    /// (EAGAIN when the receive timeout passed).
    private func receive(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let session else { return recv(fd, buffer.baseAddress, buffer.count, 0) }
        return Self.count(session.read(into: buffer))
    }

    private static func count(_ transfer: TLSSession.Transfer) -> Int {
        switch transfer {
        case .bytes(let count): return count
        case .closed: return 0
        case .wantRead, .wantWrite:  // a blocking socket only asks to wait again when its timeout passed
            errno = EAGAIN
            return -1
        case .failed(.socket(let code)):
            errno = code
            return -1
        case .failed:
            errno = EPROTO
            return -1
        }
    }

    public func send(_ text: String) throws { try send(bytes: Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws { try send(bytes: bytes) }

    public func send(bytes: [UInt8]) throws {
        let bytes = scramble.map { key in bytes.map { $0 ^ key } } ?? bytes
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { transmit($0) }
            guard n > 0 else { throw WireError(description: "send failed: errno \(errno)") }
            sent += n
        }
    }

    /// One request; `GET` unless told otherwise.
    public func request(_ target: String, method: String = "GET", headers: [String: String] = [:]) throws
        -> WireResponse
    {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        try send(text + "\r\n")
        return try readResponse(isHead: method == "HEAD")
    }

    /// Only a head (status line and fields), e.g. a `100 Continue`.
    public func readHead() throws -> WireResponse {
        let headEnd = try readUntilHeadEnd()
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw WireError(description: "bad status line: \(lines[0])")
        }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw WireError(description: "bad field line: \(line)") }
            headers.append(
                (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return WireResponse(version: String(statusParts[0]), status: status, headers: headers, body: [])
    }

    /// One complete response, framed as RFC 9112 §6.3 tells a client: no body after HEAD, 1xx, 204 and 304;
    /// then chunked before Content-Length; else everything until the server closes.
    public func readResponse(isHead: Bool = false) throws -> WireResponse {
        var response = try readHead()
        if isHead || response.status == 304 || response.status == 204 || (100..<200).contains(response.status) {
            return response
        }
        if response.header("Transfer-Encoding")?.lowercased().contains("chunked") == true {
            response.body = try readChunked()
        } else if let field = response.header("Content-Length") {
            guard let length = Int(field), length >= 0 else {
                throw WireError(description: "bad Content-Length \(field)")
            }
            response.body = try read(count: length)
        } else {
            response.body = try readToEnd()
        }
        return response
    }

    /// What the next read gives (bytes already buffered first); empty once the peer closed, the read failed
    /// or the receive timeout passed. For a stream read as it arrives.
    public func receiveAvailable() -> [UInt8] {
        if buffer.isEmpty { _ = try? fill() }
        defer { buffer.removeAll() }
        return buffer
    }

    /// Ends both directions: a thread blocked reading this connection wakes with nothing.
    public func shutdown() {
        Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Ends our sending side (the server sees EOF after what was sent; with TLS, close_notify first).
    public func shutdownWrite() {
        session?.shutdown()
        Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// Everything the server sends until it closes (or resets) the connection; throws on the receive timeout.
    public func readToEnd() throws -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { receive($0) }
            if n > 0 {
                append(chunk[..<n])
                continue
            }
            if n == 0 || errno == ECONNRESET { break }
            if errno == EINTR { continue }
            throw WireError(description: "no end of response within the timeout (errno \(errno))")
        }
        defer { buffer.removeAll() }
        return buffer
    }

    /// Reads whatever arrives within `seconds` (for streams).
    public func readAvailable(seconds: Int) -> [UInt8] {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = try? fill()
        defer { buffer.removeAll() }
        return buffer
    }

    /// True when the server closed the connection (read returns 0) within a few seconds.
    public func isClosedByPeer() -> Bool {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { receive($0) }
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
        }
    }

    private func readUntilHeadEnd() throws -> Int {
        let marker: [UInt8] = [13, 10, 13, 10]
        var searchFrom = 0
        while true {
            if buffer.count >= 4 {
                for i in searchFrom...(buffer.count - 4) where buffer[i..<(i + 4)].elementsEqual(marker) { return i }
                searchFrom = buffer.count - 3
            }
            try fill()
        }
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try line()
            let sizeText = sizeLine.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else {
                throw WireError(description: "bad chunk size \(sizeText)")
            }
            if size == 0 {
                while try !line().isEmpty {}  // trailer fields, up to the empty line
                return body
            }
            body += try read(count: size)
            guard try line().isEmpty else { throw WireError(description: "no CRLF after a chunk") }
        }
    }

    /// One line, without its CRLF (or bare LF).
    private func line() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = buffer[..<newline]
                buffer.removeFirst(newline + 1)
                return String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
            }
            try fill()
        }
    }

    /// Bytes received and not yet read as part of a response.
    public var bufferedCount: Int { buffer.count }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        var n = chunk.withUnsafeMutableBytes { receive($0) }
        // A signal (a render child's SIGCHLD, say) interrupts a blocked recv: that is no answer, read again.
        while n < 0, errno == EINTR { n = chunk.withUnsafeMutableBytes { receive($0) } }
        guard n > 0 else { throw WireError(description: n == 0 ? "connection closed" : "recv failed: errno \(errno)") }
        append(chunk[..<n])
    }

    private func append(_ bytes: ArraySlice<UInt8>) {
        if let scramble { buffer += bytes.map { $0 ^ scramble } } else { buffer += bytes }
    }

    /// Exactly `count` bytes (a handshake's reply).
    public func read(count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        defer { buffer.removeFirst(count) }
        return Array(buffer[..<count])
    }
}

/// A `gowasm-serve serve` process on a free port, stopped (SIGTERM) by `stop()`. Its stderr goes to a file,
/// so the log can be read while it runs.
public final class ServerProcess {
    public let process = Process()
    public let port: UInt16
    public let firstLine: String
    public let transport: ServeTransport
    private let stderrFile: URL
    /// Kept open (and never read) for `.unreadPipe`.
    private var unreadPipe: Pipe?
    /// With TLS: the server's cache directory (its XDG_CACHE_HOME), where it keeps the certificate it made.
    private let cacheHome: URL?

    /// The server's resident memory now, from /proc (kB → bytes); nil once it has exited.
    public var residentBytes: Int? { statusBytes("VmRSS:") }

    /// The most resident memory the server has had so far (the kernel's high-water mark, VmHWM).
    public var peakResidentBytes: Int? { statusBytes("VmHWM:") }

    private func statusBytes(_ field: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes * 1024
    }

    /// How the server's stderr is kept.
    public enum ErrorOutput {
        /// In a file, readable with `stderrText`.
        case file
        /// A pipe nobody reads: once its buffer is full, a blocking write to stderr would block for good.
        case unreadPipe
    }

    private let stdout: FileHandle

    /// `launcher`: a command the server runs under, e.g. `["/usr/bin/prlimit", "--nofile=64:64", "--"]`.
    /// `currentDirectory` and `environment` (added to this process's) for commands that read them.
    /// `transport` `.tls` adds `--tls` with a cache directory of this server's own.
    public init(
        _ arguments: [String], launcher: [String] = [], stderr: ErrorOutput = .file, currentDirectory: URL? = nil,
        environment: [String: String] = [:], transport: ServeTransport = .plain
    ) throws {
        guard FileManager.default.isExecutableFile(atPath: Paths.executable.path) else {
            throw MissingTool("gowasm-serve at \(Paths.executable.path)", hint: "build it: swift build")
        }
        self.transport = transport
        var arguments = arguments
        var environment = environment
        if transport == .tls {
            let home = try Paths.temporaryDirectory("tls-cache")
            cacheHome = home
            environment["XDG_CACHE_HOME"] = home.path
            arguments.append("--tls")
        } else {
            cacheHome = nil
        }
        let out = Pipe()
        stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gowasm-serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        if let tool = launcher.first {
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = Array(launcher.dropFirst()) + [Paths.executable.path] + arguments + ["--port", "0"]
        } else {
            process.executableURL = Paths.executable
            process.arguments = arguments + ["--port", "0"]
        }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardOutput = out
        switch stderr {
        case .file: process.standardError = try FileHandle(forWritingTo: stderrFile)
        case .unreadPipe:
            let pipe = Pipe()
            unreadPipe = pipe
            process.standardError = pipe
        }
        try process.run()
        // The first stdout line is exactly `Serving <dir> at http(s)://<host>:<port>/`.
        stdout = out.fileHandleForReading
        firstLine = Self.readLine(stdout)
        guard let colon = firstLine.range(of: ":", options: .backwards),
            let port = UInt16(firstLine[colon.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "/")))
        else {
            process.terminate()
            throw WireError(description: "unexpected first line: \(firstLine)")
        }
        self.port = port
    }

    /// `http://127.0.0.1:<port>/`, or `https://…` when the first line says the server speaks TLS.
    public var url: String { "\(firstLine.contains(" at https://") ? "https" : "http")://127.0.0.1:\(port)/" }

    /// With `--tls`: the authority that signed the server's certificate (PEM), for clients to trust.
    public var authorityPath: String? {
        cacheHome?.appendingPathComponent("gowasm-serve/tls/ca.pem").path
    }

    /// With `--tls`: the server certificate it made.
    public var certificatePath: String? {
        cacheHome?.appendingPathComponent("gowasm-serve/tls/cert.pem").path
    }

    /// A connection speaking the server's transport (TLS trusting only the server's own authority).
    public func connect(timeout: Double = 20, receiveBuffer: Int32? = nil) throws -> WireConnection {
        try WireConnection(
            port: port, timeout: timeout, receiveBuffer: receiveBuffer,
            tls: authorityPath.map { WireTLS(trustedCertificates: $0) })
    }

    /// curl's arguments to trust the server (`--cacert`), empty for plain HTTP.
    public var curlTrust: [String] { authorityPath.map { ["--cacert", $0] } ?? [] }

    /// The next line the server prints on stdout (blocks until it comes or stdout closes).
    public func nextStdoutLine() -> String { Self.readLine(stdout) }

    private static func readLine(_ handle: FileHandle) -> String {
        var line: [UInt8] = []
        while line.last != 10 {
            let byte = handle.readData(ofLength: 1)
            guard let first = byte.first else { break }
            line.append(first)
        }
        return String(decoding: line, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    /// Sends SIGTERM and waits; returns the exit status.
    @discardableResult
    public func stop() -> Int32 {
        process.terminate(grace: 15)
        return process.terminationStatus
    }

    /// Everything written to stderr so far (access log, prerender lines).
    public var stderrText: String {
        (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
    }

    /// The stderr lines so far.
    public var stderrLines: [String] { stderrText.split(separator: "\n").map(String.init) }

    /// The stderr lines starting with `prefix`, once at least `count` of them are there or `timeout` has
    /// passed: the server's log is written by its own thread, so a line may land just after the response
    /// it is about (a bounded wait for another process's output, not a timing assertion).
    public func stderrLines(prefix: String, atLeast count: Int = 1, timeout: TimeInterval = 5) -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let lines = stderrLines.filter { $0.hasPrefix(prefix) }
            if lines.count >= count || Date() >= deadline { return lines }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: stderrFile)
        if let cacheHome { try? FileManager.default.removeItem(at: cacheHome) }
    }
}
