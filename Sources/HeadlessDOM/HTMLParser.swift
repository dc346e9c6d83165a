import CGumbo
import Glibc

/// Builds our DOM from gumbo's parse tree. Gumbo (Debian's libgumbo 0.10) implements the WHATWG tree
/// construction, including foster parenting, the adoption agency, templates and foreign content; gumbo's
/// tree is freed right after it is copied.
enum HTMLParser {
    static func parseDocument(_ html: String, into document: Document) {
        withGumboOutput(html, options: kGumboDefaultOptions) { output in
            let root = output.pointee.document.pointee
            let info = root.v.document
            if info.has_doctype {
                document.adopt(
                    document.createDocumentType(
                        name: string(info.name), publicId: string(info.public_identifier),
                        systemId: string(info.system_identifier)),
                    before: nil)
            }
            appendChildren(of: info.children, to: document, document: document)
        }
    }

    /// The HTML fragment parsing algorithm with `context` as the context element (`innerHTML` set).
    static func parseFragment(_ html: String, context: Element, document: Document) -> DocumentFragment {
        var options = kGumboDefaultOptions
        options.fragment_context = contextTag(for: context)
        options.fragment_namespace =
            switch context.namespace {
            case .svg: GUMBO_NAMESPACE_SVG
            case .mathml: GUMBO_NAMESPACE_MATHML
            default: GUMBO_NAMESPACE_HTML
            }
        let fragment = document.createDocumentFragment()
        withGumboOutput(html, options: options) { output in
            // In fragment mode gumbo's root is the synthetic <html> element holding the fragment's nodes.
            let root = output.pointee.root.pointee
            appendChildren(of: root.v.element.children, to: fragment, document: document)
        }
        return fragment
    }

    /// Gumbo knows contexts by tag enum; an unknown (custom) element parses like a `<div>`.
    private static func contextTag(for element: Element) -> GumboTag {
        let tag = gumbo_tag_enum(element.localName)
        return tag == GUMBO_TAG_UNKNOWN ? GUMBO_TAG_DIV : tag
    }

    private static func withGumboOutput(
        _ html: String, options: GumboOptions, _ body: (UnsafeMutablePointer<GumboOutput>) -> Void
    ) {
        var options = options
        var bytes = Array(html.utf8)
        bytes.append(0)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let base = chars.baseAddress,
                    let output = gumbo_parse_with_options(&options, base, chars.count - 1)
                else { return }
                defer { gumbo_destroy_output(&options, output) }
                body(output)
            }
        }
    }

    private static func appendChildren(of vector: GumboVector, to parent: Node, document: Document) {
        for index in 0..<Int(vector.length) {  // gowasm: allow-trap: gumbo's unsigned int widened to Int
            guard let raw = vector.data[index] else { continue }
            let node = raw.assumingMemoryBound(to: GumboNode.self)
            if let converted = convert(node, document: document) {
                parent.adopt(converted, before: nil)
            }
        }
    }

    private static func convert(_ pointer: UnsafeMutablePointer<GumboNode>, document: Document) -> Node? {
        let node = pointer.pointee
        switch node.type {
        case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
            return document.createTextNode(string(node.v.text.text))
        case GUMBO_NODE_COMMENT:
            return document.createComment(string(node.v.text.text))
        case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
            let gumboElement = node.v.element
            let element = Element(
                localName: tagName(of: gumboElement), namespace: namespace(of: gumboElement), ownerDocument: document)
            let attributes = gumboElement.attributes
            for index in 0..<Int(attributes.length) {  // gowasm: allow-trap: gumbo's unsigned int widened to Int
                guard let raw = attributes.data[index] else { continue }
                element.appendParsedAttribute(attribute(raw.assumingMemoryBound(to: GumboAttribute.self).pointee))
            }
            // A template's children are its contents (a separate fragment), as the DOM has it.
            let container: Node = element.templateContent ?? element
            appendChildren(of: gumboElement.children, to: container, document: document)
            return element
        default:
            return nil
        }
    }

    private static func namespace(of element: GumboElement) -> Namespace {
        switch element.tag_namespace {
        case GUMBO_NAMESPACE_SVG: .svg
        case GUMBO_NAMESPACE_MATHML: .mathml
        default: .html
        }
    }

    /// The element's local name: gumbo's normalized name for known tags, the source text for others,
    /// and SVG's camelCase names (`foreignObject`, `linearGradient`) adjusted as the tree builder does.
    private static func tagName(of element: GumboElement) -> String {
        var name: String
        if element.tag != GUMBO_TAG_UNKNOWN, let known = gumbo_normalized_tagname(element.tag) {
            name = String(cString: known)
        } else {
            var piece = element.original_tag
            if piece.data != nil && piece.length >= 2 {
                gumbo_tag_from_original_text(&piece)
            }
            name =
                piece.data.map { data in
                    String(decoding: UnsafeRawBufferPointer(start: data, count: piece.length), as: UTF8.self)
                }?.lowercased() ?? ""
            if name.isEmpty { name = "unknown" }
        }
        if element.tag_namespace == GUMBO_NAMESPACE_SVG {
            name.withCString { cName in
                var piece = GumboStringPiece(data: cName, length: strlen(cName))
                if let adjusted = gumbo_normalize_svg_tagname(&piece) { name = String(cString: adjusted) }
            }
        }
        return name
    }

    private static func attribute(_ attribute: GumboAttribute) -> Attribute {
        let name = string(attribute.name)
        let value = string(attribute.value)
        let namespace: AttributeNamespace? =
            switch attribute.attr_namespace {
            case GUMBO_ATTR_NAMESPACE_XLINK: .xlink
            case GUMBO_ATTR_NAMESPACE_XML: .xml
            case GUMBO_ATTR_NAMESPACE_XMLNS: .xmlns
            default: nil
            }
        guard let namespace else { return Attribute(localName: name, value: value) }
        // Foreign attributes: `xlink:href` is local name `href` with prefix `xlink`; `xmlns` has no prefix.
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            return Attribute(namespace: namespace, prefix: parts[0], localName: parts[1], value: value)
        }
        return Attribute(namespace: namespace, localName: name, value: value)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
