// Test scaffolding: a server started in-process on port 0 with a handler that echoes and serves fixtures,
// and a blocking raw-socket client that reads responses byte by byte off the wire.
import Foundation
import HTTPServer
import Synchronization
import TestSupport
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

    func client(timeout: Double = 20) throws -> WireConnection {
        try WireConnection(port: UInt16(port), timeout: timeout)
    }

    func stop() {
        server.shutdown(grace: .seconds(2))
        try? FileManager.default.removeItem(at: directory)
    }
}

final class AccessLogRecorder: Sendable {
    let entries = Mutex<[AccessLogEntry]>([])
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
