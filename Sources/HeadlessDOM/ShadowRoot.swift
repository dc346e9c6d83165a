// Shadow trees (DOM standard §4.8): a shadow root hangs off its host element, outside the host's children, so
// tree walks, selectors and serialization (`innerHTML`, the pre-render's dump) never enter it. Slots are
// assigned by name (and by `assign()` in manual mode), found on demand rather than kept up to date.

/// `attachShadow`'s `mode`: an open root is reachable as `host.shadowRoot`, a closed one only through the
/// object `attachShadow` returned.
public enum ShadowRootMode: String, Sendable {
    case open, closed
}

/// `attachShadow`'s `slotAssignment`.
public enum SlotAssignmentMode: String, Sendable {
    case named, manual
}

/// A shadow root: a document fragment whose host is an element.
public final class ShadowRoot: DocumentFragment {
    public let mode: ShadowRootMode
    public let delegatesFocus: Bool
    public let slotAssignment: SlotAssignmentMode
    /// The host holds its shadow root; the root's way back is weak so the pair is no cycle.
    public private(set) weak var host: Element?

    init(host: Element, mode: ShadowRootMode, delegatesFocus: Bool, slotAssignment: SlotAssignmentMode) {
        self.host = host
        self.mode = mode
        self.delegatesFocus = delegatesFocus
        self.slotAssignment = slotAssignment
        super.init(ownerDocument: host.ownerDocument)
    }

    /// A shadow root is never cloned with its host (no `clonable` roots here).
    override func shallowClone() -> Node { DocumentFragment(ownerDocument: ownerDocument) }

    /// `innerHTML = markup`: parsed with the host as the context, as the HTML standard says for shadow roots.
    public func setInnerHTML(_ markup: String) {
        guard let document = ownerDocument, let host else { return }
        replaceAll(with: HTMLParser.parseFragment(markup, context: host, document: document))
    }

    /// The slots of this tree, in tree order.
    var slots: [Element] { descendantElements.filter { $0.isHTML && $0.localName == "slot" } }
}

extension DocumentFragment {
    /// `getElementById` (NonElementParentNode): the first descendant element with that id.
    public func getElementById(_ id: String) -> Element? {
        guard !id.isEmpty else { return nil }
        return descendantElements.first { $0.getAttribute("id") == id }
    }
}

extension Element {
    /// The local names that may host a shadow root (DOM standard's "valid shadow host name"); autonomous
    /// custom elements (a name with a hyphen) may too.
    static let shadowHostNames: Set<String> = [
        "article", "aside", "blockquote", "body", "div", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "main", "nav", "p", "section", "span",
    ]

    /// `attachShadow(init)`: a new shadow root, or NotSupportedError for an element that cannot host one
    /// or already does.
    @discardableResult
    public func attachShadow(
        mode: ShadowRootMode, delegatesFocus: Bool = false, slotAssignment: SlotAssignmentMode = .named
    ) throws(DOMError) -> ShadowRoot {
        guard isHTML, Self.shadowHostNames.contains(localName) || CustomElementName.isValid(localName) else {
            throw .notSupported("This element does not support attachShadow")
        }
        guard shadowRootStorage == nil else {
            throw .notSupported("Shadow root cannot be created on a host which already hosts a shadow tree.")
        }
        let root = ShadowRoot(host: self, mode: mode, delegatesFocus: delegatesFocus, slotAssignment: slotAssignment)
        shadowRootStorage = root
        return root
    }

    /// The shadow root this element hosts, open or closed (`shadowRoot` in script shows only an open one).
    public var hostedShadowRoot: ShadowRoot? { shadowRootStorage }

    /// A valid custom element name, loosely: lower-case ASCII start and a hyphen (the reserved names aside).
    // MARK: Slots

    /// A `<slot>`'s name (its `name` attribute, "" when absent).
    var slotName: String { getAttribute("name") ?? "" }

    /// The nodes `slot.assign(...)` gave this slot (manual assignment).
    public var manuallyAssignedNodes: [Node] {
        get { manualSlotAssignment.compactMap(\.node) }
        set { manualSlotAssignment = newValue.map { WeakNode(node: $0) } }
    }

    /// `assignedNodes()` of a slot: the host's children assigned to it, in tree order.
    public var assignedNodes: [Node] {
        guard isHTML, localName == "slot", let root = rootNode as? ShadowRoot, let host = root.host else { return [] }
        return host.childNodes.filter { ($0 is Element || $0 is Text) && $0.assignedSlot === self }
    }

    /// `assignedNodes({flatten: true})`: slots among the assigned nodes replaced by what they hold (their
    /// fallback children when nothing is assigned to them).
    public var flattenedAssignedNodes: [Node] {
        var result: [Node] = []
        let assigned = assignedNodes
        let nodes = assigned.isEmpty && rootNode is ShadowRoot ? childNodes : assigned
        for node in nodes {
            if let slot = node as? Element, slot.isHTML, slot.localName == "slot", slot.rootNode is ShadowRoot {
                result += slot.flattenedAssignedNodes
            } else {
                result.append(node)
            }
        }
        return result
    }
}

extension Node {
    /// The slot this node is assigned to, whatever the shadow root's mode (the event path needs it even in
    /// a closed tree; script's `assignedSlot` hides closed ones).
    public var assignedSlot: Element? {
        guard self is Element || self is Text, let host = parentNode as? Element,
            let root = host.hostedShadowRoot
        else { return nil }
        switch root.slotAssignment {
        case .manual:
            return root.slots.first { slot in slot.manuallyAssignedNodes.contains { $0 === self } }
        case .named:
            let name = (self as? Element)?.getAttribute("slot") ?? ""
            return root.slots.first { $0.slotName == name }
        }
    }

    /// The root of the root: past each shadow root to its host's tree (DOM "shadow-including root").
    public var shadowIncludingRoot: Node {
        var root = rootNode
        while let shadow = root as? ShadowRoot, let host = shadow.host { root = host.rootNode }
        return root
    }

    /// `getRootNode({composed})`.
    public func getRootNode(composed: Bool) -> Node { composed ? shadowIncludingRoot : rootNode }

    /// True if this node is `other` or a shadow-including ancestor of it.
    public func isShadowIncludingInclusiveAncestor(of other: Node) -> Bool {
        var node: Node? = other
        while let current = node {
            if current === self { return true }
            node = current.parentNode ?? (current as? ShadowRoot)?.host
        }
        return false
    }
}
