import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `DOMParser.parseFromString(source, "text/xml" | "application/xml" | "application/xhtml+xml" |
/// "image/svg+xml")`: an XML document (names keep their case), built from Foundation's XMLParser (libxml2's
/// SAX) with namespaces resolved. A source that is not well-formed gives the DOM Parsing standard's answer:
/// a document whose element is a `parsererror` in Gecko's namespace, holding the parser's message.
///
/// libxml2's SAX hands over an element's attributes as a dictionary, so their source order is lost; they
/// are kept sorted by name, which at least serializes the same way every time.
enum XMLDocumentParser {
    static let parserErrorNamespace = "http://www.mozilla.org/newlayout/xml/parsererror.xml"

    static func parse(_ source: String, contentType: String, url: String) -> Document {
        let document = Document(url: url)
        document.kind = .xml
        document.contentType = contentType
        let builder = TreeBuilder(document: document)
        let parser = XMLParser(data: Data(source.utf8))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = true
        parser.shouldResolveExternalEntities = false  // a page's XML never reaches the network or the disk
        parser.delegate = builder
        guard parser.parse(), builder.open.count == 1, document.documentElement != nil else {
            // (Foundation's error codes are libxml2's numbers under other names, so only the place is told.)
            return failed(
                "error on line \(parser.lineNumber) at column \(parser.columnNumber): the document is not well-formed",
                contentType: contentType, url: url)
        }
        return document
    }

    private static func failed(_ message: String, contentType: String, url: String) -> Document {
        let document = Document(url: url)
        document.kind = .xml
        document.contentType = contentType
        let error = Element(
            localName: "parsererror", namespace: Namespace(uri: parserErrorNamespace), ownerDocument: document)
        error.adopt(document.createTextNode(message), before: nil)
        document.adopt(error, before: nil)
        return document
    }

    /// Appends what the SAX events describe. `open` is the stack of nodes being filled, the document first.
    private final class TreeBuilder: NSObject, XMLParserDelegate {
        let document: Document
        var open: [Node]
        /// `xmlns` declarations reported before the element they belong to starts.
        var pendingDeclarations: [Attribute] = []

        init(document: Document) {
            self.document = document
            open = [document]
        }

        private var current: Node { open[open.count - 1] }

        func parser(_ parser: XMLParser, didStartMappingPrefix prefix: String, toURI namespaceURI: String) {
            pendingDeclarations.append(
                prefix.isEmpty
                    ? Attribute(namespace: .xmlns, localName: "xmlns", value: namespaceURI)
                    : Attribute(namespace: .xmlns, prefix: "xmlns", localName: prefix, value: namespaceURI))
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let qualified = qualifiedName ?? elementName
            let prefix = qualified.firstIndex(of: ":").map { String(qualified[..<$0]) }
            let element = Element(
                localName: elementName, namespace: Namespace(uri: namespaceURI ?? ""), prefix: prefix,
                ownerDocument: document)
            for declaration in pendingDeclarations { element.appendParsedAttribute(declaration) }
            pendingDeclarations = []
            for (name, value) in attributes.sorted(by: { $0.key < $1.key }) {
                element.appendParsedAttribute(Self.attribute(name, value: value))
            }
            current.adopt(element, before: nil)
            open.append(element)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            if open.count > 1 { open.removeLast() }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !(current is Document) else { return }  // whitespace around the document element
            if let last = current.childNodes.last as? Text {
                last.data += string
            } else {
                current.adopt(document.createTextNode(string), before: nil)
            }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            self.parser(parser, foundCharacters: String(decoding: CDATABlock, as: UTF8.self))
        }

        func parser(_ parser: XMLParser, foundComment comment: String) {
            current.adopt(document.createComment(comment), before: nil)
        }

        func parser(_ parser: XMLParser, foundProcessingInstructionWithTarget target: String, data: String?) {
            guard let instruction = try? document.createProcessingInstruction(target, data ?? "") else { return }
            current.adopt(instruction, before: nil)
        }

        /// `xml:lang` is in the XML namespace; other prefixed attributes keep their prefix (libxml2's SAX
        /// does not say which namespace a prefix maps to here).
        private static func attribute(_ name: String, value: String) -> Attribute {
            guard let colon = name.firstIndex(of: ":") else { return Attribute(localName: name, value: value) }
            let prefix = String(name[..<colon])
            let local = String(name[name.index(after: colon)...])
            if prefix == "xml" { return Attribute(namespace: .xml, prefix: prefix, localName: local, value: value) }
            return Attribute(prefix: prefix, localName: local, value: value)
        }
    }
}
