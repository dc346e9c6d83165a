import DistLayout
import Foundation
import JavaScript

/// The network of a pre-render (what `fetch` in JS/browser.js asks, through `PageRuntime`).
///
/// Same-origin requests are answered from the dist under `serve`'s rules (`RequestPath`, `SiteRoot`): no
/// dotfiles, no `..`, no symlink out of the dist, a directory without its slash redirected (and followed,
/// as fetch does). Any other origin, or a scheme other than the page's, is a network error
/// (`TypeError: Failed to fetch`, Chromium's words). The reply arrives in a task of its own, like a real one.
struct DistFetch {
    let root: SiteRoot

    /// What the network says to a request for `target` (resolved against the page's `base`): a response,
    /// or a network error's message.
    func answer(to target: String, method: String, base: URL) -> Result<DistResponse, NetworkError> {
        guard let url = URL(string: target, relativeTo: base)?.absoluteURL else {
            return .failure(NetworkError("Failed to execute 'fetch' on 'Window': Failed to parse URL from \(target)"))
        }
        guard url.scheme == base.scheme, url.host == base.host, url.port == base.port else {
            return .failure(NetworkError("Failed to fetch"))
        }
        let method = method.uppercased()
        guard method == "GET" || method == "HEAD" else {
            return .success(DistResponse(url: url, status: 405, headers: [("allow", "GET, HEAD")]))
        }
        return .success(serve(url, method: method))
    }

    /// The dist's answer for a same-origin GET or HEAD, as `gowasm-serve serve` gives it.
    private func serve(_ url: URL, method: String, redirected: Bool = false) -> DistResponse {
        let path: RequestPath
        do {
            path = try RequestPath(decoding: url.path(percentEncoded: true))
        } catch {
            return DistResponse(url: url, status: 400, redirected: redirected)
        }
        switch root.lookup(path) {
        case .file(let found):
            // Read from the descriptor the lookup opened, so the bytes are those of the file it checked.
            let reader = FileHandle(fileDescriptor: found.file.descriptor, closeOnDealloc: false)
            guard let bytes = try? reader.readToEnd() ?? Data() else {
                return DistResponse(url: url, status: 500, redirected: redirected)
            }
            let type = MediaType.forFileName(found.path).value
            return DistResponse(
                url: url, status: 200, headers: [("content-type", type), ("content-length", String(bytes.count))],
                body: method == "HEAD" ? [] : Array(bytes), redirected: redirected)
        case .directoryWithoutSlash where !redirected:
            // serve answers 301 to `dir/`; fetch follows it.
            var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
            components?.percentEncodedPath += "/"
            guard let next = components?.url else { return DistResponse(url: url, status: 404) }
            return serve(next, method: method, redirected: true)
        case .directoryWithoutSlash, .notFound:
            return DistResponse(url: url, status: 404, redirected: redirected)
        case .unavailable:
            return DistResponse(url: url, status: 503, redirected: redirected)
        }
    }

}

/// A network error: `fetch` rejects with `TypeError(message)`.
struct NetworkError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A reply from the dist, made into a `Response` object in the task that delivers it.
struct DistResponse {
    let url: URL
    let status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    var redirected = false

    /// The reply as fetch.js reads it (status, statusText, url, redirected, headers, body bytes).
    func object(in js: JSContext) throws(JavaScriptError) -> JSValue {
        js.object([
            "status": js.number(status), "statusText": js.string(Self.statusText(status)),
            "url": js.string(url.absoluteString), "redirected": js.boolean(redirected),
            "headers": js.array(headers.map { js.array([js.string($0.0), js.string($0.1)]) }),
            "body": try js.uint8Array(copying: body),
        ])
    }

    static func statusText(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        default: ""
        }
    }
}
