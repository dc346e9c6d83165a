import HTTPServer
import SiteServing

/// `dev`'s own endpoints, in front of the site as a decorator (as `ProxyHandler` is): live reload's event
/// stream and client script, the diagnosis layer's script and report channel, and the pages about the current
/// build (`/_gowasm/sizes`). Every other request goes to the site. The user's response policy (`--header`,
/// `--cors`, `--coop-coep`) applies to these answers as it does to the site's.
public final class DevRoutes: HTTPHandler {
    private let site: any HTTPHandler
    private let liveReload: LiveReload?
    private let pageDiagnosis: PageDiagnosis?
    private let devPages: DevPages?
    private let policy: ResponsePolicy

    public init(
        site: any HTTPHandler, liveReload: LiveReload? = nil, pageDiagnosis: PageDiagnosis? = nil,
        devPages: DevPages? = nil, policy: ResponsePolicy = ResponsePolicy()
    ) {
        self.site = site
        self.liveReload = liveReload
        self.pageDiagnosis = pageDiagnosis
        self.devPages = devPages
        self.policy = policy
    }

    public func streamsBody(of request: HTTPRequest) -> Bool { site.streamsBody(of: request) }

    public func respond(to request: HTTPRequest, reply: HTTPReply) {
        guard let answer = endpoint(for: request) else { return site.respond(to: request, reply: reply) }
        if let preflight = policy.preflightResponse(to: request, allowedMethods: SiteHandler.allowedMethods) {
            return reply.send(preflight)
        }
        reply.send(policy.apply(to: answer()))
    }

    /// The endpoint `request` is for, if it is one of dev's. The report channel checks its own method; the
    /// rest are GET and HEAD only (the site answers 405 for anything else, as for its files).
    private func endpoint(for request: HTTPRequest) -> (() -> HTTPResponse)? {
        if let pageDiagnosis {
            if request.path == PageDiagnosis.reportPath { return { pageDiagnosis.respond(to: request) } }
            if request.path == PageDiagnosis.scriptPath, request.method == "GET" || request.method == "HEAD" {
                return pageDiagnosis.scriptResponse
            }
        }
        guard request.method == "GET" || request.method == "HEAD" else { return nil }
        if let liveReload {
            if request.path == LiveReload.eventsPath { return liveReload.eventsResponse }
            if request.path == LiveReload.scriptPath { return liveReload.scriptResponse }
        }
        if let response = devPages?.response(for: request.path) { return { response } }
        return nil
    }

    /// One of dev's scripts: revalidated on every load (it changes with the build), never sniffed.
    static func scriptResponse(_ script: [UInt8]) -> HTTPResponse {
        HTTPResponse(
            status: .ok,
            headers: [
                "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache",
                "X-Content-Type-Options": "nosniff",
            ],
            body: .bytes(script))
    }

    /// HTML pages as `dev` serves them: the live-reload client before `</body>`, and the diagnosis layer first
    /// in `<head>` (`SiteHandler.Options.pageTransform`).
    public static func pageTransform(liveReload: Bool, diagnosis: Bool) -> (@Sendable ([UInt8]) -> [UInt8])? {
        switch (liveReload, diagnosis) {
        case (true, true): { PageDiagnosis.inject(into: LiveReload.inject(into: $0)) }
        case (true, false): { LiveReload.inject(into: $0) }
        case (false, true): { PageDiagnosis.inject(into: $0) }
        case (false, false): nil
        }
    }
}
