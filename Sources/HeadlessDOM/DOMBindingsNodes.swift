import GoJSHost

/// A node as Go sees it: every property and method of the DOM API the project supports, answered
/// from the wrapped `Node`. Unknown properties fall back to ordinary own properties (expandos).
final class NodeObject: JSObject, @unchecked Sendable {
    let node: Node
    let bindings: DOMBindings

    init(node: Node, bindings: DOMBindings) {
        self.node = node
        self.bindings = bindings
        super.init(prototype: bindings.runtime.intrinsics.objectPrototype)
    }

    override var className: String {
        switch node {
        case is Document: "HTMLDocument"
        case let element as Element: element.isHTML ? "HTMLElement" : "Element"
        case is Text: "Text"
        case is Comment: "Comment"
        case is DocumentFragment: "DocumentFragment"
        default: "Node"
        }
    }

    override func toJSString() -> String { "[object \(className)]" }

    private var element: Element? { node as? Element }
    private var document: Document { (node as? Document) ?? node.ownerDocument ?? bindings.document }

    // MARK: get

    override func get(_ key: String) throws(JSException) -> JSValue {
        if let value = try nodeProperty(key) { return value }
        if let document = node as? Document, let value = try documentProperty(key, document) { return value }
        if let element, let value = try elementProperty(key, element) { return value }
        return try super.get(key)
    }

    private func nodeProperty(_ key: String) throws(JSException) -> JSValue? {
        let b = bindings
        switch key {
        case "nodeType": return .number(Double(node.nodeType.rawValue))
        case "nodeName": return .string(node.nodeName)
        case "nodeValue": return node.nodeValue.map { .string($0) } ?? .null
        case "textContent": return node.textContent.map { .string($0) } ?? .null
        case "data": return (node as? CharacterData).map { .string($0.data) }
        case "length": return (node as? CharacterData).map { .number(Double($0.length)) }
        case "ownerDocument": return node is Document ? .null : b.wrap(node.ownerDocument)
        case "parentNode": return b.wrap(node.parentNode)
        case "parentElement": return b.wrap(node.parentElement)
        case "firstChild": return b.wrap(node.firstChild)
        case "lastChild": return b.wrap(node.lastChild)
        case "nextSibling": return b.wrap(node.nextSibling)
        case "previousSibling": return b.wrap(node.previousSibling)
        case "childNodes": return b.wrapList(node.childNodes)
        case "children": return b.wrapList(node.children)
        case "firstElementChild": return b.wrap(node.firstElementChild)
        case "lastElementChild": return b.wrap(node.lastElementChild)
        case "nextElementSibling": return b.wrap(node.nextElementSibling)
        case "previousElementSibling": return b.wrap(node.previousElementSibling)
        case "childElementCount": return .number(Double(node.childElementCount))
        case "isConnected": return .bool(node.isConnected)
        case "appendChild":
            return method(key) { [node] args throws(JSException) in
                let child = try b.requireNode(args.first, key)
                return try b.dom { () throws(DOMError) in b.wrap(try node.appendChild(child)) }
            }
        case "insertBefore":
            return method(key) { [node] args throws(JSException) in
                let new = try b.requireNode(args.first, key)
                let reference = b.node(args.dropFirst().first)
                return try b.dom { () throws(DOMError) in b.wrap(try node.insertBefore(new, reference)) }
            }
        case "removeChild":
            return method(key) { [node] args throws(JSException) in
                let child = try b.requireNode(args.first, key)
                return try b.dom { () throws(DOMError) in b.wrap(try node.removeChild(child)) }
            }
        case "replaceChild":
            return method(key) { [node] args throws(JSException) in
                let new = try b.requireNode(args.first, key)
                let old = try b.requireNode(args.dropFirst().first, key)
                return try b.dom { () throws(DOMError) in b.wrap(try node.replaceChild(new, old)) }
            }
        case "append", "prepend", "replaceChildren", "before", "after", "replaceWith":
            return method(key) { [node, document] args throws(JSException) in
                let nodes = args.map { b.node($0) ?? document.createTextNode($0.stringValue) }
                return try b.dom { () throws(DOMError) in
                    switch key {
                    case "append": try node.append(nodes)
                    case "prepend": try node.prepend(nodes)
                    case "replaceChildren": try node.replaceChildren(nodes)
                    default:
                        guard let parent = node.parentNode else { return .undefined }
                        let fragment = document.createDocumentFragment()
                        try fragment.append(nodes)
                        switch key {
                        case "before": try parent.insertBefore(fragment, node)
                        case "after": try parent.insertBefore(fragment, node.nextSibling)
                        default: try parent.replaceChild(fragment, node)
                        }
                    }
                    return .undefined
                }
            }
        case "remove":
            return method(key) { [node] _ throws(JSException) in
                node.remove()
                return .undefined
            }
        case "cloneNode":
            return method(key) { [node] args throws(JSException) in b.wrap(node.cloneNode(deep: args.first?.truthy ?? false)) }
        case "contains":
            return method(key) { [node] args throws(JSException) in .bool(node.contains(b.node(args.first))) }
        case "hasChildNodes":
            return method(key) { [node] _ throws(JSException) in .bool(node.hasChildNodes) }
        case "addEventListener", "removeEventListener":
            return method(key) { [node] args throws(JSException) in
                guard let listener = args.dropFirst().first?.object else { return .undefined }
                let type = args.first?.stringValue ?? ""
                let options = args.dropFirst(2).first
                let capture = options?.object.map { (try? $0.get("capture").truthy) ?? false } ?? options?.truthy ?? false
                if key == "addEventListener" {
                    node.addEventListener(type, listener, capture: capture)
                } else {
                    node.removeEventListener(type, listener, capture: capture)
                }
                return .undefined
            }
        case "dispatchEvent":
            return method(key) { _ throws(JSException) in .bool(true) }
        case "querySelector", "querySelectorAll":
            return method(key) { [node] args throws(JSException) in
                let selector = args.first?.stringValue ?? ""
                return try b.dom { () throws(DOMError) in
                    let list: [Element]
                    if let document = node as? Document {
                        list = try document.querySelectorAll(selector)
                    } else {
                        list = try (node as? Element)?.querySelectorAll(selector) ?? []
                    }
                    return key == "querySelector" ? b.wrap(list.first) : b.wrapList(list)
                }
            }
        default: return nil
        }
    }

    private func documentProperty(_ key: String, _ document: Document) throws(JSException) -> JSValue? {
        let b = bindings
        switch key {
        case "documentElement": return b.wrap(document.documentElement)
        case "head": return b.wrap(document.head)
        case "body": return b.wrap(document.body)
        case "doctype": return b.wrap(document.doctype)
        case "title": return .string(document.title)
        case "readyState": return .string(document.readyState)
        case "URL", "documentURI": return .string(document.url)
        case "location": return try b.runtime.global.get("location")
        case "defaultView": return .object(b.runtime.global)
        case "activeElement": return b.wrap(document.body)
        case "createElement":
            return method(key) { args throws(JSException) in
                try b.dom { () throws(DOMError) in b.wrap(try document.createElement(args.first?.stringValue ?? "undefined")) }
            }
        case "createElementNS":
            return method(key) { args throws(JSException) in
                let namespace = args.first.flatMap { $0.isNullish ? nil : $0.stringValue }
                return try b.dom { () throws(DOMError) in
                    b.wrap(try document.createElementNS(namespace, args.dropFirst().first?.stringValue ?? "undefined"))
                }
            }
        case "createTextNode":
            return method(key) { args throws(JSException) in b.wrap(document.createTextNode(args.first?.stringValue ?? "undefined")) }
        case "createComment":
            return method(key) { args throws(JSException) in b.wrap(document.createComment(args.first?.stringValue ?? "undefined")) }
        case "createDocumentFragment":
            return method(key) { _ throws(JSException) in b.wrap(document.createDocumentFragment()) }
        case "getElementById":
            return method(key) { args throws(JSException) in b.wrap(document.getElementById(args.first?.stringValue ?? "")) }
        case "getElementsByTagName":
            return method(key) { args throws(JSException) in b.wrapList(document.getElementsByTagName(args.first?.stringValue ?? "")) }
        case "getElementsByClassName":
            return method(key) { args throws(JSException) in b.wrapList(document.getElementsByClassName(args.first?.stringValue ?? "")) }
        default: return nil
        }
    }

    private func elementProperty(_ key: String, _ element: Element) throws(JSException) -> JSValue? {
        let b = bindings
        if let value = element.reflectedString(key) { return .string(value) }
        if let value = element.reflectedBoolean(key) { return .bool(value) }
        switch key {
        case "tagName": return .string(element.tagName)
        case "localName": return .string(element.localName)
        case "namespaceURI": return .string(element.namespace.uri)
        case "innerHTML": return .string(element.innerHTML)
        case "outerHTML": return .string(element.outerHTML)
        case "innerText": return .string(element.innerText)
        case "value": return .string(element.value)
        case "checked": return .bool(element.checked)
        case "selected": return .bool(element.selected)
        case "selectedIndex": return .number(Double(element.selectedIndex))
        case "options": return b.wrapList(element.options)
        case "content": return element.templateContent.map { b.wrap($0) }
        case "classList": return .object(ClassListObject(element: element, bindings: b))
        case "dataset": return .object(DatasetObject(element: element, runtime: b.runtime))
        case "style": return .object(StyleObject(element: element, bindings: b))
        case "attributes":
            return .object(b.runtime.makeArray(element.attributes.map { attribute in
                .object(b.runtime.makeObject(["name": .string(attribute.name), "value": .string(attribute.value)]))
            }))
        case "getAttribute":
            return method(key) { args throws(JSException) in
                element.getAttribute(args.first?.stringValue ?? "").map { .string($0) } ?? .null
            }
        case "setAttribute":
            return method(key) { args throws(JSException) in
                try b.dom { () throws(DOMError) in
                    try element.setAttribute(args.first?.stringValue ?? "undefined", args.dropFirst().first?.stringValue ?? "undefined")
                    return .undefined
                }
            }
        case "setAttributeNS":
            return method(key) { args throws(JSException) in
                let namespace = args.first.flatMap { $0.isNullish ? nil : $0.stringValue }
                return try b.dom { () throws(DOMError) in
                    try element.setAttributeNS(namespace, args.dropFirst().first?.stringValue ?? "", args.dropFirst(2).first?.stringValue ?? "undefined")
                    return .undefined
                }
            }
        case "removeAttribute":
            return method(key) { args throws(JSException) in
                element.removeAttribute(args.first?.stringValue ?? "")
                return .undefined
            }
        case "hasAttribute":
            return method(key) { args throws(JSException) in .bool(element.hasAttribute(args.first?.stringValue ?? "")) }
        case "toggleAttribute":
            return method(key) { args throws(JSException) in
                let force = args.count > 1 ? args[1].truthy : nil
                return try b.dom { () throws(DOMError) in .bool(try element.toggleAttribute(args.first?.stringValue ?? "", force: force)) }
            }
        case "matches", "closest":
            return method(key) { args throws(JSException) in
                try b.dom { () throws(DOMError) in
                    let selector = args.first?.stringValue ?? ""
                    return key == "matches" ? .bool(try element.matches(selector)) : b.wrap(try element.closest(selector))
                }
            }
        case "getElementsByTagName":
            return method(key) { args throws(JSException) in b.wrapList(element.getElementsByTagName(args.first?.stringValue ?? "")) }
        case "getElementsByClassName":
            return method(key) { args throws(JSException) in b.wrapList(element.getElementsByClassName(args.first?.stringValue ?? "")) }
        case "insertAdjacentHTML":
            return method(key) { args throws(JSException) in
                try b.dom { () throws(DOMError) in
                    try element.insertAdjacentHTML(args.first?.stringValue ?? "", args.dropFirst().first?.stringValue ?? "")
                    return .undefined
                }
            }
        case "focus", "blur", "click", "scrollIntoView":
            return method(key) { _ throws(JSException) in .undefined }
        case "getBoundingClientRect":
            return method(key) { _ throws(JSException) in
                .object(b.runtime.makeObject(["x": 0, "y": 0, "width": 0, "height": 0, "top": 0, "left": 0, "right": 0, "bottom": 0]))
            }
        default:
            if key.hasPrefix("on"), key.count > 2 {
                return (element.eventHandler(key) as? JSObject).map { .object($0) } ?? .null
            }
            return nil
        }
    }

    // MARK: set

    override func set(_ key: String, _ value: JSValue) throws(JSException) {
        let b = bindings
        switch key {
        case "textContent": node.textContent = value.isNullish ? "" : value.stringValue
        case "nodeValue", "data": node.nodeValue = value.isNullish ? "" : value.stringValue
        default:
            if let document = node as? Document, key == "title" {
                document.title = value.stringValue
                return
            }
            guard let element else { return try super.set(key, value) }
            if element.setReflectedString(key, value.stringValue) { return }
            if element.setReflectedBoolean(key, value.truthy) { return }
            switch key {
            case "innerHTML": element.setInnerHTML(value.isNullish ? "" : value.stringValue)
            case "outerHTML": try b.dom { () throws(DOMError) in
                try element.setOuterHTML(value.stringValue)
                return .undefined
            }
            case "innerText", "textContent": element.setInnerText(value.stringValue)
            case "value": element.value = value.stringValue
            case "checked": element.checked = value.truthy
            case "selected": element.selected = value.truthy
            case "selectedIndex": element.selectedIndex = value.integerValue
            case "style": element.style.cssText = value.stringValue
            default:
                if key.hasPrefix("on"), key.count > 2 {
                    element.setEventHandler(key, value.object)
                } else {
                    try super.set(key, value)
                }
            }
        }
    }

    private func method(_ name: String, _ body: @escaping ([JSValue]) throws(JSException) -> JSValue) -> JSValue {
        bindings.function(name) { (_: JSValue, arguments: [JSValue]) throws(JSException) -> JSValue in try body(arguments) }
    }
}

extension DOMBindings {
    /// Runs a DOM operation, turning its `DOMError` into the exception Go sees.
    func dom(_ body: () throws(DOMError) -> JSValue) throws(JSException) -> JSValue {
        do {
            return try body()
        } catch {
            throw exception(error)
        }
    }
}

/// `element.classList`.
final class ClassListObject: JSObject, @unchecked Sendable {
    let element: Element
    let bindings: DOMBindings

    init(element: Element, bindings: DOMBindings) {
        self.element = element
        self.bindings = bindings
        super.init(prototype: bindings.runtime.intrinsics.objectPrototype)
    }

    override var className: String { "DOMTokenList" }

    override func get(_ key: String) throws(JSException) -> JSValue {
        let list = element.classList
        let b = bindings
        let tokens: ([JSValue]) -> [String] = { $0.map(\.stringValue) }
        switch key {
        case "length": return .number(Double(list.length))
        case "value": return .string(list.value)
        case "add", "remove":
            return b.function(key) { (_: JSValue, args: [JSValue]) throws(JSException) -> JSValue in
                try b.dom { () throws(DOMError) in
                    if key == "add" { try list.add(tokens(args)) } else { try list.remove(tokens(args)) }
                    return .undefined
                }
            }
        case "toggle":
            return b.function(key) { (_: JSValue, args: [JSValue]) throws(JSException) -> JSValue in
                let force = args.count > 1 ? args[1].truthy : nil
                return try b.dom { () throws(DOMError) in .bool(try list.toggle(args.first?.stringValue ?? "", force: force)) }
            }
        case "contains":
            return b.function(key) { (_: JSValue, args: [JSValue]) throws(JSException) -> JSValue in
                .bool(list.contains(args.first?.stringValue ?? ""))
            }
        case "replace":
            return b.function(key) { (_: JSValue, args: [JSValue]) throws(JSException) -> JSValue in
                try b.dom { () throws(DOMError) in
                    .bool(try list.replace(args.first?.stringValue ?? "", with: args.dropFirst().first?.stringValue ?? ""))
                }
            }
        case "item":
            return b.function(key) { (_: JSValue, args: [JSValue]) throws(JSException) -> JSValue in
                list.item(args.first?.integerValue ?? 0).map { .string($0) } ?? .null
            }
        default:
            if let index = Int(key) { return list.item(index).map { .string($0) } ?? .undefined }
            return try super.get(key)
        }
    }

    override func toJSString() -> String { element.classList.value }
}

/// `element.dataset`: properties are `data-*` attributes.
final class DatasetObject: JSObject, @unchecked Sendable {
    let element: Element

    init(element: Element, runtime: GoJSRuntime) {
        self.element = element
        super.init(prototype: runtime.intrinsics.objectPrototype)
    }

    override var className: String { "DOMStringMap" }

    override func get(_ key: String) throws(JSException) -> JSValue {
        element.dataset[key].map { .string($0) } ?? .undefined
    }

    override func set(_ key: String, _ value: JSValue) throws(JSException) {
        do {
            try element.dataset.set(key, value.stringValue)
        } catch {
            throw JSException.error("\(error.name): \(error.message)")
        }
    }

    @discardableResult
    override func delete(_ key: String) throws(JSException) -> Bool {
        element.dataset[key] = nil
        return true
    }

    override func ownKeys() -> [String] { element.dataset.keys }
}

/// `element.style`: camelCase properties, `cssText`, `setProperty`/`removeProperty`/`getPropertyValue`.
final class StyleObject: JSObject, @unchecked Sendable {
    let element: Element
    let bindings: DOMBindings

    init(element: Element, bindings: DOMBindings) {
        self.element = element
        self.bindings = bindings
        super.init(prototype: bindings.runtime.intrinsics.objectPrototype)
    }

    override var className: String { "CSSStyleDeclaration" }

    override func get(_ key: String) throws(JSException) -> JSValue {
        let style = element.style
        let b = bindings
        switch key {
        case "cssText": return .string(style.cssText)
        case "length": return .number(Double(style.length))
        case "setProperty":
            return b.function(key) { (_: JSValue, args: [JSValue]) throws(JSException) -> JSValue in
                let priority = args.count > 2 && !args[2].isNullish ? args[2].stringValue : ""
                style.setProperty(args.first?.stringValue ?? "", args.count > 1 && !args[1].isNullish ? args[1].stringValue : "", priority: priority)
                return .undefined
            }
        case "removeProperty":
            return b.function(key) { (_: JSValue, args: [JSValue]) throws(JSException) -> JSValue in
                .string(style.removeProperty(args.first?.stringValue ?? ""))
            }
        case "getPropertyValue":
            return b.function(key) { (_: JSValue, args: [JSValue]) throws(JSException) -> JSValue in
                .string(style.getPropertyValue(args.first?.stringValue ?? ""))
            }
        case "getPropertyPriority":
            return b.function(key) { (_: JSValue, args: [JSValue]) throws(JSException) -> JSValue in
                .string(style.getPropertyPriority(args.first?.stringValue ?? ""))
            }
        case "item":
            return b.function(key) { (_: JSValue, args: [JSValue]) throws(JSException) -> JSValue in
                .string(style.item(args.first?.integerValue ?? 0) ?? "")
            }
        default:
            if let index = Int(key) { return .string(style.item(index) ?? "") }
            return .string(style.getPropertyValue(StyleDeclaration.propertyName(camelCase: key)))
        }
    }

    override func set(_ key: String, _ value: JSValue) throws(JSException) {
        let style = element.style
        if key == "cssText" {
            style.cssText = value.stringValue
        } else {
            style.setProperty(StyleDeclaration.propertyName(camelCase: key), value.isNullish ? "" : value.stringValue)
        }
    }
}
