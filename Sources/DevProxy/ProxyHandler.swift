// The dev server's front: requests under a `--proxy` prefix go to their backend, everything else to the
// site. Each proxied exchange runs on a thread of its own whose waits are bounded poll(2)s, so neither the
// event loops nor Dispatch's shared workers ever wait for a backend. Both bodies move in pieces of at most
// 64 KiB, each asked for only when the other side took the last one (HTTPServer's streaming seams).
import Foundation
import HTTPServer

public final class ProxyHandler: HTTPHandler {
    public let routes: ProxyRoutes
    public let options: ProxyOptions
    private let site: any HTTPHandler
    /// Site paths whose request bodies the site reads whole (dev's report endpoint), with their limits: the
    /// server's body limit is lifted with `--proxy`, so they are collected here, within the limit.
    private let siteBodies: [String: Int]
    /// One line per failed exchange (`proxy GET /api/x: backend ... refused the connection`); never blocks.
    private let log: @Sendable (String) -> Void

    public init(
        routes: ProxyRoutes, options: ProxyOptions, site: any HTTPHandler, siteBodies: [String: Int] = [:],
        log: @escaping @Sendable (String) -> Void
    ) {
        self.routes = routes
        self.siteBodies = siteBodies
        self.options = options
        self.site = site
        self.log = log
    }

    /// Every body streams: a proxied one to its backend; one sent to the site (which serves GET and HEAD) is
    /// never read, so a large one is not buffered (the server closes the connection after the answer).
    /// With `--proxy` the server's body limit is lifted for the same reason: nothing is held whole.
    public func streamsBody(of request: HTTPRequest) -> Bool { true }

    public func respond(to request: HTTPRequest, reply: HTTPReply) {
        if let route = routes.route(for: request.path) {
            return Self.onOwnThread { [self] in reply.send(forward(request, to: route.backend)) }
        }
        guard let limit = siteBodies[request.path], let stream = request.bodyStream else {
            return site.respond(to: request, reply: reply)
        }
        Self.collect(stream, limit: limit) { [self] body in
            guard let body else { return reply.send(Self.bodyRefusal(limit: limit)) }
            var whole = request
            whole.body = body
            whole.bodyStream = nil
            site.respond(to: whole, reply: reply)
        }
    }

    /// Connects, forwards head and body, reads the response head; the response body (or, after a 101, the
    /// tunnel) follows once the server has sent the head.
    private func forward(_ request: HTTPRequest, to backend: Backend) -> HTTPResponse {
        let upload = UploadSource(request, timeout: options.timeout)
        let forwarded = ForwardedRequest(
            method: request.method, path: request.path, query: request.query, headers: request.headers,
            body: upload.framing, clientAddress: request.remoteAddress, scheme: options.scheme)
        let exchange: BackendExchange
        do {
            exchange = try BackendExchange.start(forwarded, to: backend, options: options, nextBodyPiece: upload.next)
        } catch {
            log("proxy \(request.method) \(request.path): \(error)")
            return Self.failureResponse(error)
        }
        let status = exchange.head.status
        let headers = exchange.responseHeaders
        let failed: @Sendable (ProxyFailure) -> Void = { [log, method = request.method, path = request.path] in
            log("proxy \(method) \(path): \($0)")
        }
        if status.code == 101 {
            return HTTPResponse(
                status: status, headers: headers,
                body: .tunnel { tunnel in
                    ByteTunnel(exchange: exchange, client: tunnel, failed: failed).start()
                })
        }
        let pump: @Sendable (any HTTPStreamWriter) -> Void = { writer in
            writer.onClientGone { exchange.abort() }
            Self.onOwnThread {
                do throws(ProxyFailure) {
                    try exchange.forwardBody { piece in writer.writeWaiting(piece) }
                    writer.finish()
                } catch {
                    // The head is out: the client can only learn of the failure by a cut body (short of
                    // its Content-Length, or chunked without the last chunk) and the connection's close.
                    failed(error)
                    writer.abort()
                }
            }
        }
        if request.method == "HEAD", let length = Self.headLength(of: exchange.head) {
            // The backend's length stands for the body a GET would get; the server sends no body for HEAD.
            return HTTPResponse(status: status, headers: headers, body: .sizedStream(count: length) { $0.finish() })
        }
        switch exchange.framing {
        case .none: return HTTPResponse(status: status, headers: headers, body: .empty)
        case .length(let count):
            return HTTPResponse(status: status, headers: headers, body: .sizedStream(count: count, pump))
        case .chunked, .untilClose: return HTTPResponse(status: status, headers: headers, body: .stream(pump))
        }
    }

    /// A streamed body read whole, or nil when it failed or grew past `limit` bytes.
    static func collect(
        _ stream: any HTTPInboundStream, limit: Int, into bytes: [UInt8] = [],
        done: @escaping @Sendable ([UInt8]?) -> Void
    ) {
        stream.next { part in
            switch part {
            case .bytes(let more):
                guard more.count <= limit - bytes.count else { return done(nil) }
                collect(stream, limit: limit, into: bytes + more, done: done)
            case .end: done(bytes)
            case .failed: done(nil)
            }
        }
    }

    static func bodyRefusal(limit: Int) -> HTTPResponse {
        HTTPResponse(
            status: .contentTooLarge,
            headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"],
            body: .bytes(Array("413 Content Too Large: at most \(limit) bytes here\n".utf8)))
    }

    /// The length a HEAD response announces: the backend's `Content-Length` when it is a valid one (the same
    /// rule a GET's framing applies), else none. A `-1` here once reached the response encoder.
    public static func headLength(of head: HTTPResponseHead) -> Int? {
        if case .valid(let length) = ForwardingRules.announcedLength(head) { return length }
        return nil
    }

    static func failureResponse(_ failure: ProxyFailure) -> HTTPResponse {
        let status = failure.status == 504 ? HTTPStatus(504, "Gateway Timeout") : HTTPStatus(502, "Bad Gateway")
        return HTTPResponse(
            status: status, headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"],
            body: .bytes(Array("\(status.code) \(status.reason): \(failure)\n".utf8)))
    }

    static func onOwnThread(_ work: @escaping @Sendable () -> Void) {
        let thread = Thread(block: work)
        thread.name = "gowasm-serve.proxy"
        thread.start()
    }
}

/// The client's request body, piece by piece, for the exchange's thread: each piece is asked for only once
/// the previous one went to the backend.
private struct UploadSource {
    let framing: ForwardedBodyFraming
    private let stream: (any HTTPInboundStream)?
    private let buffered: [UInt8]
    private let timeout: Double

    init(_ request: HTTPRequest, timeout: Double) {
        self.timeout = timeout
        stream = request.bodyStream
        buffered = request.body
        if case .valid(let length) = ForwardingRules.announcedLength(request.headers.values("content-length")) {
            framing = .length(length)
        } else if request.headers["transfer-encoding"] != nil {
            framing = .chunked
        } else if !request.body.isEmpty {
            framing = .length(request.body.count)
        } else {
            framing = .none
        }
    }

    var next: () -> RequestBodyPiece {
        guard let stream else {
            var sent = false
            let body = buffered
            return {
                defer { sent = true }
                return sent ? .end : .data(body)
            }
        }
        return { [timeout] in
            switch stream.nextPart(timeout: timeout) {
            case .bytes(let bytes)?: .data(bytes)
            case .end?: .end
            case .failed?: .aborted
            case nil: .stalled
            }
        }
    }
}
