/// WHATWG "Serializing HTML fragments", with the attribute escaping current Chromium uses
/// (`<` and `>` escaped in attribute values too).
enum HTMLSerializer {
    /// Elements that never have an end tag.
    static let voidElements: Set<String> = [
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen",
        "link", "meta", "param", "source", "track", "wbr",
    ]

    /// Elements whose text children are written unescaped. `noscript` is one because pages are
    /// rendered with scripting enabled, as in a browser.
    static let rawTextElements: Set<String> = [
        "style", "script", "xmp", "iframe", "noembed", "noframes", "plaintext", "noscript",
    ]

    static func serializeChildren(of node: Node) -> String {
        var output = ""
        appendChildren(of: node, to: &output)
        return output
    }

    static func serialize(_ node: Node) -> String {
        var output = ""
        append(node, to: &output)
        return output
    }

    private static func appendChildren(of node: Node, to output: inout String) {
        let parent: Node = (node as? Element)?.templateContent ?? node
        for child in parent.childNodes { append(child, to: &output) }
    }

    private static func append(_ node: Node, to output: inout String) {
        switch node {
        case let element as Element:
            let name =
                element.isHTML || element.namespace == .svg || element.namespace == .mathml
                ? element.localName : element.qualifiedName
            output += "<" + name
            for attribute in element.attributes {
                output += " " + serializedName(of: attribute) + "=\""
                escape(attribute.value, inAttribute: true, to: &output)
                output += "\""
            }
            // A customized built-in made by script shows its `is` value (HTML's serialization algorithm).
            if let isValue = element.customElementIs, !element.hasAttribute("is") {
                output += " is=\""
                escape(isValue, inAttribute: true, to: &output)
                output += "\""
            }
            output += ">"
            if element.isHTML && voidElements.contains(element.localName) { return }
            appendChildren(of: element, to: &output)
            output += "</" + name + ">"
        case let text as Text:
            if let parent = text.parentElement, parent.isHTML, rawTextElements.contains(parent.localName) {
                output += text.data
            } else {
                escape(text.data, inAttribute: false, to: &output)
            }
        case let comment as Comment:
            output += "<!--" + comment.data + "-->"
        case let instruction as ProcessingInstruction:
            output += "<?" + instruction.target + " " + instruction.data + ">"
        case let doctype as DocumentType:
            output += "<!DOCTYPE " + doctype.name + ">"
        default:
            appendChildren(of: node, to: &output)
        }
    }

    private static func serializedName(of attribute: Attribute) -> String {
        switch attribute.namespace {
        case nil: attribute.localName
        case .xml: "xml:" + attribute.localName
        case .xmlns: attribute.localName == "xmlns" ? "xmlns" : "xmlns:" + attribute.localName
        case .xlink: "xlink:" + attribute.localName
        case .other: attribute.name
        }
    }

    static func escape(_ string: String, inAttribute: Bool, to output: inout String) {
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "\u{A0}": output += "&nbsp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where inAttribute: output += "&quot;"
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    /// The doctype as `XMLSerializer` writes it (what `--dump-dom` prints): public and system ids included.
    static func xmlStyleDoctype(_ doctype: DocumentType) -> String {
        var output = "<!DOCTYPE " + doctype.name
        if !doctype.publicId.isEmpty {
            output += " PUBLIC \"" + doctype.publicId + "\""
        } else if !doctype.systemId.isEmpty {
            output += " SYSTEM"
        }
        if !doctype.systemId.isEmpty { output += " \"" + doctype.systemId + "\"" }
        return output + ">"
    }
}

extension Node {
    /// `innerHTML` of an element, fragment or document: the serialized children.
    public var innerHTML: String { HTMLSerializer.serializeChildren(of: self) }
}

extension Element {
    /// `outerHTML`: this element serialized.
    public var outerHTML: String { HTMLSerializer.serialize(self) }

    /// `innerHTML = markup`: parses with this element as the fragment-parsing context and replaces the
    /// children (a template's contents for `<template>`).
    public func setInnerHTML(_ markup: String) {
        guard let document = ownerDocument else { return }
        let fragment = HTMLParser.parseFragment(markup, context: self, document: document)
        let target: Node = templateContent ?? self
        target.replaceAll(with: fragment)
    }

    /// `outerHTML = markup`: replaces this element by the parsed nodes, parsed in the parent's context.
    public func setOuterHTML(_ markup: String) throws(DOMError) {
        guard let parent = parentNode else { return }
        if parent is Document { throw .notSupported("cannot set outerHTML of the document element") }
        guard let document = ownerDocument else { return }
        let context =
            (parent as? Element)
            ?? Element(localName: "body", namespace: .html, ownerDocument: document)
        let fragment = HTMLParser.parseFragment(markup, context: context, document: document)
        try parent.replaceChild(fragment, self)
    }

    /// `insertAdjacentHTML(position, markup)` (HTML standard): the markup is parsed in the context of the
    /// element it lands in, where an `<html>` (or no element) parses as a `<body>` would.
    public func insertAdjacentHTML(_ position: String, _ markup: String) throws(DOMError) {
        guard let document = ownerDocument else { return }
        let position = position.lowercased()
        let context: Node?
        switch position {
        case "beforebegin", "afterend":
            context = parentNode
            if context == nil || context is Document {
                throw .noModificationAllowed("The element has no parent element.")
            }
        case "afterbegin", "beforeend":
            context = self
        default:
            throw .syntax("'\(position)' is not beforebegin, afterbegin, beforeend or afterend")
        }
        let parsingContext: Element
        if let element = context as? Element, !(element.isHTML && element.localName == "html") {
            parsingContext = element
        } else {
            parsingContext = Element(localName: "body", namespace: .html, ownerDocument: document)
        }
        let fragment = HTMLParser.parseFragment(markup, context: parsingContext, document: document)
        switch position {
        case "beforebegin": try parentNode?.insertBefore(fragment, self)
        case "afterbegin": try insertBefore(fragment, firstChild)
        case "beforeend": try appendChild(fragment)
        default: try parentNode?.insertBefore(fragment, nextSibling)
        }
    }
}
