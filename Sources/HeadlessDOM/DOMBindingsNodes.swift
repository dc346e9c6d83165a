import InputSafety
import JavaScript

/// The node classes: `Node` ← `CharacterData` ← `Text`/`Comment`, `Node` ← `Element` ← `HTMLElement`/
/// `SVGElement`, `Node` ← `Document` ← `HTMLDocument`, `DocumentFragment`, `DocumentType`; `Node.prototype`
/// inherits from `EventTarget.prototype` (dom.js). Each method and accessor is defined once, on its
/// class's prototype, and reads the `Node` its `this` carries.
/// What a `DOMParser` instance carries (it has no state; the payload marks the object as one).
final class DOMParserPayload {}

extension DOMBindings {
    func defineClasses(eventTarget: JSObject) {
        unowned let js = context  // the context holds these closures: no cycle through it
        func define(_ name: String, parent: JSObject, construct: JSFunctionBody? = nil) -> JSHostClass {
            let hostClass = JSHostClass(in: js, name: name, construct: construct)
            hostClass.prototype.prototype = parent
            classes[name] = hostClass
            try? js.global.set(name, hostClass.constructor, attributes: .dontEnum)
            return hostClass
        }
        let node = define("Node", parent: eventTarget)
        for (name, value) in [
            ("ELEMENT_NODE", 1), ("ATTRIBUTE_NODE", 2), ("TEXT_NODE", 3), ("CDATA_SECTION_NODE", 4),
            ("ENTITY_REFERENCE_NODE", 5), ("ENTITY_NODE", 6), ("PROCESSING_INSTRUCTION_NODE", 7), ("COMMENT_NODE", 8),
            ("DOCUMENT_NODE", 9), ("DOCUMENT_TYPE_NODE", 10), ("DOCUMENT_FRAGMENT_NODE", 11), ("NOTATION_NODE", 12),
        ] {
            // On the interface object and its prototype, so `someNode.ELEMENT_NODE` reads it too (WebIDL).
            try? node.constructor.set(name, js.number(value), attributes: [.readOnly, .dontDelete])
            try? node.prototype.set(name, js.number(value), attributes: [.readOnly, .dontDelete])
        }
        let characterData = define("CharacterData", parent: node.prototype)
        // `new Text(data = "")` and `new Comment(data = "")`: nodes of the page's document.
        let text = define("Text", parent: characterData.prototype) { [unowned self] _, _, args in
            wrap(self.document.createTextNode(args[0].isUndefined ? "" : args[0].string))
        }
        _ = define("Comment", parent: characterData.prototype) { [unowned self] _, _, args in
            wrap(self.document.createComment(args[0].isUndefined ? "" : args[0].string))
        }
        let instruction = define("ProcessingInstruction", parent: characterData.prototype)
        getter(instruction, ProcessingInstruction.self, "target") { js.string($0.target) }
        let documentType = define("DocumentType", parent: node.prototype)
        getter(documentType, DocumentType.self, "name") { js.string($0.name) }
        getter(documentType, DocumentType.self, "publicId") { js.string($0.publicId) }
        getter(documentType, DocumentType.self, "systemId") { js.string($0.systemId) }
        let fragment = define("DocumentFragment", parent: node.prototype)
        let element = define("Element", parent: node.prototype)
        let htmlElement = define("HTMLElement", parent: element.prototype)
        // One class per element interface of the reflection table (`HTMLInputElement`…), below HTMLElement.
        for name in ReflectionTable.elementInterfaces {
            defineReflected(define(name, parent: htmlElement.prototype), name)
        }
        _ = define("SVGElement", parent: element.prototype)
        // `new Document()`: an empty document without a browsing context (a Document, not an HTMLDocument).
        let document = JSHostClass(in: js, name: "Document") { [unowned self] _, _, _ in
            let wrapper = wrap(ownedDocument(Document()))
            if let prototype = classes["Document"]?.prototype { wrapper.object?.prototype = prototype }
            return wrapper
        }
        document.prototype.prototype = node.prototype
        classes["Document"] = document
        try? js.global.set("Document", document.constructor, attributes: .dontEnum)
        _ = define("HTMLDocument", parent: document.prototype)

        if let iframe = classes["HTMLIFrameElement"] { defineIFrame(iframe) }
        defineDOMParser()
        defineNode(node)
        defineCharacterData(characterData)
        defineText(text)
        defineParent(fragment)
        defineParent(element)
        defineParent(document)
        defineDocument(document)
        defineElement(element)
        defineHTMLElement(htmlElement)
        defineShadowDOM(node: node, fragment: fragment, element: element, text: text)
    }

    /// An iframe's nested browsing context, which the document's `FrameHost` (a page runtime) keeps.
    private func defineIFrame(_ c: JSHostClass) {
        unowned let js = context  // the context holds these closures: no cycle through it
        getter(c, Element.self, "contentWindow") { [unowned self] iframe in
            guard let content = iframe.ownerDocument?.frameHost?.contentDocument(of: iframe) else { return js.null }
            return window(of: content.document)
        }
        getter(c, Element.self, "contentDocument") { [unowned self] iframe in
            guard let content = iframe.ownerDocument?.frameHost?.contentDocument(of: iframe), content.sameOrigin,
                wrappers.owner(of: content.document)?.isFullyActive == true
            else { return js.null }
            return wrap(content.document)
        }
    }

    /// `new DOMParser().parseFromString(html, "text/html")`: a new document, parsed as the page was, at the
    /// page's URL and without a window. XML types are refused (no XML parser here).
    private func defineDOMParser() {
        unowned let js = context  // the context holds these closures: no cycle through it
        let parser = JSHostClass(in: js, name: "DOMParser") { [unowned self] _, _, _ in
            classes["DOMParser"]!.instance(payload: DOMParserPayload())  // gowasm: allow-trap: defined just below, before any script runs
        }
        classes["DOMParser"] = parser
        try? js.global.set("DOMParser", parser.constructor, attributes: .dontEnum)
        parser.defineMethod("parseFromString") { [unowned self] js, this, args in
            guard this.object?.payload(as: DOMParserPayload.self) != nil else {
                throw JavaScriptError(throwing: js.error("Illegal invocation", name: "TypeError"))
            }
            guard args.count >= 2 else {
                throw JavaScriptError(
                    throwing: js.error(
                        "Failed to execute 'parseFromString' on 'DOMParser': 2 arguments required.", name: "TypeError"))
            }
            let type = args[1].string
            guard ["text/html", "text/xml", "application/xml", "application/xhtml+xml", "image/svg+xml"].contains(type)
            else {
                throw JavaScriptError(
                    throwing: js.error(
                        "Failed to execute 'parseFromString' on 'DOMParser': The provided value '\(type)' is not a valid enum value of type DOMParserSupportedType.",
                        name: "TypeError"))
            }
            guard type == "text/html" else {
                return wrap(XMLDocumentParser.parse(args[0].string, contentType: type, url: document.url))
            }
            return wrap(ownedDocument(Document(parsing: args[0].string, url: document.url)))
        }
    }

    // MARK: Helpers

    /// `this` as a node of type `T`, or the TypeError a browser throws for a foreign `this`.
    func this<T: Node>(_ value: JSValue, _ type: T.Type) throws -> T {
        guard let node = node(value) as? T else {
            throw JavaScriptError(throwing: context.error("Illegal invocation", name: "TypeError"))
        }
        return node
    }

    func getter<T: Node>(
        _ hostClass: JSHostClass, _ type: T.Type, _ name: String, _ get: @escaping (T) throws -> JSValue,
        set: ((T, JSValue) throws -> Void)? = nil
    ) {
        hostClass.defineProperty(
            name, get: { [unowned self] _, this, _ in try get(self.this(this, T.self)) },
            set: set.map { set in
                { [unowned self] js, this, args in
                    try set(self.this(this, T.self), args[0])
                    return js.undefined
                }
            })
    }

    func method<T: Node>(
        _ hostClass: JSHostClass, _ type: T.Type, _ name: String, _ body: @escaping (T, JSArguments) throws -> JSValue
    ) {
        hostClass.defineMethod(name) { [unowned self] _, this, args in try body(self.this(this, T.self), args) }
    }

    private func string(_ value: String?) -> JSValue { value.map { context.string($0) } ?? context.null }

    /// A string argument as WebIDL converts it (`undefined` → "undefined").
    private func text(_ value: JSValue) -> String { value.string }

    // MARK: Node

    private func defineNode(_ c: JSHostClass) {
        unowned let js = context  // the context holds these closures: no cycle through it
        getter(c, Node.self, "nodeType") { js.number($0.nodeType.rawValue) }
        getter(c, Node.self, "nodeName") { js.string($0.nodeName) }
        getter(c, Node.self, "nodeValue", { [unowned self] in string($0.nodeValue) }) { node, value in
            node.nodeValue = value.isNullish ? "" : value.string
        }
        getter(c, Node.self, "textContent", { [unowned self] in string($0.textContent) }) { node, value in
            node.textContent = value.isNullish ? "" : value.string
        }
        getter(c, Node.self, "ownerDocument") { [unowned self] in $0 is Document ? js.null : wrap($0.ownerDocument) }
        getter(c, Node.self, "parentNode") { [unowned self] in wrap($0.parentNode) }
        getter(c, Node.self, "parentElement") { [unowned self] in wrap($0.parentElement) }
        getter(c, Node.self, "firstChild") { [unowned self] in wrap($0.firstChild) }
        getter(c, Node.self, "lastChild") { [unowned self] in wrap($0.lastChild) }
        getter(c, Node.self, "nextSibling") { [unowned self] in wrap($0.nextSibling) }
        getter(c, Node.self, "previousSibling") { [unowned self] in wrap($0.previousSibling) }
        getter(c, Node.self, "childNodes") { [unowned self] in
            try helpers?.invoke("liveList", [wrap($0), js.string("childNodes"), js.undefined]) ?? js.undefined
        }
        getter(c, Node.self, "isConnected") { js.boolean($0.isConnected) }
        method(c, Node.self, "appendChild") { [unowned self] node, args in
            let child = try requireNode(args[0], "appendChild")
            return wrap(try dom { () throws(DOMError) in try node.appendChild(child) })
        }
        method(c, Node.self, "insertBefore") { [unowned self] node, args in
            let new = try requireNode(args[0], "insertBefore")
            let reference = self.node(args[1])
            return wrap(try dom { () throws(DOMError) in try node.insertBefore(new, reference) })
        }
        method(c, Node.self, "removeChild") { [unowned self] node, args in
            let child = try requireNode(args[0], "removeChild")
            return wrap(try dom { () throws(DOMError) in try node.removeChild(child) })
        }
        method(c, Node.self, "replaceChild") { [unowned self] node, args in
            let new = try requireNode(args[0], "replaceChild")
            let old = try requireNode(args[1], "replaceChild")
            return wrap(try dom { () throws(DOMError) in try node.replaceChild(new, old) })
        }
        method(c, Node.self, "cloneNode") { [unowned self] node, args in wrap(node.cloneNode(deep: args[0].boolean)) }
        method(c, Node.self, "contains") { [unowned self] node, args in js.boolean(node.contains(self.node(args[0]))) }
        method(c, Node.self, "hasChildNodes") { node, _ in js.boolean(node.hasChildNodes) }
        method(c, Node.self, "normalize") { node, _ in
            node.normalize()
            return js.undefined
        }
        // ChildNode (elements and character data; harmless on the others, which have no parent to move in).
        for name in ["before", "after", "replaceWith"] {
            method(c, Node.self, name) { [unowned self] node, args in
                let nodes = convert(args, in: node)
                try dom { () throws(DOMError) in
                    guard let parent = node.parentNode else { return }
                    // The DOM standard's viable siblings: the nearest ones that are not being moved, found
                    // before moving them (`x.replaceWith(x)` and `x.before(x.previousSibling)` are valid).
                    let moved = { (sibling: Node) in nodes.contains { $0 === sibling } }
                    var previous = node.previousSibling
                    while let sibling = previous, moved(sibling) { previous = sibling.previousSibling }
                    var next = node.nextSibling
                    while let sibling = next, moved(sibling) { next = sibling.nextSibling }
                    let fragment = (node.ownerDocument ?? document).createDocumentFragment()
                    try fragment.append(nodes)
                    switch name {
                    case "before":
                        _ = try parent.insertBefore(fragment, previous.map { $0.nextSibling } ?? parent.firstChild)
                    case "after": _ = try parent.insertBefore(fragment, next)
                    default:
                        if node.parentNode === parent {
                            _ = try parent.replaceChild(fragment, node)
                        } else {
                            _ = try parent.insertBefore(fragment, next)
                        }
                    }
                }
                return js.undefined
            }
        }
        method(c, Node.self, "remove") { node, _ in
            node.remove()
            return js.undefined
        }
    }

    /// Arguments of `append`, `before`…: nodes as they are, anything else as a text node.
    private func convert(_ args: JSArguments, in node: Node) -> [Node] {
        let owner = (node as? Document) ?? node.ownerDocument ?? document
        return args.map { self.node($0) ?? owner.createTextNode($0.string) }
    }

    private func defineCharacterData(_ c: JSHostClass) {
        unowned let js = context  // the context holds these closures: no cycle through it
        getter(c, CharacterData.self, "data", { js.string($0.data) }) { node, value in node.data = value.string }
        getter(c, CharacterData.self, "length") { js.number($0.length) }
        method(c, CharacterData.self, "substringData") { [unowned self] node, args in
            let (offset, count) = (offset(args[0]), offset(args[1]))
            return js.string(try dom { () throws(DOMError) in try node.substringData(offset, count) })
        }
        method(c, CharacterData.self, "appendData") { node, args in
            node.appendData(args[0].string)
            return js.undefined
        }
        method(c, CharacterData.self, "insertData") { [unowned self] node, args in
            let (offset, text) = (offset(args[0]), args[1].string)
            try dom { () throws(DOMError) in try node.insertData(offset, text) }
            return js.undefined
        }
        method(c, CharacterData.self, "deleteData") { [unowned self] node, args in
            let (offset, count) = (offset(args[0]), offset(args[1]))
            try dom { () throws(DOMError) in try node.deleteData(offset, count) }
            return js.undefined
        }
        method(c, CharacterData.self, "replaceData") { [unowned self] node, args in
            let (offset, count, text) = (offset(args[0]), offset(args[1]), args[2].string)
            try dom { () throws(DOMError) in try node.replaceData(offset, count, text) }
            return js.undefined
        }
    }

    private func defineText(_ c: JSHostClass) {
        unowned let js = context  // the context holds these closures: no cycle through it
        method(c, Text.self, "splitText") { [unowned self] node, args in
            let offset = offset(args[0])
            return wrap(try dom { () throws(DOMError) in try node.splitText(offset) })
        }
        getter(c, Text.self, "wholeText") { js.string($0.wholeText) }
    }

    /// An offset or count argument as WebIDL's `unsigned long` converts it (modulo 2^32).
    private func offset(_ value: JSValue) -> Int {
        Int(Conversions.uint32(wrapping: value.number))  // gowasm: allow-trap: UInt32 widened to Int
    }

    /// ParentNode: elements, documents and fragments.
    private func defineParent(_ c: JSHostClass) {
        unowned let js = context  // the context holds these closures: no cycle through it
        getter(c, Node.self, "children") { [unowned self] in
            try helpers?.invoke("liveList", [wrap($0), js.string("children"), js.undefined]) ?? js.undefined
        }
        getter(c, Node.self, "firstElementChild") { [unowned self] in wrap($0.firstElementChild) }
        getter(c, Node.self, "lastElementChild") { [unowned self] in wrap($0.lastElementChild) }
        getter(c, Node.self, "childElementCount") { js.number($0.childElementCount) }
        for name in ["append", "prepend", "replaceChildren"] {
            method(c, Node.self, name) { [unowned self] node, args in
                let nodes = convert(args, in: node)
                try dom { () throws(DOMError) in
                    switch name {
                    case "append": try node.append(nodes)
                    case "prepend": try node.prepend(nodes)
                    default: try node.replaceChildren(nodes)
                    }
                }
                return js.undefined
            }
        }
        for name in ["querySelector", "querySelectorAll"] {
            method(c, Node.self, name) { [unowned self] node, args in
                let selector = args[0].string
                let found = try dom { () throws(DOMError) in try node.querySelectorAll(selector) }
                if name == "querySelector" { return wrap(found.first) }
                return try helpers?.invoke("staticList", [wrapList(found)]) ?? js.undefined
            }
        }
        for (name, kind) in [("getElementsByTagName", "tag"), ("getElementsByClassName", "class")] {
            method(c, Node.self, name) { [unowned self] node, args in
                try helpers?.invoke("liveList", [wrap(node), js.string(kind), js.string(args[0].string)])
                    ?? js.undefined
            }
        }
    }

    // MARK: Document

    private func defineDocument(_ c: JSHostClass) {
        unowned let js = context  // the context holds these closures: no cycle through it
        getter(c, Document.self, "documentElement") { [unowned self] in wrap($0.documentElement) }
        getter(c, Document.self, "head") { [unowned self] in wrap($0.head) }
        getter(c, Document.self, "body", { [unowned self] in wrap($0.body) }) { [unowned self] document, value in
            let element = node(value) as? Element
            try dom { () throws(DOMError) in try document.setBody(element) }
        }
        getter(c, Document.self, "doctype") { [unowned self] in wrap($0.doctype) }
        getter(c, Document.self, "title", { js.string($0.title) }) { document, value in document.title = value.string }
        getter(c, Document.self, "readyState") { js.string($0.readyState) }
        getter(c, Document.self, "URL") { js.string($0.url) }
        getter(c, Document.self, "documentURI") { js.string($0.url) }
        getter(c, Document.self, "baseURI") { [unowned self] _ in js.string(documentBaseURI) }
        // A document without a browsing context (DOMParser's) has no location and no window.
        getter(c, Document.self, "location") { [unowned self] in window(of: $0).object?["location"] ?? js.null }
        getter(c, Document.self, "defaultView") { [unowned self] in window(of: $0) }
        getter(c, Document.self, "contentType") { document in js.string(document.contentType) }
        getter(c, Document.self, "inputEncoding") { _ in js.string("UTF-8") }
        getter(c, Document.self, "charset") { _ in js.string("UTF-8") }
        getter(c, Document.self, "currentScript") { [unowned self] _ in wrap(currentScript) }
        getter(c, Document.self, "characterSet") { _ in js.string("UTF-8") }
        getter(c, Document.self, "compatMode") {
            js.string($0.doctype?.name.lowercased() == "html" ? "CSS1Compat" : "BackCompat")
        }
        method(c, Document.self, "createElement") { [unowned self] document, args in
            wrap(try dom { () throws(DOMError) in try document.createElement(text(args[0])) })
        }
        method(c, Document.self, "createElementNS") { [unowned self] document, args in
            let namespace = args[0].isNullish ? nil : args[0].string
            return wrap(try dom { () throws(DOMError) in try document.createElementNS(namespace, text(args[1])) })
        }
        method(c, Document.self, "importNode") { [unowned self] document, args in
            guard let node = node(args[0]) else {
                throw JavaScriptError(
                    throwing: js.error(
                        "Failed to execute 'importNode' on 'Document': parameter 1 is not of type 'Node'.",
                        name: "TypeError"))
            }
            return wrap(try dom { () throws(DOMError) in try document.importNode(node, deep: args[1].boolean) })
        }
        method(c, Document.self, "adoptNode") { [unowned self] document, args in
            guard let node = node(args[0]) else {
                throw JavaScriptError(
                    throwing: js.error(
                        "Failed to execute 'adoptNode' on 'Document': parameter 1 is not of type 'Node'.",
                        name: "TypeError"))
            }
            return wrap(try dom { () throws(DOMError) in try document.adoptNode(node) })
        }
        method(c, Document.self, "createTextNode") { [unowned self] document, args in
            wrap(document.createTextNode(text(args[0])))
        }
        method(c, Document.self, "createComment") { [unowned self] document, args in
            wrap(document.createComment(text(args[0])))
        }
        method(c, Document.self, "createProcessingInstruction") { [unowned self] document, args in
            wrap(
                try dom { () throws(DOMError) in try document.createProcessingInstruction(text(args[0]), text(args[1]))
                })
        }
        method(c, Document.self, "createDocumentFragment") { [unowned self] document, _ in
            wrap(document.createDocumentFragment())
        }
        method(c, Document.self, "getElementById") { [unowned self] document, args in
            wrap(document.getElementById(args[0].string))
        }
        method(c, Document.self, "hasFocus") { _, _ in js.boolean(false) }
        method(c, Document.self, "createEvent") { [unowned self] _, args in
            guard args.count > 0 else {
                throw JavaScriptError(
                    throwing: js.error(
                        "Failed to execute 'createEvent' on 'Document': 1 argument required, but only 0 present.",
                        name: "TypeError"))
            }
            return try helpers?.invoke("createEvent", [args[0]]) ?? js.undefined
        }
    }

    // MARK: Element

    private func defineElement(_ c: JSHostClass) {
        unowned let js = context  // the context holds these closures: no cycle through it
        defineReflected(c, "Element")
        getter(c, Element.self, "tagName") { js.string($0.tagName) }
        getter(c, Element.self, "localName") { js.string($0.localName) }
        // Null for no namespace (createElementNS(null, …), an XML document's plain elements).
        getter(c, Element.self, "namespaceURI") { $0.namespace.uri.isEmpty ? js.null : js.string($0.namespace.uri) }
        getter(c, Element.self, "prefix") { element in element.prefix.map { js.string($0) } ?? js.null }
        getter(c, Element.self, "innerHTML", { js.string($0.innerHTML) }) { element, value in
            element.setInnerHTML(value.isNullish ? "" : value.string)
        }
        getter(c, Element.self, "outerHTML", { js.string($0.outerHTML) }) { [unowned self] element, value in
            try dom { () throws(DOMError) in try element.setOuterHTML(value.string) }
        }
        getter(c, Element.self, "classList") { [unowned self] in
            try helpers?.invoke("classList", [wrap($0)]) ?? js.undefined
        }
        getter(c, Element.self, "dataset") { [unowned self] in
            try helpers?.invoke("dataset", [wrap($0)]) ?? js.undefined
        }
        getter(c, Element.self, "style", { [unowned self] in try helpers?.invoke("style", [wrap($0)]) ?? js.undefined })
        {
            element, value in element.style.cssText = value.string
        }
        getter(c, Element.self, "attributes") { element in
            js.array(element.attributes.map { js.object(["name": js.string($0.name), "value": js.string($0.value)]) })
        }
        method(c, Element.self, "getAttributeNames") { element, _ in
            js.array(element.attributes.map { js.string($0.name) })
        }
        method(c, Element.self, "getAttribute") { [unowned self] element, args in
            string(element.getAttribute(args[0].string))
        }
        method(c, Element.self, "setAttribute") { [unowned self] element, args in
            try dom { () throws(DOMError) in try element.setAttribute(text(args[0]), text(args[1])) }
            return js.undefined
        }
        method(c, Element.self, "setAttributeNS") { [unowned self] element, args in
            let namespace = args[0].isNullish ? nil : args[0].string
            try dom { () throws(DOMError) in try element.setAttributeNS(namespace, text(args[1]), text(args[2])) }
            return js.undefined
        }
        method(c, Element.self, "getAttributeNS") { [unowned self] element, args in
            string(element.getAttributeNS(args[0].isNullish ? nil : args[0].string, args[1].string))
        }
        method(c, Element.self, "removeAttribute") { element, args in
            element.removeAttribute(args[0].string)
            return js.undefined
        }
        method(c, Element.self, "removeAttributeNS") { element, args in
            element.removeAttributeNS(args[0].isNullish ? nil : args[0].string, args[1].string)
            return js.undefined
        }
        method(c, Element.self, "hasAttribute") { element, args in js.boolean(element.hasAttribute(args[0].string)) }
        method(c, Element.self, "hasAttributes") { element, _ in js.boolean(element.hasAttributes) }
        method(c, Element.self, "toggleAttribute") { [unowned self] element, args in
            let force: Bool? = args.count > 1 && !args[1].isUndefined ? args[1].boolean : nil
            return js.boolean(
                try dom { () throws(DOMError) in try element.toggleAttribute(args[0].string, force: force) })
        }
        method(c, Element.self, "matches") { [unowned self] element, args in
            js.boolean(try dom { () throws(DOMError) in try element.matches(args[0].string) })
        }
        method(c, Element.self, "closest") { [unowned self] element, args in
            wrap(try dom { () throws(DOMError) in try element.closest(args[0].string) })
        }
        method(c, Element.self, "insertAdjacentHTML") { [unowned self] element, args in
            try dom { () throws(DOMError) in try element.insertAdjacentHTML(args[0].string, args[1].string) }
            return js.undefined
        }
    }

    /// The reflected attributes `interface` defines itself (generated table; see `Reflection.swift`).
    private func defineReflected(_ c: JSHostClass, _ interface: String) {
        unowned let js = context  // the context holds these closures: no cycle through it
        for reflected in ReflectionTable.attributes(of: interface) {
            let set: (Element, JSValue) throws -> Void
            switch reflected.kind {
            case .string(let nullable, let nullAsEmpty):
                set = { element, value in
                    reflected.set(
                        element,
                        string: value.isNull && nullable ? nil : value.isNull && nullAsEmpty ? "" : value.string)
                }
            case .enumerated(let enumeration):
                set = { element, value in
                    reflected.set(element, string: value.isNull && enumeration.nullable ? nil : value.string)
                }
            case .url, .tokenList:
                set = { element, value in reflected.set(element, string: value.string) }
            case .boolean:
                set = { element, value in reflected.set(element, boolean: value.boolean) }
            case .double:
                set = { [unowned self] element, value in
                    let number = value.number
                    guard number.isFinite else {
                        throw JavaScriptError(
                            throwing: js.error("The provided double value is non-finite.", name: "TypeError"))
                    }
                    try dom { () throws(DOMError) in try reflected.set(element, number: number) }
                }
            case .long, .tabIndex, .unsignedLong:
                set = { [unowned self] element, value in
                    let number = value.number
                    try dom { () throws(DOMError) in try reflected.set(element, number: number) }
                }
            }
            getter(
                c, Element.self, reflected.property,
                { [unowned self] element in
                    switch reflected.get(element) {
                    case .string(let value): return js.string(value)
                    case .null: return js.null
                    case .boolean(let value): return js.boolean(value)
                    case .number(let value): return js.number(value)
                    case .tokenList:
                        return try helpers?.invoke("tokenList", [wrap(element), js.string(reflected.attribute)])
                            ?? js.undefined
                    }
                }, set: set)
        }
    }

    private func defineHTMLElement(_ c: JSHostClass) {
        unowned let js = context  // the context holds these closures: no cycle through it
        defineReflected(c, "HTMLElement")
        getter(c, Element.self, "innerText", { js.string($0.innerText) }) { element, value in
            element.setInnerText(value.string)
        }
        getter(c, Element.self, "value", { js.string($0.value) }) { element, value in element.value = value.string }
        getter(c, Element.self, "checked", { js.boolean($0.checked) }) { element, value in
            element.checked = value.boolean
        }
        getter(c, Element.self, "selected", { js.boolean($0.selected) }) { element, value in
            element.selected = value.boolean
        }
        getter(c, Element.self, "selectedIndex", { js.number($0.selectedIndex) }) { element, value in
            element.selectedIndex = Int(Conversions.int32(wrapping: value.number))  // WebIDL long  // gowasm: allow-trap: Int32 widened to Int
        }
        getter(c, Element.self, "options") { [unowned self] in wrapList($0.options) }
        // `<template>`'s content; elsewhere the reflected `content` attribute (`<meta content>`).
        getter(
            c, Element.self, "content",
            { [unowned self] in $0.templateContent.map { wrap($0) } ?? js.string($0.reflectedString("content") ?? "") }
        ) {
            element, value in _ = element.setReflectedString("content", value.string)
        }
        // A click dispatches a bubbling `click` to the listeners (dom.js replaces this with the full `click()`).
        method(c, Element.self, "click") { [unowned self] element, _ in
            try fire("click", at: element, bubbles: true)
            return js.undefined
        }
    }
}
