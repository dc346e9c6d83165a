import CGumbo
import Glibc

/// Builds our DOM from gumbo's parse tree. Gumbo (Debian's libgumbo 0.10) implements the WHATWG tree
/// construction, including foster parenting, the adoption agency, templates and foreign content; gumbo's
/// tree is freed right after it is copied.
enum HTMLParser {
    static func parseDocument(_ html: String, into document: Document) {
        parseWithScripting(html, options: kGumboDefaultOptions) { output in
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
        parseWithScripting(html, options: options) { output in
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

    /// Parses as a browser does, with scripting on: a `<noscript>`'s content is raw text up to the first
    /// `</noscript`, not markup. Gumbo parses with scripting off, so when a noscript holds `<` or `&` its
    /// content is escaped in the source and the source parsed again, which gives the tree a browser builds.
    private static func parseWithScripting(
        _ html: String, options: GumboOptions, _ body: (UnsafeMutablePointer<GumboOutput>) -> Void
    ) {
        var escaped: String?
        withGumboOutput(html, options: options) { output, input in
            let ranges = noscriptMarkupRanges(in: output, input: input)
            if ranges.isEmpty {
                body(output)
            } else {
                escaped = escapingMarkup(in: input, ranges: ranges)
            }
        }
        guard let escaped else { return }
        withGumboOutput(escaped, options: options) { output, _ in body(output) }
    }

    /// The source ranges of the HTML `<noscript>` contents that hold markup (`<` or `&`), in source order,
    /// an inner noscript's left to the outer one's.
    private static func noscriptMarkupRanges(
        in output: UnsafeMutablePointer<GumboOutput>, input: UnsafeBufferPointer<CChar>
    ) -> [Range<Int>] {
        guard let base = input.baseAddress else { return [] }
        var ranges: [Range<Int>] = []
        var stack: [UnsafeMutablePointer<GumboNode>] = [output.pointee.document]
        while let node = stack.popLast() {
            guard node.pointee.type == GUMBO_NODE_ELEMENT || node.pointee.type == GUMBO_NODE_DOCUMENT else {
                continue
            }
            let children: GumboVector
            if node.pointee.type == GUMBO_NODE_DOCUMENT {
                children = node.pointee.v.document.children
            } else {
                let element = node.pointee.v.element
                children = element.children
                if element.tag == GUMBO_TAG_NOSCRIPT, element.tag_namespace == GUMBO_NAMESPACE_HTML,
                    let startTag = element.original_tag.data,
                    let tagLength = Int(exactly: element.original_tag.length)
                {
                    let start = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(startTag)) + tagLength
                    if start >= 0, start <= input.count {
                        let end = firstNoscriptEndTag(in: input, from: start) ?? input.count
                        if input[start..<end].contains(where: { $0 == 0x3C || $0 == 0x26 /* < or & */ }) {
                            ranges.append(start..<end)
                        }
                    }
                }
            }
            for index in 0..<Int(children.length) {  // gowasm: allow-trap: gumbo's unsigned int widened to Int
                if let child = children.data[index] { stack.append(child.assumingMemoryBound(to: GumboNode.self)) }
            }
        }
        var outermost: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = outermost.last, range.lowerBound < last.upperBound { continue }
            outermost.append(range)
        }
        return outermost
    }

    /// The offset of the first `</noscript` (any case) at or after `start` that is followed by whitespace,
    /// `/`, `>` or the end: where the raw text state ends.
    private static func firstNoscriptEndTag(in input: UnsafeBufferPointer<CChar>, from start: Int) -> Int? {
        let name = Array("</noscript".utf8)
        var index = start
        while index + name.count <= input.count {
            // ASCII case folding for the letters (the first two bytes are `</`).
            if (0..<name.count).allSatisfy({ UInt8(bitPattern: input[index + $0]) | ($0 > 1 ? 0x20 : 0) == name[$0] }) {
                let after = index + name.count
                if after == input.count
                    || [0x09, 0x0A, 0x0C, 0x0D, 0x20, 0x2F, 0x3E].contains(UInt8(bitPattern: input[after]))
                {
                    return index
                }
            }
            index += 1
        }
        return nil
    }

    /// The source with `<` and `&` inside `ranges` written as character references.
    private static func escapingMarkup(in input: UnsafeBufferPointer<CChar>, ranges: [Range<Int>]) -> String {
        let bytes = UnsafeRawBufferPointer(input)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 16)
        var position = 0
        for range in ranges {
            result.append(contentsOf: bytes[position..<range.lowerBound])
            for byte in bytes[range] {
                switch byte {
                case UInt8(ascii: "<"): result.append(contentsOf: Array("&lt;".utf8))
                case UInt8(ascii: "&"): result.append(contentsOf: Array("&amp;".utf8))
                default: result.append(byte)
                }
            }
            position = range.upperBound
        }
        result.append(contentsOf: bytes[position...])
        return String(decoding: result, as: UTF8.self)
    }

    private static func withGumboOutput(
        _ html: String, options: GumboOptions,
        _ body: (UnsafeMutablePointer<GumboOutput>, UnsafeBufferPointer<CChar>) -> Void
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
                body(output, UnsafeBufferPointer(rebasing: chars.dropLast()))
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
            element.scriptAlreadyStarted = element.isHTML && element.localName == "script"
            let attributes = gumboElement.attributes
            for index in 0..<Int(attributes.length) {  // gowasm: allow-trap: gumbo's unsigned int widened to Int
                guard let raw = attributes.data[index] else { continue }
                element.appendParsedAttribute(attribute(raw.assumingMemoryBound(to: GumboAttribute.self).pointee))
            }
            if element.isHTML, let isValue = element.getAttribute("is") {
                element.customElementIs = isValue
                element.customElementState = .undefined
            }
            if element.customElementState == .undefined, let hook = document.customElementHook {
                hook(.created(element))
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
