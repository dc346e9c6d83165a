import Foundation
import InputSafety
import JavaScript

/// Exposes a `Document` to the scripts of a JavaScriptCore context as a browser does: the node classes
/// (`Node`, `Element`, `HTMLElement`, `Text`, `Document`…) defined once each with their methods and
/// accessors on prototypes (`JSHostClass`), `document`, events (`EventTarget`, `Event`, `CustomEvent`),
/// and the window's `location`, `history`, storage, `navigator`, viewport, `matchMedia` and animation
/// frames (`JS/dom.js`).
///
/// ```swift
/// let js = JSContext()   // with timers and URL installed (WebHost)
/// let bindings = DOMBindings(document: Document(parsing: html), context: js, url: "https://app.test/route")
/// try bindings.install()
/// try js.evaluate("document.body.append('hi')")
/// ```
///
/// Keep the bindings as long as scripts may run: the functions it defines reach it by an unowned
/// (checked) reference, since the context holds them and the bindings hold the context.
public final class DOMBindings {
    public let document: Document
    public let context: JSContext
    /// `location.href`: set at the start, moved by `history.pushState`/`replaceState` and `location` writes.
    public private(set) var url: URL
    public var userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) gowasm-serve"
    public var viewport = (width: 1280, height: 800)
    /// `document.currentScript`: the classic script running now (set by whoever runs the page's scripts).
    public var currentScript: Element?
    /// `document.baseURI` when no `<base href>` says otherwise: relative URLs (`fetch`, script `src`)
    /// resolve against it. Nil: the document's URL.
    public var baseURL: URL?

    /// The document's base URL: its `<base href>` resolved against the document URL, else `baseURL`,
    /// else the document URL.
    public var documentBaseURL: URL {
        URL(string: documentBaseURI) ?? baseURL ?? url
    }

    /// `document.baseURI` as the WHATWG URL parser makes it (the page's `URL`, url.js): the first
    /// `<base href>` resolved against the document's URL, else `baseURL`, else the document's URL.
    public var documentBaseURI: String {
        let fallback = (baseURL ?? url).absoluteString
        guard
            let href = document.descendantElements.first(where: { $0.localName == "base" && $0.hasAttribute("href") })?
                .getAttribute("href")
        else { return fallback }
        if let resolved = whatwgResolve(href, against: url.absoluteString) { return resolved }
        if hasWHATWGParser { return fallback }
        return URL(string: href, relativeTo: url)?.absoluteURL.absoluteString ?? fallback
    }

    private var hasWHATWGParser: Bool { context.global["__gowasmURL"].object != nil }

    /// `input` resolved against `base` by the page's URL parser; nil when it fails (or is not installed).
    public func whatwgResolve(_ input: String, against base: String) -> String? {
        guard let parser = context.global["__gowasmURL"].object,
            let resolved = try? parser.invoke("resolve", [context.string(input), context.string(base)]),
            resolved.isString
        else { return nil }
        return resolved.string
    }

    /// One wrapper per node, so the same node is the same JS object (Go's `Value.Equal`, WeakMap keys),
    /// shared by the windows of one page (its iframes'). Held for the life of the page (one render): a
    /// node's listeners and expandos live on its wrapper.
    public let wrappers: NodeWrappers
    /// Whether this window's document is fully active: false once its iframe was removed or navigated.
    public private(set) var isFullyActive = true
    private let ownsWrappers: Bool
    var classes: [String: JSHostClass] = [:]
    /// What `dom.js` returned: the helpers the Swift side calls (events, dataset and style proxies).
    var helpers: JSObject?
    /// The page's mutation observers (dom.js's `MutationObserver` drives them by id).
    public let mutationObservers = MutationObserverAgent()
    /// What the DOM announced for custom elements since the last reactions ran (DOMBindingsCustomElements).
    var customElementNotices: [CustomElementNotice] = []
    /// What customelements.js returned: the registry's `flush` of those notices.
    var customElementHelpers: JSObject?

    /// `wrappers`: the table of the page's other windows, for an iframe's window (its context must be in
    /// the same context group); nil for a top-level window.
    public init(document: Document, context: JSContext, url: String? = nil, sharing wrappers: NodeWrappers? = nil) {
        self.document = document
        self.context = context
        self.wrappers = wrappers ?? NodeWrappers()
        ownsWrappers = wrappers == nil
        self.url = URL(string: url ?? document.url) ?? URL(fileURLWithPath: "/")
        document.url = self.url.absoluteString
        self.wrappers.register(self, for: document)
    }

    /// The origin storage and same-origin checks use, when it is not the URL's (an `about:blank` or
    /// `srcdoc` iframe has its parent's). Set before `install`.
    public var origin: String?

    /// Defines the DOM classes and the window's objects on the global object.
    public func install() throws(JavaScriptError) {
        let native = context.object()
        native["href"] = context.string(url.absoluteString)
        if let origin { native["origin"] = context.string(origin) }
        if let shared = wrappers.sharedState { native["shared"] = shared }
        native["userAgent"] = context.string(userAgent)
        native["innerWidth"] = context.number(viewport.width)
        native["innerHeight"] = context.number(viewport.height)
        native.defineMethod("navigated") { [unowned self] js, _, args in
            if let moved = URL(string: args[0].string) {
                url = moved
                document.url = moved.absoluteString
            }
            return js.undefined
        }
        native.defineMethod("discardedNode") { [unowned self] js, _, args in
            guard let node = self.node(args[0]), let document = (node as? Document) ?? node.ownerDocument else {
                return js.boolean(false)
            }
            return js.boolean(wrappers.owner(of: document)?.isFullyActive == false)
        }
        native.defineMethod("listLength") { [unowned self] js, _, args in
            guard let owner = self.node(args[0]) else { return js.number(0) }
            return js.number(liveList(owner, args[1].string, args[2]).count)
        }
        native.defineMethod("listItem") { [unowned self] js, _, args in
            guard let owner = self.node(args[0]) else { return js.undefined }
            let list = liveList(owner, args[1].string, args[2])
            let index = args[3].number
            guard index >= 0, index < Double(list.count), let position = Int(exactly: index.rounded(.down)) else {
                return js.undefined
            }
            return wrap(list[position])
        }
        native.defineMethod("dataset") { [unowned self] js, _, args in try dataset(js, args) }
        native.defineMethod("style") { [unowned self] js, _, args in try style(js, args) }
        defineMutationObserverNatives(on: native)
        defineShadowNatives(on: native)
        defineCustomElementNatives(on: native)
        native.defineMethod("createHTMLDocument") { [unowned self] _, _, args in
            wrap(ownedDocument(Document.createHTMLDocument(title: args[0].isUndefined ? nil : args[0].string)))
        }
        native.defineMethod("createDocumentType") { [unowned self] js, _, args in
            guard let owner = self.node(args[0]) as? Document else { return js.undefined }
            let name = args[1].string
            guard Document.isValidName(name) else {
                throw JavaScriptError(
                    throwing: domException("'\(name)' is not a valid doctype name.", name: "InvalidCharacterError"))
            }
            return wrap(owner.createDocumentType(name: name, publicId: args[2].string, systemId: args[3].string))
        }
        let setUp = try context.evaluate(
            String(decoding: PackageResources.dom_js, as: UTF8.self), sourceURL: "gowasm-serve:dom.js")
        helpers = try setUp.object?.call([native]).object
        if wrappers.sharedState == nil { wrappers.sharedState = helpers?["shared"].object }
        guard let eventTarget = context.global["EventTarget"].object?["prototype"].object else {
            throw JavaScriptError(message: "dom.js defined no EventTarget")
        }
        defineClasses(eventTarget: eventTarget)
        document.urlResolver = { [unowned self] input in whatwgResolve(input, against: documentBaseURI) }
        try helpers?.invoke("afterClasses")
        // What a renderer, a user and other documents would add, over the classes just defined.
        for (source, url) in [
            (PackageResources.layout_js, "gowasm-serve:layout.js"),
            (PackageResources.elements_js, "gowasm-serve:elements.js"),
            (PackageResources.traversal_js, "gowasm-serve:traversal.js"),
            (PackageResources.messaging_js, "gowasm-serve:messaging.js"),
        ] {
            try context.evaluate(String(decoding: source, as: UTF8.self), sourceURL: url).object?.call([native])
        }
        if let toggled = native["detailsOpenChanged"].object {  // elements.js queues the toggle event
            document.detailsToggleHook = { [weak self] details, isOpen in
                guard let self else { return }
                _ = try? toggled.call([wrap(details), context.boolean(isOpen)])
            }
            // The page was parsed before the hook was set: its open details toggle as the parser left them.
            for details in document.descendantElements where details.isHTML && details.localName == "details" {
                details.runAppendedAttributeSteps()
            }
        }
        customElementHelpers = try context.evaluate(
            String(decoding: PackageResources.customelements_js, as: UTF8.self),
            sourceURL: "gowasm-serve:customelements.js"
        ).object?.call([native]).object
        installNamedProperties()
        // An accessor, as WebIDL's [LegacyUnforgeable] makes it (its getter reads this window's document).
        let define = try context.evaluate(
            "(function (document) { Object.defineProperty(globalThis, 'document', { get: { get document() { return document; } }.__lookupGetter__('document'), enumerable: true, configurable: false }); })",
            sourceURL: "gowasm-serve:dom.js")
        try define.object?.call([wrap(document)])
    }

    /// `dispatchTrusted(target, event)`: dispatches an event the platform fires (`isTrusted` true), for
    /// surfaces built on the window (a worker's messages).
    public var trustedDispatch: JSValue { helpers?["dispatchTrusted"] ?? context.undefined }

    /// The window's document stops being fully active (its iframe was removed, or navigated elsewhere):
    /// its listeners, storage events and `defaultView` stop; its objects stay usable as objects.
    public func discard() {
        guard isFullyActive else { return }
        isFullyActive = false
        _ = try? helpers?.invoke("discard")
    }

    /// The window of `document` when it has a fully active browsing context in this page (null otherwise).
    func window(of document: Document) -> JSValue {
        guard let owner = wrappers.owner(of: document), owner.isFullyActive else { return context.null }
        return owner.context.global
    }

    /// Lets go of every wrapper (and so of the context's objects): after the run, before the context goes.
    public func detach() {
        document.urlResolver = nil
        document.namedElementHook = nil
        document.detailsToggleHook = nil
        deactivateCustomElements()
        mutationObservers.reset()
        if ownsWrappers { wrappers.removeAll() }
        helpers = nil
        currentScript = nil
    }

    // MARK: Wrapping

    /// The JS object for a node (created once per node).
    public func wrap(_ node: Node?) -> JSValue {
        guard let node else { return context.null }
        if let existing = wrappers.wrapper(of: node) { return existing }
        // A node of another window's document gets its wrapper in that window's realm.
        if let document = (node as? Document) ?? node.ownerDocument, let owner = wrappers.owner(of: document),
            owner !== self, owner.helpers != nil
        {
            return owner.wrap(node)
        }
        let object = hostClass(for: node).instance(payload: node)
        wrappers.set(object, for: node)
        return object
    }

    func wrapList(_ nodes: [Node]) -> JSValue { context.array(nodes.map { wrap($0) }) }

    /// The node a script passed, if it is one.
    public func node(_ value: JSValue) -> Node? { value.object?.payload(as: Node.self) }

    func requireNode(_ value: JSValue, _ what: String) throws -> Node {
        guard let node = node(value) else {
            throw JavaScriptError(
                throwing: context.error(
                    "Failed to execute '\(what)': parameter is not of type 'Node'.", name: "TypeError"))
        }
        return node
    }

    private func hostClass(for node: Node) -> JSHostClass {
        let name: String
        switch node {
        case is Document: name = "HTMLDocument"
        case let element as Element:
            switch element.namespace {
            case .html: name = ReflectionTable.interface(forHTML: element.localName)
            case .svg: name = "SVGElement"
            default: name = "Element"
            }
        case is Text: name = "Text"
        case is Comment: name = "Comment"
        case is ProcessingInstruction: name = "ProcessingInstruction"
        case is ShadowRoot: name = "ShadowRoot"
        case is DocumentFragment: name = "DocumentFragment"
        case is DocumentType: name = "DocumentType"
        default: name = "Node"
        }
        return classes[name]!  // every name above is defined by defineClasses  // gowasm: allow-trap: every name above is defined by defineClasses (our own table)
    }

    /// Runs a DOM operation, turning its `DOMError` into the DOMException-like error scripts see.
    func dom<T>(_ body: () throws(DOMError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw JavaScriptError(throwing: domException(error.message, name: error.name))
        }
    }

    /// A `DOMException` (dom.js defines the class), as the DOM throws them.
    func domException(_ message: String, name: String) -> JSValue {
        if let constructor = context.global["DOMException"].object,
            let exception = try? constructor.construct([context.string(message), context.string(name)])
        {
            return exception
        }
        return context.error(message, properties: ["name": context.string(name)])
    }

    /// Fires `type` at `target` (a node, or `window` when nil) through dom.js's dispatch (listeners,
    /// `on<type>` handlers, bubbling to the window). Exceptions in listeners are reported, as browsers do.
    public func fire(_ type: String, at target: Node?, bubbles: Bool = false) throws(JavaScriptError) {
        let targetValue = target.map { wrap($0) } ?? context.global
        try helpers?.invoke("fire", [targetValue, context.string(type), context.boolean(bubbles)])
    }

    /// Reports an exception no script caught, as a browser does: an `error` event at the window (what
    /// testharness.js and `window.onerror` watch), then the console unless a listener canceled it.
    public func reportUncaught(_ error: JavaScriptError) {
        guard let value = error.value, let helpers else { return }
        _ = try? helpers.invoke("reportError", [value])
    }

    // MARK: Window-side helpers dom.js asks for

    /// The nodes a live `NodeList`/`HTMLCollection` holds now (dom.js asks on every access).
    private func liveList(_ node: Node, _ kind: String, _ argument: JSValue) -> [Node] {
        switch kind {
        case "childNodes": return node.childNodes
        case "children": return node.children
        case "tag":
            let name = argument.string
            return (node as? Document)?.getElementsByTagName(name) ?? (node as? Element)?.getElementsByTagName(name)
                ?? []
        case "class":
            let names = argument.string
            return (node as? Document)?.getElementsByClassName(names) ?? (node as? Element)?.getElementsByClassName(
                names) ?? []
        default: return []
        }
    }

    private func dataset(_ js: JSContext, _ args: JSArguments) throws -> JSValue {
        guard let element = node(args[0]) as? Element else { return js.undefined }
        let name = args[2].string
        switch args[1].string {
        case "get": return element.dataset[name].map { js.string($0) } ?? js.undefined
        case "set":
            try dom { () throws(DOMError) in try element.dataset.set(name, args[3].string) }
            return js.undefined
        case "delete":
            element.dataset[name] = nil
            return js.undefined
        default: return js.array(element.dataset.keys.map { js.string($0) })
        }
    }

    private func style(_ js: JSContext, _ args: JSArguments) throws -> JSValue {
        guard let element = node(args[0]) as? Element else { return js.undefined }
        let style = element.style
        let name = args[2].string
        switch args[1].string {
        case "cssText": return js.string(style.cssText)
        case "setCssText":
            style.cssText = name
            return js.undefined
        case "length": return js.number(style.length)
        case "item": return js.string(style.item(Int(Conversions.uint32(wrapping: args[2].number))) ?? "")  // gowasm: allow-trap: UInt32 widened to Int
        case "get": return js.string(style.getPropertyValue(name))
        case "priority": return js.string(style.getPropertyPriority(name))
        case "set":
            style.setProperty(
                name, args[3].isNullish ? "" : args[3].string, priority: args[4].isNullish ? "" : args[4].string)
            return js.undefined
        case "remove": return js.string(style.removeProperty(name))
        default: return js.string(StyleDeclaration.propertyName(camelCase: name))
        }
    }
}

/// The node wrappers of one page's windows (the top-level window's and its iframes'), and which window
/// each document with a browsing context belongs to.
public final class NodeWrappers {
    private var table: [ObjectIdentifier: (node: Node, object: JSObject)] = [:]
    private var owners: [ObjectIdentifier: (document: Document, bindings: Weak)] = [:]
    /// dom.js's state the windows share (events, listeners, storage areas, realms): the top window's.
    var sharedState: JSObject?

    struct Weak {
        weak var bindings: DOMBindings?
    }

    public init() {}

    func wrapper(of node: Node) -> JSObject? { table[ObjectIdentifier(node)]?.object }
    func set(_ object: JSObject, for node: Node) { table[ObjectIdentifier(node)] = (node, object) }

    func register(_ bindings: DOMBindings, for document: Document) {
        owners[ObjectIdentifier(document)] = (document, Weak(bindings: bindings))
    }

    func owner(of document: Document) -> DOMBindings? { owners[ObjectIdentifier(document)]?.bindings.bindings }

    /// Lets go of every wrapper (when the top-level window goes).
    func removeAll() {
        table.removeAll()
        owners.removeAll()
        sharedState = nil
    }
}
