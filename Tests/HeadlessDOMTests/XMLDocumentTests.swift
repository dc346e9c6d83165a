import HeadlessDOM
import JavaScript
import Testing
import WebHost

/// XML documents from DOMParser: names keep their case, namespaces resolve, a malformed source gives a
/// `parsererror` document, no external entity is read, and importNode/adoptNode move nodes between
/// documents with the name rules of the document they land in.
@Suite struct XMLDocumentTests {
    private func page() throws -> (JSContext, DOMBindings) {
        let page = try ScriptedPage()
        return (page.js, page.bindings)
    }

    @Test func anXMLDocumentKeepsNamesAndResolvesNamespaces() throws {
        let (js, bindings) = try page()
        defer { withExtendedLifetime(bindings) {} }
        let facts = try js.evaluate(
            """
            const xml = new DOMParser().parseFromString(
              '<?xml version="1.0"?><Root xmlns="urn:x" xmlns:p="urn:p" b="2" a="1"><!--note--><p:Item xml:lang="en">T &amp; <![CDATA[<x>]]></p:Item><?pi data?></Root>',
              "application/xml");
            const root = xml.documentElement, item = root.children[0];
            [xml.contentType, root.tagName, root.namespaceURI, root.getAttribute("a"), root.firstChild.nodeType,
             item.tagName, item.localName, item.prefix, item.namespaceURI, item.textContent, root.lastChild.nodeType,
             xml.createElement("Foo").tagName, xml.createElement("Foo").namespaceURI === null].join("|")
            """
        ).string
        #expect(facts == "application/xml|Root|urn:x|1|8|p:Item|Item|p|urn:p|T & <x>|7|Foo|true")
    }

    @Test func aMalformedSourceGivesAParserErrorDocument() throws {
        let (js, bindings) = try page()
        defer { withExtendedLifetime(bindings) {} }
        let facts = try js.evaluate(
            """
            const broken = new DOMParser().parseFromString("<a><b></a>", "text/xml").documentElement;
            [broken.localName, broken.namespaceURI, broken.textContent].join("|")
            """
        ).string
        #expect(
            facts
                == "parsererror|http://www.mozilla.org/newlayout/xml/parsererror.xml|error on line 1 at column 11: the document is not well-formed"
        )
    }

    @Test func externalEntitiesAreNeverRead() throws {
        let (js, bindings) = try page()
        defer { withExtendedLifetime(bindings) {} }
        let parsed = try js.evaluate(
            """
            const root = new DOMParser().parseFromString(
              '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]><x>[&e;]</x>', "text/xml").documentElement;
            root.localName + " " + root.textContent
            """
        ).string
        // The document parsed (not a parsererror document, whose text could not hold the file either).
        #expect(parsed.hasPrefix("x ["))
        let text = String(parsed.dropFirst(2))
        #expect(
            !text.contains(
                try String(contentsOfFile: "/etc/hostname", encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines)))
    }

    @Test func importAndAdoptFollowTheReceivingDocumentsNameRules() throws {
        let (js, bindings) = try page()
        defer { withExtendedLifetime(bindings) {} }
        let facts = try js.evaluate(
            """
            const xml = new DOMParser().parseFromString('<div xmlns="http://www.w3.org/1999/xhtml"><span>t</span></div>', "text/xml");
            const inXML = xml.documentElement;
            const imported = document.importNode(inXML, true);
            const shallow = document.importNode(inXML, false);
            const p = document.querySelector("p");
            const adopted = xml.adoptNode(p);
            const refusal = (f) => { try { f(); return "none"; } catch (e) { return e.name; } };
            [inXML.tagName, imported.tagName, imported.ownerDocument === document, imported.firstChild.tagName,
             inXML.parentNode === xml, shallow.childNodes.length, adopted === p, p.ownerDocument === xml,
             document.querySelector("p"), p.tagName, refusal(() => document.importNode(xml)),
             refusal(() => document.adoptNode(xml)), refusal(() => document.importNode({}))].join("|")
            """
        ).string
        #expect(facts == "div|DIV|true|SPAN|true|0|true|true||p|NotSupportedError|NotSupportedError|TypeError")
    }
}
