// Custom elements (HTML standard §4.13), the DOM's half: each element's custom element state, the names
// that may be custom, and the notices a registry needs (connected, disconnected, adopted, attribute
// changed). The registry, the constructors and the reactions live in the page's scripts (JS/customelements.js,
// driven by DOMBindingsCustomElements.swift); the DOM only tells, after each change, through the document's
// `customElementHook`, so no script runs in the middle of a tree mutation.

/// An element's custom element state: `undefined` until a definition upgrades it (a valid custom element
/// name, or an `is` value, with no definition yet), `custom` once its constructor ran, `failed` if it threw.
public enum CustomElementState: Sendable {
    case undefined, failed, uncustomized, precustomized, custom

    /// What `:defined` matches.
    public var isDefined: Bool { self == .uncustomized || self == .custom }
}

/// What the DOM tells a custom element registry, after the change.
public enum CustomElementNotice {
    /// Became connected: a `custom` element's `connectedCallback`, or an `undefined` one to try to upgrade.
    case connected(Element)
    /// Made by the fragment parser or a clone: an `undefined` element to try to upgrade.
    case created(Element)
    case disconnected(Element)
    case adopted(Element, from: Document, to: Document)
    case attributeChanged(Element, localName: String, namespace: String?, oldValue: String?, newValue: String?)
}

/// The HTML standard's "valid custom element name".
public enum CustomElementName {
    static let reserved: Set<String> = [
        "annotation-xml", "color-profile", "font-face", "font-face-src", "font-face-uri", "font-face-format",
        "font-face-name", "missing-glyph",
    ]

    public static func isValid(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        guard let first = scalars.first, ("a"..."z").contains(first), scalars.contains("-") else { return false }
        return !reserved.contains(name) && scalars.allSatisfy(isPCENChar)
    }

    /// PotentialCustomElementName's characters.
    private static func isPCENChar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x2E, 0x30...0x39, 0x5F, 0x61...0x7A, 0xB7, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x37D,
            0x37F...0x1FFF, 0x200C...0x200D, 0x203F...0x2040, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF,
            0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            return true
        default: return false
        }
    }
}

extension Node {
    /// Each element of this node's shadow-including inclusive descendants, in shadow-including tree order.
    func forEachShadowIncludingElement(_ body: (Element) -> Void) {
        if let element = self as? Element {
            body(element)
            element.shadowRootStorage?.forEachShadowIncludingElement(body)
        }
        for child in childNodes { child.forEachShadowIncludingElement(body) }
    }

    /// After `nodes` were inserted under this node: the connected ones that are, or may become, custom.
    func announceConnected(_ nodes: [Node]) {
        guard let document = ownerDocument ?? (self as? Document), let hook = document.customElementHook, isConnected
        else { return }
        var notices: [CustomElementNotice] = []
        for node in nodes {
            node.forEachShadowIncludingElement { element in
                if element.customElementState == .custom || element.customElementState == .undefined {
                    notices.append(.connected(element))
                }
            }
        }
        for notice in notices { hook(notice) }
    }

    /// After `node` (connected before) was removed: its custom elements are disconnected.
    func announceDisconnected(_ node: Node, in document: Document?) {
        guard let hook = document?.customElementHook else { return }
        var notices: [CustomElementNotice] = []
        node.forEachShadowIncludingElement { element in
            if element.customElementState == .custom { notices.append(.disconnected(element)) }
        }
        for notice in notices { hook(notice) }
    }
}

extension Element {
    /// After an attribute changed: a custom element's registry hears the old and the new value.
    func announceAttributeChange(localName: String, namespace: AttributeNamespace?, oldValue: String?) {
        guard customElementState == .custom, let hook = ownerDocument?.customElementHook else { return }
        let newValue = attributes.first { $0.namespace == namespace && $0.localName == localName }?.value
        hook(
            .attributeChanged(
                self, localName: localName, namespace: namespace?.uri, oldValue: oldValue, newValue: newValue))
    }
}
