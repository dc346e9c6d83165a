import Foundation
import GoJSHost

/// Exposes a `Document` to a Go program through GoJSHost's host-object protocol: `document`, `window`
/// (the global), node objects, `location`, `history`, storage, `requestAnimationFrame`, `navigator`,
/// `innerWidth`/`innerHeight` and `matchMedia`.
///
/// ```swift
/// let runtime = try GoJSRuntime(module: wasm, configuration: config)
/// let bindings = DOMBindings(document: document, runtime: runtime, url: "https://app.test/route")
/// bindings.install()
/// _ = try runtime.run()
/// print(document.dumpDOM)
/// ```
public final class DOMBindings {
    public let document: Document
    public let runtime: GoJSRuntime
    /// `location.href`; `history.pushState`/`replaceState` update it.
    public private(set) var url: URL
    public var userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) gowasm-serve"
    public var viewport = (width: 1280, height: 800)
    /// `window.localStorage` / `sessionStorage` contents (in memory, per run).
    public let localStorage = JSStorage()
    public let sessionStorage = JSStorage()

    /// One wrapper per node while it is alive, so the same node is the same JS object (Go's `Value.Equal`).
    /// Held weakly: wrappers hold the bindings (which the `document` global keeps alive), not the reverse.
    private var wrappers: [ObjectIdentifier: WeakWrapper] = [:]

    private struct WeakWrapper {
        weak var object: NodeObject?
    }

    public init(document: Document, runtime: GoJSRuntime, url: String? = nil) {
        self.document = document
        self.runtime = runtime
        self.url = URL(string: url ?? document.url) ?? URL(fileURLWithPath: "/")
        document.url = self.url.absoluteString
    }

    /// Adds the DOM globals to the runtime's global object.
    public func install() {
        let global = runtime.global
        global.properties["window"] = .object(global)
        global.properties["self"] = .object(global)
        global.properties["document"] = wrap(document)
        global.properties["location"] = .object(LocationObject(bindings: self))
        global.properties["history"] = .object(makeHistory())
        global.properties["navigator"] = .object(runtime.makeObject(["userAgent": .string(userAgent), "language": "en-US"]))
        global.properties["localStorage"] = .object(localStorage)
        global.properties["sessionStorage"] = .object(sessionStorage)
        global.properties["innerWidth"] = .number(Double(viewport.width))
        global.properties["innerHeight"] = .number(Double(viewport.height))
        global.properties["devicePixelRatio"] = 1
        global.properties["matchMedia"] = .object(runtime.makeFunction("matchMedia") { [runtime] _, arguments in
            let media = arguments.first?.stringValue ?? ""
            let list = runtime.makeObject(["matches": false, "media": .string(media)])
            for name in ["addListener", "removeListener", "addEventListener", "removeEventListener"] {
                list.properties[name] = .object(runtime.makeFunction(name) { _, _ in .undefined })
            }
            return .object(list)
        })
        var nextFrame = 0
        var frames: [Int: Int] = [:]
        global.properties["requestAnimationFrame"] = .object(runtime.makeFunction("requestAnimationFrame") {
            [runtime] (_: JSValue, arguments: [JSValue]) throws(JSException) -> JSValue in
            guard let callback = arguments.first, callback.object?.isCallable == true else {
                throw .typeError("requestAnimationFrame needs a function")
            }
            nextFrame += 1
            let id = nextFrame
            // A frame every 16 ms of the runtime's clock; the callback gets the timestamp like a browser's.
            frames[id] = runtime.setTimer(milliseconds: 16) { () throws(JSException) -> Void in
                frames[id] = nil
                _ = try callback.object?.call(this: .undefined, arguments: [.number(Date().timeIntervalSince1970 * 1000)])
            }
            return .number(Double(id))
        })
        global.properties["cancelAnimationFrame"] = .object(runtime.makeFunction("cancelAnimationFrame") {
            [runtime] _, arguments in
            if let timer = frames.removeValue(forKey: arguments.first?.integerValue ?? 0) { runtime.clearTimer(timer) }
            return .undefined
        })
        let listeners = ListenerRecorder(runtime: runtime)
        global.properties["addEventListener"] = .object(listeners.add)
        global.properties["removeEventListener"] = .object(listeners.remove)
    }

    // MARK: Wrapping

    /// The JS object for a node (created once per node).
    public func wrap(_ node: Node?) -> JSValue {
        guard let node else { return .null }
        if let existing = wrappers[ObjectIdentifier(node)]?.object { return .object(existing) }
        let object = NodeObject(node: node, bindings: self)
        wrappers[ObjectIdentifier(node)] = WeakWrapper(object: object)
        return .object(object)
    }

    func wrapList(_ nodes: [Node]) -> JSValue {
        .object(runtime.makeArray(nodes.map { wrap($0) }))
    }

    func node(_ value: JSValue?) -> Node? { (value?.object as? NodeObject)?.node }

    func requireNode(_ value: JSValue?, _ what: String) throws(JSException) -> Node {
        guard let node = node(value) else { throw .typeError("\(what): parameter is not of type 'Node'") }
        return node
    }

    /// A DOMException-like error Go sees as `js.Error`.
    func exception(_ error: DOMError) -> JSException {
        let object = runtime.makeError(.error, error.message)
        object.properties["name"] = .string(error.name)
        return JSException(.object(object))
    }

    func function(_ name: String, _ body: @escaping JSNativeFunction) -> JSValue {
        .object(runtime.makeFunction(name, body))
    }

    // MARK: location and history

    func navigate(to target: String) {
        if let resolved = URL(string: target, relativeTo: url)?.absoluteURL {
            url = resolved
            document.url = resolved.absoluteString
        }
    }

    private func makeHistory() -> JSObject {
        let history = runtime.makeObject(["length": 1, "state": .null])
        for name in ["pushState", "replaceState"] {
            history.properties[name] = function(name) { [weak self, weak history] _, arguments in
                history?.properties["state"] = arguments.first ?? .null
                if let target = arguments.dropFirst(2).first, !target.isNullish { self?.navigate(to: target.stringValue) }
                if name == "pushState", let history {
                    history.properties["length"] = .number((history.properties["length"]?.numberValue ?? 1) + 1)
                }
                return .undefined
            }
        }
        for name in ["back", "forward", "go"] { history.properties[name] = function(name) { _, _ in .undefined } }
        return history
    }
}

/// `window.location`: parts of the bound URL; assigning `href` or `pathname` navigates in place.
final class LocationObject: JSObject, @unchecked Sendable {
    let bindings: DOMBindings

    init(bindings: DOMBindings) {
        self.bindings = bindings
        super.init(prototype: bindings.runtime.intrinsics.objectPrototype)
    }

    override var className: String { "Location" }

    override func get(_ key: String) throws(JSException) -> JSValue {
        let url = bindings.url
        let port = url.port.map { ":\($0)" } ?? ""
        switch key {
        case "href": return .string(url.absoluteString)
        case "protocol": return .string((url.scheme ?? "") + ":")
        case "host": return .string((url.host ?? "") + port)
        case "hostname": return .string(url.host ?? "")
        case "port": return .string(url.port.map(String.init) ?? "")
        // As a browser shows them: still percent-encoded, trailing slash kept. Decoding would hand an app
        // that writes its path into the page markup from the URL (`/%3Cimg%20src=x%20onerror=...%3E`).
        case "pathname":
            let path = url.path(percentEncoded: true)
            return .string(path.isEmpty ? "/" : path)
        case "search": return .string(url.query(percentEncoded: true).map { "?" + $0 } ?? "")
        case "hash": return .string(url.fragment(percentEncoded: true).map { "#" + $0 } ?? "")
        case "origin": return .string("\(url.scheme ?? "")://\(url.host ?? "")\(port)")
        case "toString": return bindings.function("toString") { _, _ in .string(url.absoluteString) }
        case "assign", "replace":
            return bindings.function(key) { [bindings] _, arguments in
                bindings.navigate(to: arguments.first?.stringValue ?? "")
                return .undefined
            }
        case "reload": return bindings.function("reload") { _, _ in .undefined }
        default: return try super.get(key)
        }
    }

    override func set(_ key: String, _ value: JSValue) throws(JSException) {
        switch key {
        case "href", "pathname": bindings.navigate(to: value.stringValue)
        case "hash": bindings.navigate(to: "#" + value.stringValue.drop { $0 == "#" })
        default: try super.set(key, value)
        }
    }

    override func toJSString() -> String { bindings.url.absoluteString }
}

/// `localStorage` / `sessionStorage`: string keys to string values, in memory.
public final class JSStorage: JSObject, @unchecked Sendable {
    public private(set) var items: [String: String] = [:]
    private var order: [String] = []

    override public var className: String { "Storage" }

    override public func get(_ key: String) throws(JSException) -> JSValue {
        switch key {
        case "length": return .number(Double(order.count))
        case "getItem":
            return .object(JSFunction(name: key) { [weak self] _, arguments in
                self?.items[arguments.first?.stringValue ?? ""].map { .string($0) } ?? .null
            })
        case "setItem":
            return .object(JSFunction(name: key) { [weak self] _, arguments in
                self?.setItem(arguments.first?.stringValue ?? "undefined", arguments.dropFirst().first?.stringValue ?? "undefined")
                return .undefined
            })
        case "removeItem":
            return .object(JSFunction(name: key) { [weak self] _, arguments in
                let name = arguments.first?.stringValue ?? ""
                self?.items[name] = nil
                self?.order.removeAll { $0 == name }
                return .undefined
            })
        case "clear":
            return .object(JSFunction(name: key) { [weak self] _, _ in
                self?.items = [:]
                self?.order = []
                return .undefined
            })
        case "key":
            return .object(JSFunction(name: key) { [weak self] _, arguments in
                let index = arguments.first?.integerValue ?? 0
                guard let order = self?.order, order.indices.contains(index) else { return .null }
                return .string(order[index])
            })
        default:
            if let value = items[key] { return .string(value) }
            return try super.get(key)
        }
    }

    override public func set(_ key: String, _ value: JSValue) throws(JSException) {
        setItem(key, value.stringValue)
    }

    public func setItem(_ key: String, _ value: String) {
        if items.updateValue(value, forKey: key) == nil { order.append(key) }
    }

    override public func ownKeys() -> [String] { order }
}

/// `addEventListener` on the window: recorded and never fired, like node listeners.
private final class ListenerRecorder {
    let add: JSFunction
    let remove: JSFunction
    private(set) var records: [(type: String, listener: JSObject)] = []

    init(runtime: GoJSRuntime) {
        var records: [(type: String, listener: JSObject)] = []
        add = runtime.makeFunction("addEventListener") { _, arguments in
            if let listener = arguments.dropFirst().first?.object {
                records.append((arguments.first?.stringValue ?? "", listener))
            }
            return .undefined
        }
        remove = runtime.makeFunction("removeEventListener") { _, arguments in
            let listener = arguments.dropFirst().first?.object
            records.removeAll { $0.type == arguments.first?.stringValue && $0.listener === listener }
            return .undefined
        }
        self.records = records
    }
}
