import Foundation
import HTTPServer
import SiteServing
import Synchronization

/// Pages the dev server generates about the current build (the size treemap at `sizesPath`), replaced after
/// each rebuild. Only `dev` sets one on `SiteHandler.Options`; `serve` never answers these paths.
public final class DevPages: Sendable {
    public static let sizesPath = "/_gowasm/sizes"

    private let pages = Mutex<[String: [UInt8]]>([:])

    public init() {}

    /// Sets the HTML served at `path` (one of this type's paths).
    public func set(_ path: String, html: String) {
        let bytes = Array(html.utf8)
        pages.withLock { $0[path] = bytes }
    }

    /// The response for `path`, or nil when it is not a dev page; before the first page exists, a 503 that
    /// says why.
    public func response(for path: String) -> HTTPResponse? {
        guard path == Self.sizesPath else { return nil }
        guard let body = pages.withLock({ $0[path] }) else {
            return ErrorPage.response(
                .serviceUnavailable, detail: "The size view is computed after the first good build; reload in a moment."
            )
        }
        return HTTPResponse(
            status: .ok,
            headers: [
                "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
            ],
            body: .bytes(body))
    }
}
