import Foundation
import GoJSHost

/// `window.fetch` for a pre-render: same-origin paths are answered from the dist's files (so data the app
/// loads at start-up ends up in the page); any other origin fails as a network error (`TypeError: Failed
/// to fetch`), as it would offline. The response arrives in a task of its own, like a real network reply.
struct DistFetch {
    let dist: URL
    let runtime: GoJSRuntime
    /// `location` of the page: relative URLs resolve against it, and it defines "same origin".
    let pageURL: () -> URL

    func install() {
        runtime.global.properties["fetch"] = .object(runtime.makeFunction("fetch") { _, arguments in
            .object(fetch(arguments))
        })
    }

    private func fetch(_ arguments: [JSValue]) -> JSPromise {
        let promise = runtime.makePromise()
        let target = requestURL(arguments.first ?? .undefined)
        var method = "GET"
        if let options = arguments.dropFirst().first?.object, let value = try? options.get("method"), !value.isNullish {
            method = value.stringValue.uppercased()
        }
        let reply = answer(target, method: method)
        runtime.enqueueTask { () throws(JSException) in
            switch reply {
            case .success(let response): promise.resolve(.object(response))
            case .failure(let message): promise.reject(.object(runtime.makeError(.typeError, message)))
            }
        }
        return promise
    }

    private enum Reply {
        case success(JSObject)
        case failure(String)
    }

    /// `fetch(url)` or `fetch(request)` (anything with a `url` property).
    private func requestURL(_ input: JSValue) -> String {
        if case .object(let object) = input, let url = try? object.get("url"), !url.isUndefined { return url.stringValue }
        return input.stringValue
    }

    private func answer(_ target: String, method: String) -> Reply {
        let base = pageURL()
        guard let url = URL(string: target, relativeTo: base)?.absoluteURL else {
            return .failure("Failed to parse URL from \(target)")
        }
        guard url.scheme == base.scheme, url.host == base.host, url.port == base.port else {
            return .failure("Failed to fetch (\(url.absoluteString) is not served during pre-rendering)")
        }
        guard method == "GET" || method == "HEAD" else {
            return .success(makeResponse(url: url, status: 405, statusText: "Method Not Allowed", body: [], type: "text/plain"))
        }
        var path = url.path.split(separator: "/").joined(separator: "/")
        path = path.removingPercentEncoding ?? path
        if path.isEmpty || !DistFiles.isRegularFile(dist, path) {
            let index = path.isEmpty ? "index.html" : path + "/index.html"
            if DistFiles.isRegularFile(dist, index) { path = index }
        }
        guard DistFiles.isRegularFile(dist, path), let bytes = try? DistFiles.read(dist, path) else {
            return .success(makeResponse(url: url, status: 404, statusText: "Not Found", body: [], type: "text/plain"))
        }
        return .success(makeResponse(
            url: url, status: 200, statusText: "OK", body: method == "HEAD" ? [] : bytes, type: Self.mediaType(of: path)))
    }

    /// A `Response`: status, headers and the body readers Go code uses (`text`, `json`, `arrayBuffer`).
    private func makeResponse(url: URL, status: Int, statusText: String, body: [UInt8], type: String) -> JSObject {
        let runtime = self.runtime
        let headerValues = ["content-type": type, "content-length": String(body.count)]
        let headers = runtime.makeObject()
        headers.properties["get"] = .object(runtime.makeFunction("get") { _, arguments in
            headerValues[(arguments.first ?? .undefined).stringValue.lowercased()].map { .string($0) } ?? .null
        })
        headers.properties["has"] = .object(runtime.makeFunction("has") { _, arguments in
            .bool(headerValues[(arguments.first ?? .undefined).stringValue.lowercased()] != nil)
        })
        let response = runtime.makeObject([
            "ok": .bool((200..<300).contains(status)), "status": .number(Double(status)),
            "statusText": .string(statusText), "url": .string(url.absoluteString), "redirected": false,
            "type": "basic", "bodyUsed": false, "headers": .object(headers),
        ])
        let text = String(decoding: body, as: UTF8.self)
        func settled(_ value: () throws(JSException) -> JSValue) -> JSValue {
            let promise = runtime.makePromise()
            do throws(JSException) {
                promise.resolve(try value())
            } catch {
                promise.reject(error.value)
            }
            return .object(promise)
        }
        response.properties["text"] = .object(runtime.makeFunction("text") { _, _ in settled { .string(text) } })
        response.properties["json"] = .object(runtime.makeFunction("json") { _, _ in
            settled { () throws(JSException) -> JSValue in
                guard case .object(let json) = try runtime.global.get("JSON") else { throw .typeError("JSON is not defined") }
                guard case .object(let parse) = try json.get("parse") else { throw .typeError("JSON.parse is not defined") }
                return try parse.call(this: .object(json), arguments: [.string(text)])
            }
        })
        response.properties["arrayBuffer"] = .object(runtime.makeFunction("arrayBuffer") { _, _ in
            settled { .object(JSArrayBuffer(bytes: body, prototype: runtime.intrinsics.arrayBufferPrototype)) }
        })
        response.properties["clone"] = .object(runtime.makeFunction("clone") { _, _ in .object(response) })
        return response
    }

    /// The Content-Type `gowasm-serve serve` would send for the common data files an app fetches.
    static func mediaType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "json", "map": "application/json"
        case "html", "htm": "text/html; charset=utf-8"
        case "txt", "md": "text/plain; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "xml": "application/xml"
        case "wasm": "application/wasm"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        default: "application/octet-stream"
        }
    }
}
