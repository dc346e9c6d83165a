/// Whoever gives a document's `<iframe>` elements their nested browsing contexts (a page runtime). The
/// tree operations tell it when an iframe becomes connected or disconnected ("insertion steps" and
/// "removing steps" of HTML's iframe) and when its `src`/`srcdoc` changes while connected; they call it
/// only for documents that ever held an iframe, so a page without one pays nothing.
public protocol FrameHost: AnyObject {
    func frameConnected(_ iframe: Element)
    func frameDisconnected(_ iframe: Element)
    func frameAttributeChanged(_ iframe: Element, name: String)
    /// The document of the iframe's browsing context, while it has one, and whether the iframe's
    /// document may see it (same origin: `contentDocument`; `contentWindow` is given either way).
    func contentDocument(of iframe: Element) -> (document: Document, sameOrigin: Bool)?
}

extension Element {
    /// An HTML `<iframe>`.
    public var isIFrame: Bool { namespace == .html && localName == "iframe" }
}

extension Node {
    /// The `<iframe>` elements of this node's inclusive subtree, in tree order.
    var inclusiveIFrames: [Element] {
        var found: [Element] = []
        collectIFrames(into: &found)
        return found
    }

    private func collectIFrames(into found: inout [Element]) {
        if let element = self as? Element, element.isIFrame { found.append(element) }
        for child in childNodes { child.collectIFrames(into: &found) }
    }

    /// The host to tell about iframes moving in or out of this node's tree: set only when the node is
    /// connected to a document that has one and has held an iframe.
    var connectedFrameHost: FrameHost? {
        guard let document = ownerDocument ?? (self as? Document), document.mayHaveFrames,
            let host = document.frameHost, isConnected
        else { return nil }
        return host
    }
}
