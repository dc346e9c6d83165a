/// An HTML document: the root of a parsed page, and the factory for new nodes.
public final class Document: Node {
    /// The document's address (`document.URL`, `location`); relative `href`/`src` resolve against it.
    public var url: String
    /// Resolves a URL against the document's base URL with the WHATWG URL parser (set by `DOMBindings` to
    /// the page's own `URL` implementation, so `<a href>`, `<base>`, `location` and `fetch` agree with
    /// `new URL`). Nil outside a page runtime: Foundation's RFC 3986 resolution is the fallback.
    public var urlResolver: ((_ input: String) -> String?)?
    /// `document.readyState`: a headless run starts after parsing, so it is "complete".
    public var readyState: String = "complete"
    /// Set once a mutation observer watches one of this document's nodes (see `Node.isObservable`).
    var hasMutationObservers = false
    /// Called when a script element that has not started becomes connected (HTML's "prepare the script
    /// element" on insertion): the page runtime runs it. Unset, as for windowless documents, nothing runs.
    public var scriptConnected: ((Element) -> Void)?
    /// Told of each name (element id, or `name` of embed/form/img/object) that appears in this document's
    /// tree, for the window's named properties (NamedProperties.swift). Nil outside a page runtime.
    public var namedElementHook: ((_ name: String) -> Void)?
    /// Told when a details element's `open` attribute appeared or went (HTML's attribute change steps: the
    /// page's bindings queue its `toggle` event). Nil outside a page runtime.
    public var detailsToggleHook: ((_ details: Element, _ isOpen: Bool) -> Void)?
    /// Told, after each change, of what a custom element registry reacts to (CustomElements.swift); set by
    /// the page's bindings once a script defines a custom element. Nil: nothing is announced.
    public var customElementHook: ((CustomElementNotice) -> Void)? {
        get { ownHook ?? hookSource?.ownHook }
        set { ownHook = newValue }
    }
    private var ownHook: ((CustomElementNotice) -> Void)?
    /// The window's document, for a document its scripts made (`createHTMLDocument`, `DOMParser`): custom
    /// elements moved there still get their reactions.
    public weak var hookSource: Document?
    /// Gives this document's connected iframes their browsing contexts (a page runtime sets it).
    public weak var frameHost: FrameHost?
    /// Set once an iframe element belongs to this document, so insertions elsewhere skip the iframe search.
    public internal(set) var mayHaveFrames = false

    /// The DOM standard's document type. An HTML document (the parser's, `createHTMLDocument`'s) upper-cases
    /// its HTML elements' tag names and lower-cases the names given to `createElement`; an XML document
    /// (DOMParser's XML types) keeps names as written.
    public enum Kind: Sendable { case html, xml }
    public var kind = Kind.html
    /// `document.contentType`.
    public var contentType = "text/html"

    public init(url: String = "about:blank") {
        self.url = url
        super.init(nodeType: .document, ownerDocument: nil)
    }

    /// Parses a whole page (WHATWG tree construction, by gumbo).
    public convenience init(parsing html: String, url: String = "about:blank") {
        self.init(url: url)
        HTMLParser.parseDocument(html, into: self)
    }

    public override var nodeName: String { "#document" }
    override func shallowClone() -> Node {
        let copy = Document(url: url)
        copy.kind = kind
        copy.contentType = contentType
        return copy
    }

    // MARK: Factories

    /// `createElement(name)`: an HTML element; the name is lower-cased as in an HTML document.
    public func createElement(_ localName: String) throws(DOMError) -> Element {
        guard Self.isValidName(localName) else { throw .invalidCharacter("'\(localName)' is not a valid element name") }
        guard kind == .xml else {
            return Element(localName: localName.lowercased(), namespace: .html, ownerDocument: self)
        }
        // An XML document's elements are in no namespace, an XHTML document's in HTML's.
        let namespace = contentType == "application/xhtml+xml" ? Namespace.html : .other("")
        return Element(localName: localName, namespace: namespace, ownerDocument: self)
    }

    /// `createElementNS(namespace, qualifiedName)`: `svg:rect` keeps its prefix; a nil/"" namespace is none.
    public func createElementNS(_ namespaceURI: String?, _ qualifiedName: String) throws(DOMError) -> Element {
        guard Self.isValidName(qualifiedName) else {
            throw .invalidCharacter("'\(qualifiedName)' is not a valid element name")
        }
        let parts = qualifiedName.split(separator: ":", maxSplits: 1).map(String.init)
        let (prefix, local) = parts.count == 2 ? (Optional(parts[0]), parts[1]) : (nil, qualifiedName)
        let uri = namespaceURI ?? ""
        if prefix != nil && uri.isEmpty { throw .syntax("a prefixed name needs a namespace") }
        return Element(localName: local, namespace: Namespace(uri: uri), prefix: prefix, ownerDocument: self)
    }

    /// `adoptNode(node)`: `node` leaves its parent and, with its subtree, belongs to this document.
    public func adoptNode(_ node: Node) throws(DOMError) -> Node {
        if node is Document { throw .notSupported("a document cannot be adopted") }
        if node is ShadowRoot { throw .hierarchyRequest("a shadow root cannot be adopted") }
        node.parentNode?.detach(node)
        node.setOwnerDocumentRecursively(self)
        return node
    }

    /// `importNode(node, deep)`: a copy of `node` that belongs to this document (an HTML element copied from
    /// an XML document then gets an upper-case tag name).
    public func importNode(_ node: Node, deep: Bool) throws(DOMError) -> Node {
        if node is Document || node is ShadowRoot {
            throw .notSupported("a document or shadow root cannot be imported")
        }
        let copy = node.cloneNode(deep: deep)
        copy.setOwnerDocumentRecursively(self)
        return copy
    }

    public func createTextNode(_ data: String) -> Text { Text(data, ownerDocument: self) }
    public func createComment(_ data: String) -> Comment { Comment(data, ownerDocument: self) }
    public func createDocumentFragment() -> DocumentFragment { DocumentFragment(ownerDocument: self) }

    /// `createProcessingInstruction(target, data)`: the target must be a name, and the data must not close
    /// the instruction early (`?>`).
    public func createProcessingInstruction(_ target: String, _ data: String) throws(DOMError) -> ProcessingInstruction
    {
        guard Self.isValidName(target) else { throw .invalidCharacter("'\(target)' is not a valid target") }
        guard !data.contains("?>") else { throw .invalidCharacter("the data contains '?>'") }
        return ProcessingInstruction(target: target, data: data, ownerDocument: self)
    }

    public func createDocumentType(name: String, publicId: String = "", systemId: String = "") -> DocumentType {
        DocumentType(name: name, publicId: publicId, systemId: systemId, ownerDocument: self)
    }

    /// `DOMImplementation.createHTMLDocument(title)` (DOM standard): a doctype, then html > head (> title, when
    /// one is given) and body. It has no browsing context, so its URL is about:blank and no script runs in it.
    public static func createHTMLDocument(title: String?) -> Document {
        let document = Document()
        func element(_ name: String, in parent: Node) -> Element {
            let element = Element(localName: name, namespace: .html, ownerDocument: document)
            _ = parent.insertValidated(element, before: nil)
            return element
        }
        _ = document.insertValidated(document.createDocumentType(name: "html"), before: nil)
        let html = element("html", in: document)
        let head = element("head", in: html)
        if let title {
            _ = element("title", in: head).insertValidated(document.createTextNode(title), before: nil)
        }
        _ = element("body", in: html)
        return document
    }

    /// Element names: a letter first, then no whitespace, `/`, `>`, NUL (Chromium's lenient rule).
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" || first == ":"
        else { return false }
        return !name.unicodeScalars.contains { $0.value <= 0x20 || $0 == "/" || $0 == ">" || $0 == "<" }
    }

    // MARK: Structure

    public var doctype: DocumentType? { childNodes.lazy.compactMap { $0 as? DocumentType }.first }
    public var documentElement: Element? { firstElementChild }

    public var head: Element? {
        documentElement?.children.first { $0.isHTML && $0.localName == "head" }
    }

    public var body: Element? {
        documentElement?.children.first { $0.isHTML && ($0.localName == "body" || $0.localName == "frameset") }
    }

    /// `document.body = element` (HTML standard): replaces the current body, or appends to `<html>` when there
    /// is none. Apps that render a whole new `<body>` (vecty's `RenderBody`) set it.
    public func setBody(_ element: Element?) throws(DOMError) {
        guard let element, element.isHTML, element.localName == "body" || element.localName == "frameset" else {
            throw .hierarchyRequest("The new body must be a body or frameset element.")
        }
        if element === body { return }
        if let current = body {
            _ = try documentElement?.replaceChild(element, current)
        } else if let root = documentElement {
            _ = try root.appendChild(element)
        } else {
            throw .hierarchyRequest("The document has no root element to hold a body.")
        }
    }

    /// `document.title`: the first `<title>`'s text with whitespace collapsed; setting creates one in `<head>`.
    public var title: String {
        get {
            let text = titleElement?.textContent ?? ""
            return ClassList.tokens(in: text).joined(separator: " ")
        }
        set {
            if let existing = titleElement {
                existing.textContent = newValue
            } else if let head {
                let element = Element(localName: "title", namespace: .html, ownerDocument: self)
                element.textContent = newValue
                head.insertValidated(element, before: nil)
            }
        }
    }

    private var titleElement: Element? {
        descendantElements.first { $0.isHTML && $0.localName == "title" }
    }

    // MARK: Queries

    public func getElementById(_ id: String) -> Element? {
        guard !id.isEmpty else { return nil }
        return descendantElements.first { $0.getAttribute("id") == id }
    }

    public func getElementsByTagName(_ name: String) -> [Element] {
        documentElement.map { [$0] + $0.getElementsByTagName(name) }?.filter {
            name == "*" || $0.qualifiedName == ($0.isHTML ? name.lowercased() : name)
        } ?? []
    }

    public func getElementsByClassName(_ names: String) -> [Element] {
        let wanted = ClassList.tokens(in: names)
        return descendantElements.filter { element in
            let have = Set(ClassList.tokens(in: element.className))
            return !wanted.isEmpty && wanted.allSatisfy(have.contains)
        }
    }

    // MARK: Output

    /// The whole document serialized as HTML (doctype, comments around `<html>`, everything).
    public var serialized: String { HTMLSerializer.serializeChildren(of: self) }

    /// What `chromium --headless --dump-dom` prints: the doctype (if any) on its own line, then
    /// `documentElement.outerHTML`, then a newline. Comments outside `<html>` are not printed.
    public var dumpDOM: String {
        var output = ""
        if let doctype { output += HTMLSerializer.xmlStyleDoctype(doctype) + "\n" }
        if let documentElement { output += documentElement.outerHTML }
        return output + "\n"
    }
}
