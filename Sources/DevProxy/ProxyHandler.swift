// The dev server's front: requests under a `--proxy` prefix go to their backend, everything else to the
// site. Each proxied exchange runs on a thread of its own (its waits are bounded poll(2)s), so neither the
// event loops nor Dispatch's shared workers ever wait for a backend.
import Foundation
import HTTPServer

public final class ProxyHandler: DeferringHTTPHandler {
    public let routes: ProxyRoutes
    public let options: ProxyOptions
    private let site: any HTTPHandler
    private let deferringSite: (any DeferringHTTPHandler)?
    /// One line per failed exchange (`proxy GET /api/x: backend ... refused the connection`); never blocks.
    private let log: @Sendable (String) -> Void

    public init(
        routes: ProxyRoutes, options: ProxyOptions, site: any HTTPHandler, log: @escaping @Sendable (String) -> Void
    ) {
        self.routes = routes
        self.options = options
        self.site = site
        self.deferringSite = site as? any DeferringHTTPHandler
        self.log = log
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        guard let route = routes.route(for: request.path) else { return site.respond(to: request) }
        let reply = Reply()
        Self.onOwnThread { [self] in reply.set(forward(request, to: route.backend)) }
        return reply.wait()
    }

    public func respond(
        to request: HTTPRequest, replyLater: @escaping @Sendable (HTTPResponse) -> Void
    ) -> HTTPResponse? {
        guard let route = routes.route(for: request.path) else {
            if let deferringSite { return deferringSite.respond(to: request, replyLater: replyLater) }
            return site.respond(to: request)
        }
        Self.onOwnThread { [self] in replyLater(forward(request, to: route.backend)) }
        return nil
    }

    /// Connects, forwards, reads the head; the body follows as a stream the server writes out.
    private func forward(_ request: HTTPRequest, to backend: Backend) -> HTTPResponse {
        let upload = request.body
        var sent = false
        let forwarded = ForwardedRequest(
            method: request.method, path: request.path, query: request.query, headers: request.headers,
            body: upload.isEmpty && !Self.sendsBody(request.method) ? .none : .length(upload.count),
            clientAddress: request.remoteAddress)
        let exchange: BackendExchange
        do {
            exchange = try BackendExchange.start(forwarded, to: backend, options: options) {
                guard !sent else { return .end }
                sent = true
                return .data(upload)
            }
        } catch {
            log("proxy \(request.method) \(request.path): \(error)")
            return Self.failureResponse(error)
        }
        let headers = exchange.responseHeaders
        let status = exchange.head.status
        guard exchange.framing != .none else {
            return HTTPResponse(status: status, headers: headers, body: .empty)
        }
        let log = self.log
        let method = request.method, path = request.path
        return HTTPResponse(status: status, headers: headers, body: .stream { writer in
            Self.onOwnThread {
                do {
                    try exchange.forwardBody { piece in writer.write(piece) }
                    writer.finish()
                } catch {
                    // The head is out: the client learns of the failure by a cut stream (no last chunk).
                    log("proxy \(method) \(path): \(error)")
                    writer.finish()
                }
            }
        })
    }

    /// Methods whose requests carry a body even when it is empty (`Content-Length: 0`, as clients send).
    private static func sendsBody(_ method: String) -> Bool {
        method == "POST" || method == "PUT" || method == "PATCH"
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

/// A response handed from the exchange's thread to a caller that waits for it.
private final class Reply: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var response: HTTPResponse?

    func set(_ response: HTTPResponse) {
        self.response = response
        done.signal()
    }

    func wait() -> HTTPResponse {
        done.wait()
        return response ?? HTTPResponse(status: .internalServerError)
    }
}
