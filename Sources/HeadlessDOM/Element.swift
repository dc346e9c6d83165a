/// An element in the HTML, SVG, MathML or another namespace.
public final class Element: Node {
    public let namespace: Namespace
    public let prefix: String?
    public let localName: String
    public private(set) var attributes: [Attribute] = []
    /// A `<template>`'s contents (`content`): its parsed children live here, not in `childNodes`.
    public private(set) var templateContent: DocumentFragment?

    /// Form control state that is not an attribute (WHATWG "dirty value" / "dirty checkedness").
    var dirtyValue: String?
    var dirtyChecked: Bool?
    var selectedness: Bool?
    /// The shadow root `attachShadow` made (ShadowRoot.swift).
    var shadowRootStorage: ShadowRoot?
    /// A slot's nodes from `assign()` (manual slot assignment).
    var manualSlotAssignment: [WeakNode] = []
    /// `on*` handler properties set by script.
    var eventHandlers: [String: AnyObject] = [:]
    /// A script element's "already started" (HTML standard): set by the parser (a page's own scripts run in
    /// document order, a fragment's never) and once a script inserted by script ran; clones keep it.
    public var scriptAlreadyStarted = false
    /// The custom element state (CustomElements.swift): `undefined` for a valid custom element name until a
    /// definition upgrades it. The page's registry moves it on.
    public var customElementState: CustomElementState
    /// The `is` value a customized built-in element was created with (`createElement(name, {is})`, or
    /// the parser's `is` attribute).
    public var customElementIs: String?

    init(localName: String, namespace: Namespace, prefix: String? = nil, ownerDocument: Document?) {
        self.localName = localName
        self.namespace = namespace
        self.prefix = prefix
        customElementState =
            namespace == .html && CustomElementName.isValid(localName) ? .undefined : .uncustomized
        super.init(nodeType: .element, ownerDocument: ownerDocument)
        if namespace == .html && localName == "template" {
            templateContent = DocumentFragment(ownerDocument: ownerDocument)
        }
        if namespace == .html && localName == "iframe" { ownerDocument?.mayHaveFrames = true }
    }

    public var isHTML: Bool { namespace == .html }

    /// The qualified name (`svg:rect` with a prefix, else the local name).
    public var qualifiedName: String { prefix.map { "\($0):\(localName)" } ?? localName }

    /// `tagName`: upper-case for HTML elements, as written for SVG/MathML (`foreignObject`).
    public var tagName: String { isHTMLInHTMLDocument ? qualifiedName.uppercased() : qualifiedName }
    /// What the DOM standard's name rules hinge on: an HTML element whose node document is an HTML document.
    var isHTMLInHTMLDocument: Bool { isHTML && ownerDocument?.kind != .xml }
    public override var nodeName: String { tagName }

    override func shallowClone() -> Node {
        let copy = Element(localName: localName, namespace: namespace, prefix: prefix, ownerDocument: ownerDocument)
        copy.attributes = attributes
        copy.runAppendedAttributeSteps()
        copy.dirtyValue = dirtyValue
        copy.dirtyChecked = dirtyChecked
        copy.selectedness = selectedness
        copy.scriptAlreadyStarted = scriptAlreadyStarted
        copy.customElementIs = customElementIs
        if customElementIs != nil { copy.customElementState = .undefined }
        if copy.customElementState == .undefined, let hook = ownerDocument?.customElementHook { hook(.created(copy)) }
        return copy
    }

    public override func cloneNode(deep: Bool = false) -> Node {
        let copy = super.cloneNode(deep: deep)
        if deep, let source = templateContent, let target = (copy as? Element)?.templateContent {
            for child in source.childNodes { target.adopt(child.cloneNode(deep: true), before: nil) }
        }
        return copy
    }

    // MARK: Attributes

    /// HTML elements in an HTML document match attribute names in lower case.
    private func normalized(_ name: String) -> String { isHTMLInHTMLDocument ? name.lowercased() : name }

    private func attributeIndex(_ name: String) -> Int? {
        let name = normalized(name)
        return attributes.firstIndex { $0.name == name }
    }

    public func getAttribute(_ name: String) -> String? {
        attributeIndex(name).map { attributes[$0].value }
    }

    public func hasAttribute(_ name: String) -> Bool { attributeIndex(name) != nil }

    public var hasAttributes: Bool { !attributes.isEmpty }

    public func setAttribute(_ name: String, _ value: String) throws(DOMError) {
        guard Self.isValidAttributeName(name) else {
            throw .invalidCharacter("'\(name)' is not a valid attribute name")
        }
        setKnownAttribute(name, value)
    }

    public func removeAttribute(_ name: String) {
        guard let index = attributeIndex(name) else { return }
        noteAttributeChange(attributes[index])
        let removed = attributes[index]
        attributes.remove(at: index)
        runAttributeChangeSteps(removed.localName, oldValue: removed.value)
        announceAttributeChange(localName: removed.localName, namespace: removed.namespace, oldValue: removed.value)
    }

    /// HTML's attribute change steps of built-in elements, after the no-namespace attribute `localName`
    /// changed from `oldValue`: a connected iframe whose `src` or `srcdoc` changed navigates (the frame host);
    /// a details element whose `open` appeared or went is toggled (the document's `detailsToggleHook`).
    private func runAttributeChangeSteps(_ localName: String, oldValue: String?) {
        switch localName {
        case "src", "srcdoc":
            guard isIFrame, let host = connectedFrameHost else { return }
            host.frameAttributeChanged(self, name: localName)
        case "open":
            guard namespace == .html, self.localName == "details", let hook = ownerDocument?.detailsToggleHook else {
                return
            }
            let isOpen = attributes.contains { $0.namespace == nil && $0.localName == "open" }
            if isOpen != (oldValue != nil) { hook(self, isOpen) }
        default:
            return
        }
    }

    /// Queues the attribute record for a change to `attribute` (its value now is the old value).
    private func noteAttributeChange(_ attribute: Attribute) {
        queueAttributeMutationRecord(
            localName: attribute.localName, namespace: attribute.namespace?.uri, oldValue: attribute.value)
    }

    /// `toggleAttribute(name, force)`: returns whether the attribute is present afterwards.
    @discardableResult
    public func toggleAttribute(_ name: String, force: Bool? = nil) throws(DOMError) -> Bool {
        guard Self.isValidAttributeName(name) else {
            throw .invalidCharacter("'\(name)' is not a valid attribute name")
        }
        let present = hasAttribute(name)
        let wanted = force ?? !present
        if wanted && !present { try setAttribute(name, "") }
        if !wanted && present { removeAttribute(name) }
        return wanted
    }

    public func getAttributeNS(_ namespace: String?, _ localName: String) -> String? {
        let ns = namespace.flatMap { $0.isEmpty ? nil : AttributeNamespace(uri: $0) }
        return attributes.first { $0.namespace == ns && $0.localName == localName }?.value
    }

    public func setAttributeNS(_ namespace: String?, _ qualifiedName: String, _ value: String) throws(DOMError) {
        guard Self.isValidAttributeName(qualifiedName) else {
            throw .invalidCharacter("'\(qualifiedName)' is not a valid attribute name")
        }
        let ns = namespace.flatMap { $0.isEmpty ? nil : AttributeNamespace(uri: $0) }
        let parts = qualifiedName.split(separator: ":", maxSplits: 1).map(String.init)
        let (prefix, local) = parts.count == 2 ? (Optional(parts[0]), parts[1]) : (nil, qualifiedName)
        if prefix != nil && ns == nil { throw .syntax("a prefixed attribute needs a namespace") }
        var oldValue: String?
        if let index = attributes.firstIndex(where: { $0.namespace == ns && $0.localName == local }) {
            noteAttributeChange(attributes[index])
            oldValue = attributes[index].value
            attributes[index].value = value
        } else {
            queueAttributeMutationRecord(localName: local, namespace: ns?.uri, oldValue: nil)
            attributes.append(Attribute(namespace: ns, prefix: prefix, localName: local, value: value))
        }
        if ns == nil { runAttributeChangeSteps(local, oldValue: oldValue) }
        announceAttributeChange(localName: local, namespace: ns, oldValue: oldValue)
    }

    public func removeAttributeNS(_ namespace: String?, _ localName: String) {
        let ns = namespace.flatMap { $0.isEmpty ? nil : AttributeNamespace(uri: $0) }
        guard let index = attributes.firstIndex(where: { $0.namespace == ns && $0.localName == localName }) else {
            return
        }
        noteAttributeChange(attributes[index])
        let oldValue = attributes[index].value
        attributes.remove(at: index)
        if ns == nil { runAttributeChangeSteps(localName, oldValue: oldValue) }
        announceAttributeChange(localName: localName, namespace: ns, oldValue: oldValue)
    }

    /// The parser's way in: attributes as the tokenizer produced them (first wins, already normalized).
    func appendParsedAttribute(_ attribute: Attribute) {
        guard !attributes.contains(where: { $0.name == attribute.name }) else { return }
        attributes.append(attribute)
        if attribute.namespace == nil { runAttributeChangeSteps(attribute.localName, oldValue: nil) }
    }

    /// The change steps of attributes that came with the element (a clone's, or the parser's before anyone
    /// listened): each ran HTML's "append an attribute", so an open details element toggles.
    func runAppendedAttributeSteps() {
        for attribute in attributes where attribute.namespace == nil {
            runAttributeChangeSteps(attribute.localName, oldValue: nil)
        }
    }

    /// Attribute names may be anything but empty, whitespace, `/`, `>`, `=`, quotes and controls
    /// (Chromium accepts what the HTML tokenizer could produce).
    static func isValidAttributeName(_ name: String) -> Bool {
        !name.isEmpty
            && !name.unicodeScalars.contains { scalar in
                scalar.value <= 0x20 || scalar.value == 0x7F || "\"'/>=".unicodeScalars.contains(scalar)
            }
    }

    // MARK: id, class, classList, dataset, style

    public var id: String {
        get { getAttribute("id") ?? "" }
        set { setKnownAttribute("id", newValue) }
    }

    public var className: String {
        get { getAttribute("class") ?? "" }
        set { setKnownAttribute("class", newValue) }
    }

    public var classList: ClassList { ClassList(element: self) }
    public var dataset: Dataset { Dataset(element: self) }
    public var style: StyleDeclaration { StyleDeclaration(element: self) }

    /// Sets an attribute whose name is known to be valid.
    func setKnownAttribute(_ name: String, _ value: String) {
        var oldValue: String?
        var changed: Attribute
        if let index = attributeIndex(name) {
            noteAttributeChange(attributes[index])
            oldValue = attributes[index].value
            attributes[index].value = value
            changed = attributes[index]
        } else {
            let attribute = Attribute(localName: normalized(name), value: value)
            queueAttributeMutationRecord(localName: attribute.localName, namespace: nil, oldValue: nil)
            attributes.append(attribute)
            changed = attribute
        }
        if let document = ownerDocument, document.namedElementHook != nil {
            NamedProperties.announce(self, in: document)
        }
        runAttributeChangeSteps(changed.localName, oldValue: oldValue)
        announceAttributeChange(localName: changed.localName, namespace: changed.namespace, oldValue: oldValue)
    }

    // MARK: Selectors

    public func matches(_ selectors: String) throws(DOMError) -> Bool {
        try SelectorList(parsing: selectors).matches(self)
    }

    public func closest(_ selectors: String) throws(DOMError) -> Element? {
        let list = try SelectorList(parsing: selectors)
        var node: Element? = self
        while let current = node {
            if list.matches(current) { return current }
            node = current.parentElement
        }
        return nil
    }

    public func getElementsByTagName(_ name: String) -> [Element] {
        descendantElements.filter { name == "*" || $0.qualifiedName == ($0.isHTML ? name.lowercased() : name) }
    }

    public func getElementsByClassName(_ names: String) -> [Element] {
        let wanted = ClassList.tokens(in: names)
        guard !wanted.isEmpty else { return [] }
        return descendantElements.filter { element in
            let have = Set(ClassList.tokens(in: element.className))
            return wanted.allSatisfy(have.contains)
        }
    }
}
