import Dispatch
import DistLayout
import InputSafety
import Synchronization

// The contract between the socket server and whatever answers requests (SiteServing, the dev server).
// The server owns framing: Content-Length, Date, Connection, chunking, HEAD bodies. A handler only says
// what the resource is.

/// HTTP-version of a request line (RFC 9112 §2.3).
public struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)
    public var description: String { "HTTP/\(major).\(minor)" }
}

/// An ordered header list with case-insensitive lookup (field names are case-insensitive, RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [(name: String, value: String)] = [] {
        didSet { wireForm = nil }
    }
    /// The fields as they go on the wire, set by `prepared()` and dropped by any change.
    private(set) var wireForm: WireForm?

    public init() {}
    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { add(name, value) }
    }

    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    /// A copy that carries its serialized form. A handler that answers many requests with the same fields
    /// (a cached file's headers) keeps the prepared copy, and the server then copies bytes instead of
    /// checking and encoding every field per response.
    public func prepared() -> HTTPHeaders {
        var copy = self
        var bytes: [UInt8] = []
        ResponseHead.encodeFields(fields, into: &bytes)
        copy.wireForm = WireForm(bytes: bytes)
        return copy
    }

    /// Immutable, so prepared headers are shared between connections without copying.
    final class WireForm: Sendable {
        let bytes: [UInt8]
        init(bytes: [UInt8]) { self.bytes = bytes }
    }

    /// Replaces every field named `name` with one field (or removes them when `value` is nil).
    public subscript(name: String) -> String? {
        get { fields.first { $0.name.caseInsensitiveEquals(name) }?.value }
        set {
            fields.removeAll { $0.name.caseInsensitiveEquals(name) }
            if let newValue { fields.append((name, newValue)) }
        }
    }

    /// All values of `name`, comma-separated lists split and trimmed (RFC 9110 §5.3).
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }
            .flatMap { $0.value.split(separator: ",") }
            .map { $0.trimmingHTTPWhitespace() }
            .filter { !$0.isEmpty }
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }
}

/// A request as the handler sees it: the head, and the body (already read and bounded by the server).
public struct HTTPRequest: Sendable {
    public var method: String
    /// The request-target exactly as received (origin-form `/a/b?q`, or absolute-form `http://h/a/b?q`).
    public var target: String
    /// The path of the target, still percent-encoded (absolute-form reduced to its path).
    public var path: String
    /// The query without the leading `?`, if any.
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The body as it arrives, when the handler asked for it (`streamsBody`) (then `body` is empty).
    public var bodyStream: (any HTTPInboundStream)?
    /// The peer, as `address:port` (for the access log).
    public var remoteAddress: String

    public init(
        method: String, target: String, path: String, query: String? = nil, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:], body: [UInt8] = [], remoteAddress: String = "-"
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }
}

/// A status code with its reason phrase.
public struct HTTPStatus: Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public var reason: String
    public init(_ code: Int, _ reason: String) {
        self.code = code
        self.reason = reason
    }
    public var description: String { "\(code) \(reason)" }

    public static let ok = HTTPStatus(200, "OK")
    public static let partialContent = HTTPStatus(206, "Partial Content")
    public static let movedPermanently = HTTPStatus(301, "Moved Permanently")
    public static let notModified = HTTPStatus(304, "Not Modified")
    public static let badRequest = HTTPStatus(400, "Bad Request")
    public static let forbidden = HTTPStatus(403, "Forbidden")
    public static let notFound = HTTPStatus(404, "Not Found")
    public static let methodNotAllowed = HTTPStatus(405, "Method Not Allowed")
    public static let requestTimeout = HTTPStatus(408, "Request Timeout")
    public static let preconditionFailed = HTTPStatus(412, "Precondition Failed")
    public static let contentTooLarge = HTTPStatus(413, "Content Too Large")
    public static let uriTooLong = HTTPStatus(414, "URI Too Long")
    public static let rangeNotSatisfiable = HTTPStatus(416, "Range Not Satisfiable")
    public static let expectationFailed = HTTPStatus(417, "Expectation Failed")
    public static let requestHeaderFieldsTooLarge = HTTPStatus(431, "Request Header Fields Too Large")
    public static let internalServerError = HTTPStatus(500, "Internal Server Error")
    public static let notImplemented = HTTPStatus(501, "Not Implemented")
    public static let serviceUnavailable = HTTPStatus(503, "Service Unavailable")
    public static let httpVersionNotSupported = HTTPStatus(505, "HTTP Version Not Supported")
}

/// Pushes the bytes of a response produced over time (Server-Sent Events, a proxied upstream body), or the
/// server-to-client direction of a tunnel. Safe to call from any thread.
///
/// Back-pressure: `isWritable` turns false while more than `HTTPStreamWriter.highWaterMark` bytes wait to be
/// sent (written, not yet taken by the socket); a producer that can wait stops and calls `whenWritable`.
/// Writing past the mark is allowed, up to `HTTPStreamWriter.dropMark`, where the connection is dropped.
public protocol HTTPStreamWriter: AnyObject, Sendable {
    /// Queues `bytes` for sending; returns false once the peer has gone (stop producing).
    @discardableResult func write(_ bytes: [UInt8]) -> Bool
    /// Ends the response (a tunnel: ends our direction, as a TCP half-close or TLS close_notify).
    func finish()
    /// Ends the response without its proper end, when what it relays broke: the connection closes after
    /// the bytes queued so far, with no last chunk, so the client sees a cut body and never takes it for a
    /// whole one. (A tunnel: as `finish()`.)
    func abort()
    /// True while the bytes waiting to be sent are under the high-water mark, and the client is there.
    var isWritable: Bool { get }
    /// Calls `resume` once, on a Dispatch worker, as soon as `isWritable` (at once if it is), or when the
    /// client has gone (`write` then returns false).
    func whenWritable(_ resume: @escaping @Sendable () -> Void)
    /// Calls `gone` once, on a Dispatch worker, if the client goes away (or the server shuts down) before
    /// `finish()`; at once if it already has. A producer stops its upstream then.
    func onClientGone(_ gone: @escaping @Sendable () -> Void)
}

extension HTTPStreamWriter {
    /// Bytes waiting to be sent above which `isWritable` is false.
    public static var highWaterMark: Int { 256 * 1024 }
    /// Bytes waiting to be sent above which the connection is dropped (a producer that ignores back-pressure).
    public static var dropMark: Int { 8 * 1024 * 1024 }
}

/// A part of what the client sends after a request head: a request body being streamed, or the
/// client-to-server direction of a tunnel.
public enum HTTPInbound: Sendable, Equatable {
    /// Some bytes, in order (never empty; at most `HTTPInbound.maxChunk`).
    case bytes([UInt8])
    /// Everything arrived (a body: complete, chunked trailers dropped; a tunnel: the client half-closed).
    case end
    /// The client went away, sent a malformed or oversized body, or the server shut down; nothing follows.
    case failed

    /// The most bytes one `.bytes` part carries, which is also what the server buffers ahead of the reader.
    public static let maxChunk = 64 * 1024
}

/// The client's bytes as they arrive, pulled one part at a time: back-pressure is simply not asking. While
/// nobody asks, the server buffers at most about `HTTPInbound.maxChunk` bytes and then stops reading the socket.
public protocol HTTPInboundStream: AnyObject, Sendable {
    /// Asks for the next part. `receive` is called exactly once, on a Dispatch worker; ask again from it (or
    /// later) for the part after. Asking again before the previous answer came is a programming error.
    func next(_ receive: @escaping @Sendable (HTTPInbound) -> Void)
}

/// A connection taken over after a `101 Switching Protocols` head (`HTTPBody.tunnel`): raw bytes both ways
/// through the connection's transport (TLS included). `write`/`finish` send to the client (`finish` half-
/// closes); `next` reads from it (`.end` when it half-closed). The connection closes once both directions
/// ended, or at `close()`, or when the tunnel idled (`HTTPServer.Configuration.tunnelIdleTimeout`).
public protocol HTTPTunnel: HTTPStreamWriter, HTTPInboundStream {
    /// Closes both directions now (queued bytes are dropped).
    func close()
}

/// What a response carries. The server sets Content-Length (or chunks a stream) and omits bodies for HEAD.
public enum HTTPBody: Sendable {
    case empty
    case bytes([UInt8])
    /// A byte range of a file, sent without copying through Swift arrays (sendfile). Opened by path when
    /// the response is written: prefer `opened` when the handler already holds the file.
    case file(path: String, offset: Int, count: Int)
    /// A byte range of a file the handler opened (and checked) itself: the bytes sent are those of the file
    /// it looked at, whatever happens to the path meanwhile.
    case opened(OpenedFile, offset: Int, count: Int)
    /// A body of unknown length produced over time; `start` is called once the head is sent. It must return
    /// promptly (keep the writer, write later from any thread): it runs on a shared Dispatch worker.
    case stream(@Sendable (any HTTPStreamWriter) -> Void)
    /// A body of exactly `count` bytes produced over time, framed by Content-Length (so the connection stays
    /// alive after it). Bytes past `count` are dropped; finishing short ends the connection (the client sees
    /// a short body). Like `stream`, `start` is called once the head is queued, and must return promptly.
    case sizedStream(count: Int, @Sendable (any HTTPStreamWriter) -> Void)
    /// With status 101: after the head (give `Upgrade` yourself; the server writes `Connection: Upgrade`),
    /// the connection becomes a raw tunnel handed to `start` (see `HTTPTunnel`). Bytes the client sent after
    /// its request head are the tunnel's first bytes. With any other status the body is empty.
    case tunnel(@Sendable (any HTTPTunnel) -> Void)

    /// The byte count when known in advance.
    public var knownCount: Int? {
        switch self {
        case .empty: 0
        case .bytes(let bytes): bytes.count
        case .file(_, _, let count): count
        case .opened(_, _, let count): count
        case .stream: nil
        case .sizedStream(let count, _): count
        case .tunnel: 0
        }
    }
}

public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: HTTPBody
    /// For the access log: the content coding sent, when the handler negotiated one.
    public var logCoding: String?

    public init(status: HTTPStatus, headers: HTTPHeaders = [:], body: HTTPBody = .empty, logCoding: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.logCoding = logCoding
    }
}

/// Answers requests: the one contract between the server and what it serves. `respond` runs on the
/// connection's event-loop thread, which other connections share: it may do brief work (open a file) but
/// never waits. Work that waits on something slow (another process, a backend) answers through the reply
/// later, from any thread.
public protocol HTTPHandler: Sendable {
    /// Asked with the head of each request that has a body (`request.body` empty). True: `respond` is called
    /// at once with `request.bodyStream` set, and the body is handed over as it arrives (within
    /// `maxBodySize`), for a proxy that uploads while the client still sends. The answer may come before the
    /// body ended; the connection then closes after it (the rest of the body is not read).
    func streamsBody(of request: HTTPRequest) -> Bool

    /// Answers `request` by calling `reply.send` once, before returning or later. The connection reads no
    /// further request until the answer has come (responses stay in order).
    func respond(to request: HTTPRequest, reply: HTTPReply)
}

extension HTTPHandler {
    /// Bodies arrive whole unless a handler asks for them as they come.
    public func streamsBody(of request: HTTPRequest) -> Bool { false }

    /// Waits for the answer. For callers outside a server (tests, fuzzers); a server never waits on a handler.
    public func response(to request: HTTPRequest) -> HTTPResponse {
        let answered = DispatchSemaphore(value: 0)
        let slot = Mutex<HTTPResponse?>(nil)
        respond(
            to: request,
            reply: HTTPReply { response in
                slot.withLock { $0 = response }
                answered.signal()
            })
        answered.wait()
        return slot.withLock { $0 } ?? HTTPResponse(status: .internalServerError)
    }
}

/// The one answer to one request. An answer sent while `respond` is still running goes out on the same
/// thread with no hop; one sent later is handed to whoever waits for it. A second answer is dropped.
public final class HTTPReply: Sendable {
    private enum State {
        /// Inside the connection's call to `respond`: nobody waits yet.
        case pending
        /// Answered inside that call; the connection takes it when `respond` returns.
        case answered(HTTPResponse)
        /// Someone waits for the answer.
        case awaited(@Sendable (HTTPResponse) -> Void)
        case delivered
    }

    private let state: Mutex<State>

    /// A reply whose answer goes to `deliver`, on whichever thread sends it.
    public init(deliver: @escaping @Sendable (HTTPResponse) -> Void) { state = Mutex(.awaited(deliver)) }

    /// The connection's reply: `settle(later:)` after `respond` returns takes an answer already sent.
    package init() { state = Mutex(.pending) }

    public func send(_ response: HTTPResponse) {
        let deliver: (@Sendable (HTTPResponse) -> Void)? = state.withLock { state in
            switch state {
            case .pending:
                state = .answered(response)
                return nil
            case .awaited(let deliver):
                state = .delivered
                return deliver
            case .answered, .delivered:
                return nil
            }
        }
        deliver?(response)
    }

    /// The answer, when it came during `respond`; else nil, and `later` gets it when it comes.
    package func settle(later: @escaping @Sendable (HTTPResponse) -> Void) -> HTTPResponse? {
        state.withLock { state in
            switch state {
            case .answered(let response):
                state = .delivered
                return response
            case .pending:
                state = .awaited(later)
                return nil
            case .awaited, .delivered:
                return nil
            }
        }
    }
}

extension StringProtocol {
    /// ASCII case-insensitive comparison, as header names and tokens need (no locale, no Unicode folding).
    /// Inlinable: called per header field per request from other modules, where an unspecialized generic
    /// call cost more (metadata lookups for the zip) than the comparison (perf, `Accept-Encoding` path).
    /// Native strings are compared over their contiguous bytes: iterating two `UTF8View`s with `zip` showed
    /// in the profile of small requests (perf, `Accept-Encoding: br, gzip`).
    @inlinable
    public func caseInsensitiveEquals(_ other: some StringProtocol) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        let contiguous = a.withContiguousStorageIfAvailable { x in
            b.withContiguousStorageIfAvailable { y in
                for index in 0..<x.count where !asciiCaseInsensitiveEqual(x[index], y[index]) { return false }
                return true
            }
        }
        if let contiguous, let result = contiguous { return result }
        return zip(a, b).allSatisfy(asciiCaseInsensitiveEqual)
    }

    @inlinable
    func asciiCaseInsensitiveEqual(_ x: UInt8, _ y: UInt8) -> Bool {
        x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A)
    }
}
