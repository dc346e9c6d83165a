// Test scaffolding: a server started in-process on port 0 with a handler that echoes and serves fixtures,
// and a blocking raw-socket client that reads responses byte by byte off the wire.
import Foundation
import HTTPServer
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The bytes `/big` serves: a deterministic pattern, large enough to need many writes.
let bigBody: [UInt8] = randomBytes(count: 3 * 1024 * 1024, seed: 3)

/// The file `/file` serves (sendfile): 2 MiB and a few odd bytes.
let fixtureFileBytes: [UInt8] = randomBytes(count: 2 * 1024 * 1024 + 17, seed: 7)

/// Reproducible pseudo-random bytes, generated a word at a time (debug builds are slow per byte).
func randomBytes(count: Int, seed: UInt64) -> [UInt8] {
    var generator = SeededGenerator(seed: seed)
    var words = [UInt64](repeating: 0, count: (count + 7) / 8)
    for index in words.indices { words[index] = generator.next() }
    return words.withUnsafeBytes { Array($0.prefix(count)) }
}

/// Routes:
/// - `/echo...` and anything unknown: 200, `X-Method`/`X-Path`/`X-Query`/`X-Version`/`X-Header-Count`, body = request body
/// - `/big?times=`: `bigBody` (repeated); `/file?offset=&count=`: the fixture file via sendfile; `/missing-file`: a vanished file
/// - `/stream?n=&delay=`: n chunks `chunk-i\n`; `/sse`: an event every 50 ms until the peer goes
/// - `/status/<code>`: that status with a body the server must drop for 204/304
/// - `/prepared`: one `HTTPHeaders.prepared()` set reused for every response, with fields the server owns or
///   must drop (a wrong Content-Length, Connection, a CRLF-injecting value) next to ordinary ones
struct TestHandler: HTTPHandler {
    let filePath: String
    let fileSize: Int

    static let preparedHeaders: HTTPHeaders = {
        let fields: HTTPHeaders = [
            "Content-Type": "text/plain", "Content-Length": "999", "Connection": "keep-alive",
            "X-Injected": "a\r\nSet-Cookie: evil=1", "X-Kept": "kept", "Date": "yesterday",
        ]
        return fields.prepared()
    }()

    func respond(to request: HTTPRequest, reply: HTTPReply) { reply.send(answer(request)) }

    private func answer(_ request: HTTPRequest) -> HTTPResponse {
        let query = Self.parameters(request.query)
        switch request.path {
        case "/big":
            let times = Int(query["times"] ?? "") ?? 1
            var body: [UInt8] = []
            body.reserveCapacity(bigBody.count * times)
            for _ in 0..<times { body.append(contentsOf: bigBody) }
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: .bytes(body))
        case "/file":
            let offset = Int(query["offset"] ?? "") ?? 0
            let count = Int(query["count"] ?? "") ?? (fileSize - offset)
            return HTTPResponse(status: .ok, body: .file(path: filePath, offset: offset, count: count), logCoding: "br")
        case "/missing-file":
            return HTTPResponse(status: .ok, body: .file(path: filePath + ".gone", offset: 0, count: 10))
        case "/stream":
            let count = Int(query["n"] ?? "") ?? 5
            let delay = Int(query["delay"] ?? "") ?? 0
            return HTTPResponse(
                status: .ok, headers: ["Content-Type": "text/plain"],
                body: .stream { writer in
                    Self.emit(count: count, every: .milliseconds(delay), to: writer) { Array("chunk-\($0)\n".utf8) }
                })
        case "/sse":
            return HTTPResponse(
                status: .ok, headers: ["Content-Type": "text/event-stream"],
                body: .stream { writer in
                    Self.emit(count: .max, every: .milliseconds(50), to: writer) { Array("data: \($0)\n\n".utf8) }
                })
        case "/prepared":
            return HTTPResponse(status: .ok, headers: Self.preparedHeaders, body: .bytes(Array("prepared".utf8)))
        case let path where path.hasPrefix("/status/"):
            let code = Int(path.dropFirst(8)) ?? 500
            return HTTPResponse(status: HTTPStatus(code, "Status"), body: .bytes(Array("must not be sent".utf8)))
        default:
            var headers: HTTPHeaders = [
                "X-Method": request.method, "X-Path": request.path, "X-Query": request.query ?? "-",
                "X-Version": request.version.description, "X-Header-Count": "\(request.headers.fields.count)",
                "X-Target": request.target,
            ]
            if let host = request.headers["host"] { headers.add("X-Host", host) }
            return HTTPResponse(status: .ok, headers: headers, body: .bytes(request.body))
        }
    }

    /// Writes `count` chunks `every` interval from a timer queue (a stream's start must not block), then
    /// finishes; stops early once the peer is gone.
    static func emit(
        count: Int, every interval: DispatchTimeInterval, to writer: any HTTPStreamWriter,
        index: Int = 0, _ chunk: @escaping @Sendable (Int) -> [UInt8]
    ) {
        guard index < count else {
            writer.finish()
            return
        }
        guard writer.write(chunk(index)) else { return }
        streamQueue.asyncAfter(deadline: .now() + interval) {
            emit(count: count, every: interval, to: writer, index: index + 1, chunk)
        }
    }

    static let streamQueue = DispatchQueue(label: "test-streams")

    static func parameters(_ query: String?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }
}

/// A server on 127.0.0.1:0 with the test handler, stopped by `stop()`.
final class TestServer: @unchecked Sendable {
    let server: HTTPServer
    let port: Int
    let fileBytes: [UInt8]
    let directory: URL
    let log = AccessLogRecorder()

    init(_ configure: (inout HTTPServer.Configuration) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "httpserver-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        fileBytes = fixtureFileBytes
        let file = directory.appendingPathComponent("fixture.bin")
        try Data(fileBytes).write(to: file)

        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0)
        let log = self.log
        configuration.accessLog = { entry in log.entries.withLock { $0.append(entry) } }
        configure(&configuration)
        server = HTTPServer(
            configuration: configuration, handler: TestHandler(filePath: file.path, fileSize: fileBytes.count))
        port = try server.start().port
    }

    func client(timeout: Double = 5) throws -> RawClient { try RawClient(port: port, timeout: timeout) }

    func stop() {
        server.shutdown(grace: .seconds(2))
        try? FileManager.default.removeItem(at: directory)
    }
}

final class AccessLogRecorder: Sendable {
    let entries = Mutex<[AccessLogEntry]>([])
}

/// A parsed response as it came off the wire.
struct WireResponse {
    var version: String
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
    var text: String { String(decoding: body, as: UTF8.self) }
}

enum ClientError: Error, CustomStringConvertible {
    case connect(Int32)
    case closed(partial: Int)
    case timeout
    case malformed(String)
    var description: String {
        switch self {
        case .connect(let code): "connect failed: errno \(code)"
        case .closed(let partial): "connection closed (\(partial) bytes buffered)"
        case .timeout: "timed out waiting for the server"
        case .malformed(let text): "malformed response: \(text)"
        }
    }
}

/// A blocking TCP client with a receive timeout, so no test can hang.
final class RawClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int, host: String = "127.0.0.1", timeout: Double = 5) throws {
        let isV6 = host.contains(":")
        fd = socket(isV6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let result: Int32
        if isV6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(port).bigEndian
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr(host)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw ClientError.connect(code)
        }
    }

    deinit { Glibc.close(fd) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count <= 0 { return }
            sent += count
        }
    }

    func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes into the buffer; false on EOF, throws on timeout or reset.
    @discardableResult
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
        if count == 0 { return false }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw ClientError.timeout }
        return false  // reset counts as closed
    }

    private func take(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw ClientError.closed(partial: buffer.count) }
        }
        let result = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return result
    }

    private func line() throws -> String {
        while true {
            if let index = buffer.firstIndex(of: 0x0A) {
                let result = buffer[0..<index]
                buffer.removeFirst(index + 1)
                return String(decoding: result.last == 0x0D ? result.dropLast() : result, as: UTF8.self)
            }
            guard try fill() else { throw ClientError.closed(partial: buffer.count) }
        }
    }

    /// Reads only a head (status line and fields), e.g. a `100 Continue`.
    func readHead() throws -> WireResponse {
        let statusLine = try line()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw ClientError.malformed(statusLine) }
        var headers: [(String, String)] = []
        while true {
            let field = try line()
            if field.isEmpty { break }
            guard let colon = field.firstIndex(of: ":") else { throw ClientError.malformed(field) }
            headers.append(
                (String(field[..<colon]), field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return WireResponse(version: String(parts[0]), status: status, headers: headers, body: [])
    }

    /// Reads one complete response, framed the way RFC 9112 §6.3 says a client must.
    func readResponse(head isHeadRequest: Bool = false) throws -> WireResponse {
        var response = try readHead()
        if isHeadRequest || response.status == 204 || response.status == 304 || response.status < 200 {
            return response
        }
        if response.header("transfer-encoding")?.lowercased() == "chunked" {
            while true {
                let sizeLine = try line()
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else {
                    throw ClientError.malformed(sizeLine)
                }
                if size == 0 {
                    while try !line().isEmpty {}
                    break
                }
                response.body += try take(size)
                _ = try take(2)
            }
        } else if let length = response.header("content-length").flatMap({ Int($0) }) {
            response.body = try take(length)
        } else {
            response.body = try readToEnd()
        }
        return response
    }

    /// Everything until the server closes.
    func readToEnd() throws -> [UInt8] {
        while try fill() {}
        defer { buffer.removeAll() }
        return buffer
    }

    /// True when the server closes the connection (EOF or reset) within the receive timeout, with
    /// nothing further to read.
    func isClosedByServer() -> Bool {
        do {
            while try fill() {}
            return true
        } catch {
            return false
        }
    }

    var bufferedCount: Int { buffer.count }
}

/// memcmp: element-wise comparison of megabytes is slow in debug builds.
func bytesEqual(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
    a.count == b.count
        && a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
}

/// SplitMix64: reproducible randomness for the fuzz test and fixtures.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
