// The node tree: one class per DOM node kind, mutated through the WHATWG tree operations.

/// The DOM's `nodeType` numbers.
public enum NodeType: Int, Sendable {
    case element = 1
    case text = 3
    case processingInstruction = 7
    case comment = 8
    case document = 9
    case documentType = 10
    case documentFragment = 11
}

/// What a DOM operation throws; `name` is the DOMException name scripts see.
public enum DOMError: Error, Equatable, CustomStringConvertible, Sendable {
    case hierarchyRequest(String)
    case notFound(String)
    case invalidCharacter(String)
    case syntax(String)
    case notSupported(String)
    case indexSize(String)
    case noModificationAllowed(String)

    public var name: String {
        switch self {
        case .hierarchyRequest: "HierarchyRequestError"
        case .notFound: "NotFoundError"
        case .invalidCharacter: "InvalidCharacterError"
        case .syntax: "SyntaxError"
        case .notSupported: "NotSupportedError"
        case .indexSize: "IndexSizeError"
        case .noModificationAllowed: "NoModificationAllowedError"
        }
    }

    public var message: String {
        switch self {
        case .hierarchyRequest(let m), .notFound(let m), .invalidCharacter(let m), .syntax(let m),
            .notSupported(let m), .indexSize(let m), .noModificationAllowed(let m):
            m
        }
    }

    public var description: String { "\(name): \(message)" }
}

/// A node of the tree. Subclasses: `Document`, `DocumentType`, `DocumentFragment`, `Element`, `Text`, `Comment`,
/// `ProcessingInstruction`.
///
/// Nodes are not thread-safe: one document belongs to one task at a time (a pre-render run).
public class Node {
    public let nodeType: NodeType
    /// The document that created this node (nil only for a `Document` itself).
    public internal(set) weak var ownerDocument: Document?
    public private(set) weak var parentNode: Node?
    public private(set) var childNodes: [Node] = []
    /// Listeners added with `addEventListener`; recorded, never fired (nothing dispatches events headless).
    public private(set) var eventListeners: [EventListenerRecord] = []
    /// The mutation observers registered on this node (DOM "registered observer list").
    var registeredObservers: [RegisteredObserver] = []

    init(nodeType: NodeType, ownerDocument: Document?) {
        self.nodeType = nodeType
        self.ownerDocument = ownerDocument
    }

    // MARK: Names and values

    /// `nodeName`: the upper-case tag name for HTML elements, `#text`, `#comment`, `#document`, ...
    public var nodeName: String { fatalError("subclass responsibility") }

    /// `nodeValue`: the data of text and comments, nil elsewhere; setting it elsewhere does nothing.
    public var nodeValue: String? {
        get { (self as? CharacterData)?.data }
        set { (self as? CharacterData)?.data = newValue ?? "" }
    }

    /// `textContent`: the concatenated text of all descendants; nil for documents and doctypes.
    /// Setting it on an element or fragment replaces all children with one text node (none for "").
    public var textContent: String? {
        get {
            switch self {
            case let data as CharacterData: return data.data
            case is Document, is DocumentType: return nil
            default:
                var result = ""
                appendDescendantText(to: &result)
                return result
            }
        }
        set {
            switch self {
            case let data as CharacterData: data.data = newValue ?? ""
            case is Document, is DocumentType: return
            default:
                let text = newValue ?? ""
                let document = ownerDocument ?? (self as? Document)
                replaceAll(with: text.isEmpty ? nil : document?.createTextNode(text))
            }
        }
    }

    private func appendDescendantText(to result: inout String) {
        for child in childNodes {
            if let text = child as? Text {
                result += text.data
            } else if child is Element || child is DocumentFragment {
                child.appendDescendantText(to: &result)
            }
        }
    }

    // MARK: Navigation

    public var parentElement: Element? { parentNode as? Element }
    public var firstChild: Node? { childNodes.first }
    public var lastChild: Node? { childNodes.last }
    public var hasChildNodes: Bool { !childNodes.isEmpty }

    public var previousSibling: Node? {
        guard let siblings = parentNode?.childNodes, let index = indexInParent, index > 0 else { return nil }
        return siblings[index - 1]
    }

    public var nextSibling: Node? {
        guard let siblings = parentNode?.childNodes, let index = indexInParent, index + 1 < siblings.count else {
            return nil
        }
        return siblings[index + 1]
    }

    /// The element children (`children` in the DOM).
    public var children: [Element] { childNodes.compactMap { $0 as? Element } }
    public var firstElementChild: Element? { childNodes.lazy.compactMap { $0 as? Element }.first }
    public var lastElementChild: Element? { childNodes.reversed().lazy.compactMap { $0 as? Element }.first }
    public var childElementCount: Int { children.count }

    public var previousElementSibling: Element? {
        var node = previousSibling
        while let current = node {
            if let element = current as? Element { return element }
            node = current.previousSibling
        }
        return nil
    }

    public var nextElementSibling: Element? {
        var node = nextSibling
        while let current = node {
            if let element = current as? Element { return element }
            node = current.nextSibling
        }
        return nil
    }

    var indexInParent: Int? { parentNode?.childNodes.firstIndex { $0 === self } }

    /// True if `other` is this node or one of its descendants (`contains`).
    public func contains(_ other: Node?) -> Bool {
        var node = other
        while let current = node {
            if current === self { return true }
            node = current.parentNode
        }
        return false
    }

    /// The root of the tree this node is in (the document when connected).
    public var rootNode: Node {
        var node = self
        while let parent = node.parentNode { node = parent }
        return node
    }

    /// Connected: in a document, through any shadow hosts on the way.
    public var isConnected: Bool { shadowIncludingRoot is Document }

    // The ParentNode mixin's queries (documents, fragments and elements expose them): the descendant
    // elements, in tree order, that match.
    public func querySelector(_ selectors: String) throws(DOMError) -> Element? {
        let list = try SelectorList(parsing: selectors)
        return descendantElements.first { list.matches($0) }
    }

    public func querySelectorAll(_ selectors: String) throws(DOMError) -> [Element] {
        let list = try SelectorList(parsing: selectors)
        return descendantElements.filter { list.matches($0) }
    }

    /// Every descendant element in tree order (not this node; not template contents).
    public var descendantElements: [Element] {
        var result: [Element] = []
        collectDescendantElements(into: &result)
        return result
    }

    func collectDescendantElements(into result: inout [Element]) {
        for child in childNodes {
            guard let element = child as? Element else { continue }
            result.append(element)
            element.collectDescendantElements(into: &result)
        }
    }

    // MARK: Mutation (WHATWG "pre-insert", "replace", "remove")

    @discardableResult
    public func appendChild(_ node: Node) throws(DOMError) -> Node {
        try insertBefore(node, nil)
    }

    @discardableResult
    public func insertBefore(_ node: Node, _ reference: Node?) throws(DOMError) -> Node {
        try validateInsertion(of: node, before: reference)
        // Inserting a node before itself: the reference moves on to its next sibling.
        let anchor = reference === node ? node.nextSibling : reference
        insertValidated(node, before: anchor)
        return node
    }

    @discardableResult
    public func removeChild(_ child: Node) throws(DOMError) -> Node {
        guard child.parentNode === self else { throw .notFound("the node to remove is not a child of this node") }
        detach(child)
        return child
    }

    @discardableResult
    public func replaceChild(_ node: Node, _ child: Node) throws(DOMError) -> Node {
        guard child.parentNode === self else { throw .notFound("the node to replace is not a child of this node") }
        try validateInsertion(of: node, before: nil, replacing: child)
        var anchor = child.nextSibling
        if anchor === node { anchor = node.nextSibling }
        let previousSibling = child.previousSibling
        detach(child, suppressObservers: true)
        let added = insertValidated(node, before: anchor, suppressObservers: true)
        queueTreeMutationRecord(added: added, removed: [child], previousSibling: previousSibling, nextSibling: anchor)
        return child
    }

    /// `replaceChildren(...nodes)`: strings become text nodes.
    public func replaceChildren(_ nodes: [Node]) throws(DOMError) {
        let fragment = try fragment(from: nodes)
        try validateInsertion(of: fragment, before: nil, replacing: nil, replacingAll: true)
        replaceAll(with: fragment)
    }

    /// `append(...nodes)`.
    public func append(_ nodes: [Node]) throws(DOMError) {
        try appendChild(try fragment(from: nodes))
    }

    /// `prepend(...nodes)`.
    public func prepend(_ nodes: [Node]) throws(DOMError) {
        try insertBefore(try fragment(from: nodes), firstChild)
    }

    /// `remove()`: detaches this node from its parent, if any.
    public func remove() {
        parentNode?.detach(self)
    }

    /// `cloneNode(deep)`: a copy owned by the same document; template contents are cloned when deep.
    public func cloneNode(deep: Bool = false) -> Node {
        let copy = shallowClone()
        if deep {
            for child in childNodes { copy.adopt(child.cloneNode(deep: true), before: nil) }
        }
        return copy
    }

    func shallowClone() -> Node { fatalError("subclass responsibility") }

    /// `normalize()`: empty text nodes go, and each run of adjacent text nodes becomes its first node. The
    /// following nodes are merged one at a time (a characterData record, then the removal), as Chromium
    /// does; the standard's single "replace data" for the run would batch differently.
    public func normalize() {
        var node = firstChild
        while let current = node {
            guard let text = current as? Text else {
                current.normalize()
                node = current.nextSibling
                continue
            }
            if text.data.isEmpty {
                node = text.nextSibling
                text.remove()
                continue
            }
            while let next = text.nextSibling as? Text {
                if !next.data.isEmpty { text.appendData(next.data) }
                next.remove()
            }
            node = text.nextSibling
        }
    }

    // MARK: Events (recorded only)

    public func addEventListener(_ type: String, _ listener: AnyObject, capture: Bool = false) {
        let isDuplicate = eventListeners.contains {
            $0.type == type && $0.listener === listener && $0.capture == capture
        }
        if !isDuplicate { eventListeners.append(EventListenerRecord(type: type, listener: listener, capture: capture)) }
    }

    public func removeEventListener(_ type: String, _ listener: AnyObject, capture: Bool = false) {
        eventListeners.removeAll { $0.type == type && $0.listener === listener && $0.capture == capture }
    }

    // MARK: Internals

    private func fragment(from nodes: [Node]) throws(DOMError) -> Node {
        if nodes.count == 1 { return nodes[0] }
        guard let document = ownerDocument ?? (self as? Document) else {
            throw .hierarchyRequest("node has no document")
        }
        let fragment = document.createDocumentFragment()
        for node in nodes { try fragment.appendChild(node) }
        return fragment
    }

    /// The "insert" algorithm: moves `node` (or a fragment's children) under self before `anchor`, with no
    /// validity checks, queueing the mutation records unless the caller queues its own. Returns the nodes
    /// inserted.
    @discardableResult
    func insertValidated(_ node: Node, before anchor: Node?, suppressObservers: Bool = false) -> [Node] {
        let nodes: [Node]
        if let fragment = node as? DocumentFragment {
            nodes = fragment.childNodes
            guard !nodes.isEmpty else { return [] }
            fragment.removeAllChildren()
            fragment.queueTreeMutationRecord(added: [], removed: nodes, previousSibling: nil, nextSibling: nil)
        } else {
            nodes = [node]
        }
        for child in nodes { adopt(child, before: anchor) }
        if !suppressObservers {
            queueTreeMutationRecord(
                added: nodes, removed: [], previousSibling: nodes[0].previousSibling, nextSibling: anchor)
        }
        announceConnected(nodes)
        prepareConnectedScripts(in: nodes)
        if let host = connectedFrameHost {
            for frame in nodes.flatMap(\.inclusiveIFrames) { host.frameConnected(frame) }
        }
        return nodes
    }

    /// The insertion steps of script elements: each one inserted into a document with a runtime, in tree
    /// order, that has not started yet (a script created by script) is handed to that runtime.
    private func prepareConnectedScripts(in nodes: [Node]) {
        guard let document = ownerDocument ?? (self as? Document), let run = document.scriptConnected, isConnected
        else { return }
        var scripts: [Element] = []
        func collect(_ node: Node) {
            if let element = node as? Element, element.isHTML, element.localName == "script",
                !element.scriptAlreadyStarted
            {
                scripts.append(element)
            }
            for child in node.childNodes { collect(child) }
        }
        for node in nodes { collect(node) }
        for script in scripts where script.isConnected { run(script) }
    }

    /// The "replace all" algorithm (`textContent`, `innerHTML`, `replaceChildren` setters): one record
    /// with every removed and every added node.
    func replaceAll(with node: Node?) {
        let removed = childNodes
        removeAllChildren()
        let added = node.map { insertValidated($0, before: nil, suppressObservers: true) } ?? []
        if !added.isEmpty || !removed.isEmpty {
            queueTreeMutationRecord(added: added, removed: removed, previousSibling: nil, nextSibling: nil)
        }
    }

    /// Appends/inserts without validation: used by the parser, cloning and checked insertion. A node that
    /// has a parent is removed from it first (a recorded removal, as the DOM's "adopt" does).
    func adopt(_ node: Node, before anchor: Node?) {
        node.parentNode?.detach(node)
        if let document = ownerDocument ?? (self as? Document) {
            if node.ownerDocument?.hasMutationObservers == true { document.hasMutationObservers = true }
            if node.ownerDocument?.mayHaveFrames == true { document.mayHaveFrames = true }
            node.setOwnerDocumentRecursively(document)
        }
        node.parentNode = self
        if let anchor, let index = childNodes.firstIndex(where: { $0 === anchor }) {
            childNodes.insert(node, at: index)
        } else {
            childNodes.append(node)
        }
        if let document = ownerDocument ?? (self as? Document), document.namedElementHook != nil {
            NamedProperties.announce(node, in: document)
        }
    }

    func setOwnerDocumentRecursively(_ document: Document) {
        guard ownerDocument !== document, !(self is Document) else { return }
        if let element = self as? Element, element.customElementState == .custom, let old = ownerDocument,
            let hook = document.customElementHook ?? old.customElementHook
        {
            hook(.adopted(element, from: old, to: document))
        }
        ownerDocument = document
        for child in childNodes { child.setOwnerDocumentRecursively(document) }
        (self as? Element)?.templateContent?.setOwnerDocumentRecursively(document)
        (self as? Element)?.shadowRootStorage?.setOwnerDocumentRecursively(document)
    }

    /// The "remove" algorithm; `suppressObservers` when the caller queues one record for the whole change.
    func detach(_ child: Node, suppressObservers: Bool = false) {
        if isObservable {
            let previousSibling = child.previousSibling
            let nextSibling = child.nextSibling
            addTransientRegistrations(toRemoved: child)
            if !suppressObservers {
                queueTreeMutationRecord(
                    added: [], removed: [child], previousSibling: previousSibling, nextSibling: nextSibling)
            }
        }
        let host = connectedFrameHost
        let frames = host == nil ? [] : child.inclusiveIFrames
        let document = ownerDocument ?? (self as? Document)
        let wasConnected = document?.customElementHook != nil && isConnected
        childNodes.removeAll { $0 === child }
        child.parentNode = nil
        for frame in frames { host?.frameDisconnected(frame) }
        if wasConnected { announceDisconnected(child, in: document) }
    }

    /// Removes every child without a record (the caller queues one).
    func removeAllChildren() {
        let observable = isObservable
        let host = connectedFrameHost
        let frames = host == nil ? [] : childNodes.flatMap(\.inclusiveIFrames)
        let document = ownerDocument ?? (self as? Document)
        let removed = document?.customElementHook != nil && isConnected ? childNodes : []
        for child in childNodes {
            if observable { addTransientRegistrations(toRemoved: child) }
            child.parentNode = nil
        }
        childNodes.removeAll()
        for frame in frames { host?.frameDisconnected(frame) }
        for child in removed { announceDisconnected(child, in: document) }
    }

    private func validateInsertion(
        of node: Node, before reference: Node?, replacing child: Node? = nil, replacingAll: Bool = false
    ) throws(DOMError) {
        guard self is Document || self is DocumentFragment || self is Element else {
            throw .hierarchyRequest("\(nodeName) cannot have children")
        }
        if node.contains(self) { throw .hierarchyRequest("the new child is an ancestor of the parent") }
        if let reference, reference.parentNode !== self {
            throw .notFound("the reference node is not a child of this node")
        }
        if node is Document { throw .hierarchyRequest("a document cannot be inserted") }
        if node is DocumentType && !(self is Document) {
            throw .hierarchyRequest("a doctype can only be a child of a document")
        }
        guard self is Document else { return }
        if node is Text { throw .hierarchyRequest("text cannot be a child of a document") }
        // A document holds at most one element and one doctype.
        let incomingElements = node is DocumentFragment ? node.children.count : (node is Element ? 1 : 0)
        let remaining = replacingAll ? [] : childNodes.filter { $0 !== child }
        let existingElements = remaining.filter { $0 is Element }.count
        if incomingElements + existingElements > 1 { throw .hierarchyRequest("a document has only one element") }
        if node is DocumentType && remaining.contains(where: { $0 is DocumentType }) {
            throw .hierarchyRequest("a document has only one doctype")
        }
    }
}

/// One `addEventListener` call as recorded.
public struct EventListenerRecord {
    public let type: String
    public let listener: AnyObject
    public let capture: Bool
}
