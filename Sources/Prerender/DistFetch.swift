import Foundation
import GoJSHost
import SiteServing

/// `fetch` for a pre-render, with what Go's `net/http` (`roundtrip_js.go`) uses of it: `Headers`,
/// `AbortController`, a `Response` with `status`, `headers.entries()`, `body.getReader()`, `arrayBuffer()`,
/// `text()` and `json()`.
///
/// Same-origin requests are answered from the dist under `serve`'s rules (`RequestPath`, `SiteRoot`): no
/// dotfiles, no `..`, no symlink out of the dist, a directory without its slash redirected (and followed,
/// as fetch does). Any other origin, or a scheme other than the page's, is a network error
/// (`TypeError: Failed to fetch`, Chromium's words). The reply arrives in a task of its own, like a real one.
struct DistFetch {
    let root: SiteRoot
    let runtime: GoJSRuntime
    /// `location` of the page: relative URLs resolve against it, and it defines "same origin".
    let pageURL: () -> URL

    func install() {
        runtime.global.properties["fetch"] = .object(runtime.makeFunction("fetch") { _, arguments in
            .object(fetch(arguments))
        })
        runtime.global.properties["Headers"] = .object(JSFunction(
            name: "Headers", prototype: runtime.intrinsics.functionPrototype,
            constructor: { [runtime] arguments throws(JSException) in
                let headers = HeaderList()
                if case .object(let initial) = arguments.first ?? .undefined {
                    for key in initial.ownKeys() { headers.append(key, try initial.get(key).stringValue) }
                }
                return .object(headers.object(in: runtime))
            }
        ) { _, _ throws(JSException) in throw .typeError("Failed to construct 'Headers': Please use the 'new' operator") })
        runtime.global.properties["AbortController"] = .object(JSFunction(
            name: "AbortController", prototype: runtime.intrinsics.functionPrototype,
            constructor: { [runtime] _ throws(JSException) in .object(Self.abortController(in: runtime)) }
        ) { _, _ throws(JSException) in throw .typeError("Failed to construct 'AbortController': Please use the 'new' operator") })
    }

    private func fetch(_ arguments: [JSValue]) -> JSPromise {
        let promise = runtime.makePromise()
        let reply = answer(to: arguments)
        runtime.enqueueTask { () throws(JSException) in
            switch reply {
            case .success(let response): promise.resolve(.object(response.object(in: runtime)))
            case .failure(let error): promise.reject(.object(runtime.makeError(.typeError, error.message)))
            }
        }
        return promise
    }

    /// What the network says to a request: a response, or a network error's message.
    private func answer(to arguments: [JSValue]) -> Result<DistResponse, NetworkError> {
        let input = arguments.first ?? .undefined
        var target = input.stringValue
        if case .object(let request) = input, let url = try? request.get("url"), !url.isUndefined { target = url.stringValue }
        var method = "GET"
        if let options = arguments.dropFirst().first?.object, let value = try? options.get("method"), !value.isNullish {
            method = value.stringValue.uppercased()
        }
        let base = pageURL()
        guard let url = URL(string: target, relativeTo: base)?.absoluteURL else {
            return .failure(NetworkError("Failed to execute 'fetch' on 'Window': Failed to parse URL from \(target)"))
        }
        guard url.scheme == base.scheme, url.host == base.host, url.port == base.port else {
            return .failure(NetworkError("Failed to fetch"))
        }
        guard method == "GET" || method == "HEAD" else {
            return .success(DistResponse(url: url, status: 405, headers: ["allow": "GET, HEAD"]))
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
                url: url, status: 200, headers: ["content-type": type, "content-length": String(bytes.count)],
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

    private struct NetworkError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// `new AbortController()`: a signal that is never aborted before the reply (replies come from memory).
    private static func abortController(in runtime: GoJSRuntime) -> JSObject {
        let signal = runtime.makeObject(["aborted": false, "reason": .undefined])
        signal.properties["addEventListener"] = .object(runtime.makeFunction("addEventListener") { _, _ in .undefined })
        signal.properties["removeEventListener"] = .object(runtime.makeFunction("removeEventListener") { _, _ in .undefined })
        let controller = runtime.makeObject(["signal": .object(signal)])
        controller.properties["abort"] = .object(runtime.makeFunction("abort") { _, _ in
            signal.properties["aborted"] = true
            return .undefined
        })
        return controller
    }
}

/// A `Headers` list: names lower-cased, iterated sorted by name as browsers do.
final class HeaderList {
    private(set) var fields: [(name: String, value: String)] = []

    init(_ initial: KeyValuePairs<String, String> = [:]) {
        for (name, value) in initial { append(name, value) }
    }

    func append(_ name: String, _ value: String) { fields.append((name.lowercased(), value)) }

    func get(_ name: String) -> String? {
        let values = fields.filter { $0.name == name.lowercased() }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }

    /// Combined values per name, sorted by name.
    var combined: [(String, String)] {
        Set(fields.map(\.name)).sorted().compactMap { name in get(name).map { (name, $0) } }
    }

    func object(in runtime: GoJSRuntime) -> JSObject {
        let headers = runtime.makeObject()
        func method(_ name: String, _ body: @escaping JSNativeFunction) {
            headers.properties[name] = .object(runtime.makeFunction(name, body))
        }
        method("append") { [self] _, arguments in
            append(arguments.at(0).stringValue, arguments.at(1).stringValue)
            return .undefined
        }
        method("set") { [self] _, arguments in
            let name = arguments.at(0).stringValue.lowercased()
            fields.removeAll { $0.name == name }
            append(name, arguments.at(1).stringValue)
            return .undefined
        }
        method("delete") { [self] _, arguments in
            let name = arguments.at(0).stringValue.lowercased()
            fields.removeAll { $0.name == name }
            return .undefined
        }
        method("get") { [self] _, arguments in get(arguments.at(0).stringValue).map { .string($0) } ?? .null }
        method("has") { [self] _, arguments in .bool(get(arguments.at(0).stringValue) != nil) }
        method("entries") { [self] _, _ in
            .object(Self.iterator(combined.map { .object(runtime.makeArray([.string($0.0), .string($0.1)])) }, in: runtime))
        }
        method("keys") { [self] _, _ in .object(Self.iterator(combined.map { .string($0.0) }, in: runtime)) }
        method("values") { [self] _, _ in .object(Self.iterator(combined.map { .string($0.1) }, in: runtime)) }
        method("forEach") { [self] this, arguments throws(JSException) in
            guard case .object(let callback) = arguments.at(0), callback.isCallable else {
                throw .typeError("Headers.forEach: the callback is not a function")
            }
            for (name, value) in combined { _ = try callback.call(this: .undefined, arguments: [.string(value), .string(name), this]) }
            return .undefined
        }
        return headers
    }

    /// An iterator object (`next()` → `{value, done}`) over `values`.
    static func iterator(_ values: [JSValue], in runtime: GoJSRuntime) -> JSObject {
        var index = 0
        let iterator = runtime.makeObject()
        iterator.properties["next"] = .object(runtime.makeFunction("next") { _, _ in
            defer { index += 1 }
            guard index < values.count else { return .object(runtime.makeObject(["value": .undefined, "done": true])) }
            return .object(runtime.makeObject(["value": values[index], "done": false]))
        })
        return iterator
    }
}

/// A reply from the dist, made into a `Response` object in the task that delivers it.
struct DistResponse {
    let url: URL
    let status: Int
    var headers: KeyValuePairs<String, String> = [:]
    var body: [UInt8] = []
    var redirected = false

    static func statusText(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        default: ""
        }
    }

    func object(in runtime: GoJSRuntime) -> JSObject {
        let body = self.body
        let response = runtime.makeObject([
            "ok": .bool((200..<300).contains(status)), "status": .number(Double(status)),
            "statusText": .string(Self.statusText(status)), "url": .string(url.absoluteString),
            "redirected": .bool(redirected), "type": "basic", "bodyUsed": false,
            "headers": .object(HeaderList(headers).object(in: runtime)),
        ])
        /// The body is read once, by whichever reader comes first, as in a browser.
        func consume() throws(JSException) -> [UInt8] {
            guard response.properties["bodyUsed"]?.truthy != true else {
                throw .typeError("Failed to execute on 'Response': body stream already read")
            }
            response.properties["bodyUsed"] = true
            return body
        }
        func settled(_ value: () throws(JSException) -> JSValue) -> JSValue {
            let promise = runtime.makePromise()
            do throws(JSException) {
                promise.resolve(try value())
            } catch {
                promise.reject(error.value)
            }
            return .object(promise)
        }
        func method(_ object: JSObject, _ name: String, _ body: @escaping JSNativeFunction) {
            object.properties[name] = .object(runtime.makeFunction(name, body))
        }
        method(response, "text") { _, _ in
            settled { () throws(JSException) -> JSValue in .string(String(decoding: try consume(), as: UTF8.self)) }
        }
        method(response, "json") { _, _ in
            settled { () throws(JSException) -> JSValue in
                let text = String(decoding: try consume(), as: UTF8.self)
                guard case .object(let json) = try runtime.global.get("JSON") else { throw .typeError("JSON is not defined") }
                guard case .object(let parse) = try json.get("parse") else { throw .typeError("JSON.parse is not defined") }
                return try parse.call(this: .object(json), arguments: [.string(text)])
            }
        }
        method(response, "arrayBuffer") { _, _ in
            settled { () throws(JSException) -> JSValue in
                .object(JSArrayBuffer(bytes: try consume(), prototype: runtime.intrinsics.arrayBufferPrototype))
            }
        }
        method(response, "clone") { _, _ in .object(object(in: runtime)) }
        // `body`: a stream whose reader yields the whole body as one chunk, then `done`.
        let stream = runtime.makeObject()
        method(stream, "getReader") { _, _ in
            var pending: [UInt8]?
            var started = false
            let reader = runtime.makeObject()
            method(reader, "read") { _, _ in
                settled { () throws(JSException) -> JSValue in
                    if !started {
                        started = true
                        pending = try consume()
                    }
                    guard let chunk = pending, !chunk.isEmpty else {
                        return .object(runtime.makeObject(["value": .undefined, "done": true]))
                    }
                    pending = nil
                    return .object(runtime.makeObject(["value": .object(runtime.makeUint8Array(chunk)), "done": false]))
                }
            }
            method(reader, "cancel") { _, _ in
                pending = nil
                started = true
                return settled { .undefined }
            }
            method(reader, "releaseLock") { _, _ in .undefined }
            return .object(reader)
        }
        response.properties["body"] = .object(stream)
        return response
    }
}

extension Array where Element == JSValue {
    /// The argument at `index`, `undefined` when missing (as JavaScript passes it).
    fileprivate func at(_ index: Int) -> JSValue { index < count ? self[index] : .undefined }
}
