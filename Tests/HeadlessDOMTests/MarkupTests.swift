import HeadlessDOM
import Testing

/// innerHTML/outerHTML get and set (fragment parsing in the context element), and serialization rules.
@Suite struct MarkupTests {
    let document = Document(parsing: "<!DOCTYPE html><body><div id=host></div><table><tbody id=rows></tbody></table>")

    func element(_ id: String) throws -> Element { try #require(document.getElementById(id)) }

    @Test func innerHTMLRoundTrips() throws {
        let host = try element("host")
        let cases = [
            "plain text",
            "<p class=\"a\">x</p><br><img src=\"a.png\" alt=\"\">",
            "a &amp; b &lt; c &gt; d&nbsp;e",
            "<span title=\"&quot;q&quot; &lt;t&gt; &amp;\">s</span>",
            "<!-- comment --><b>b</b>",
            "<ul><li>1</li><li>2</li></ul>",
            "<svg viewBox=\"0 0 1 1\"><foreignObject><p>x</p></foreignObject><path d=\"M0\"></path></svg>",
            "<template><tr><td>t</td></tr></template>",
            "<script>if (a < b && c > d) {}</script><style>a > b {}</style>",
            "<textarea>t &amp; &lt;</textarea><pre>p</pre>",
        ]
        for markup in cases {
            host.setInnerHTML(markup)
            #expect(host.innerHTML == markup)
        }
    }

    @Test func innerHTMLNormalizesLikeTheParser() throws {
        let host = try element("host")
        host.setInnerHTML("<P CLASS=x>unclosed<b>bold<i>both</b>italic")
        #expect(host.innerHTML == "<p class=\"x\">unclosed<b>bold<i>both</i></b><i>italic</i></p>")
        host.setInnerHTML("<table><tr><td>1</table>")
        #expect(host.innerHTML == "<table><tbody><tr><td>1</td></tr></tbody></table>")
        host.setInnerHTML("&copy; &#x41; &zzz; &notit; \u{A0}")
        #expect(host.innerHTML == "© A &amp;zzz; ¬it; &nbsp;")
        host.setInnerHTML("<a href='x'>1<a href='y'>2</a>")
        #expect(host.innerHTML == "<a href=\"x\">1</a><a href=\"y\">2</a>")
    }

    @Test func fragmentParsingUsesTheContextElement() throws {
        // <tr> in a <tbody> context stays a row; in a <div> the table tags are dropped.
        let rows = try element("rows")
        rows.setInnerHTML("<tr><td>cell</td></tr>")
        #expect(rows.innerHTML == "<tr><td>cell</td></tr>")
        let host = try element("host")
        host.setInnerHTML("<tr><td>cell</td></tr>")
        #expect(host.innerHTML == "cell")
        // A <script> context tokenizes its content as script data.
        let script = try document.createElement("script")
        script.setInnerHTML("a < b && <b>")
        #expect(script.childNodes.count == 1 && script.innerHTML == "a < b && <b>")
        // Inside <svg>, children are SVG elements with adjusted names.
        host.setInnerHTML("<svg></svg>")
        let svg = try #require(host.firstElementChild)
        svg.setInnerHTML("<lineargradient gradientunits=x></lineargradient><circle/>")
        #expect(svg.children.allSatisfy { $0.namespace == .svg })
        #expect(svg.innerHTML == "<linearGradient gradientUnits=\"x\"></linearGradient><circle></circle>")
        // A template's innerHTML fills its content fragment, not its children.
        let template = try document.createElement("template")
        template.setInnerHTML("<td>t</td>")
        #expect(template.childNodes.isEmpty)
        #expect(template.templateContent?.childNodes.count == 1)
        #expect(template.outerHTML == "<template><td>t</td></template>")
    }

    @Test func outerHTMLSetReplacesTheElement() throws {
        let host = try element("host")
        host.setInnerHTML("<p id=target>old</p><span>keep</span>")
        let target = try element("target")
        try target.setOuterHTML("<em>new</em> text <b>x</b>")
        #expect(host.innerHTML == "<em>new</em> text <b>x</b><span>keep</span>")
        #expect(target.parentNode == nil)
        #expect(throws: DOMError.self) { try document.documentElement?.setOuterHTML("<p>") }
    }

    @Test func insertAdjacentHTML() throws {
        let host = try element("host")
        host.setInnerHTML("<p id=mid>m</p>")
        let mid = try element("mid")
        try mid.insertAdjacentHTML("beforebegin", "<i>1</i>")
        try mid.insertAdjacentHTML("afterbegin", "<i>2</i>")
        try mid.insertAdjacentHTML("beforeend", "<i>3</i>")
        try mid.insertAdjacentHTML("afterend", "<i>4</i>")
        #expect(host.innerHTML == "<i>1</i><p id=\"mid\"><i>2</i>m<i>3</i></p><i>4</i>")
        #expect(throws: DOMError.self) { try mid.insertAdjacentHTML("middle", "x") }
    }

    @Test func serializationEscapingRules() throws {
        let host = try element("host")
        host.textContent = ""
        let div = try document.createElement("div")
        try div.setAttribute("title", "a&b\"c'd<e>f\u{A0}g")
        try div.appendChild(document.createTextNode("a&b\"c'd<e>f\u{A0}g"))
        try host.appendChild(div)
        #expect(div.outerHTML == "<div title=\"a&amp;b&quot;c'd&lt;e&gt;f&nbsp;g\">a&amp;b\"c'd&lt;e&gt;f&nbsp;g</div>")
        // Text inside raw-text elements is written as is; void elements have no end tag or children.
        let style = try document.createElement("style")
        try style.appendChild(document.createTextNode("a > b & c"))
        #expect(style.outerHTML == "<style>a > b & c</style>")
        let br = try document.createElement("br")
        try br.appendChild(document.createTextNode("lost"))
        #expect(br.outerHTML == "<br>")
        // Foreign elements keep their case and are never self-closed; foreign attributes get prefixes.
        let use = try document.createElementNS(Namespace.svgURI, "use")
        try use.setAttributeNS(AttributeNamespace.xlinkURI, "xlink:href", "#a")
        #expect(use.outerHTML == "<use xlink:href=\"#a\"></use>")
        #expect(use.getAttributeNS(AttributeNamespace.xlinkURI, "href") == "#a")
        let custom = try document.createElementNS("urn:x", "x:thing")
        #expect(custom.outerHTML == "<x:thing></x:thing>")
    }

    @Test func dumpDOMFormat() {
        let page = Document(parsing: "<!DOCTYPE html><!--top--><p>x</p><!--end-->")
        #expect(page.dumpDOM == "<!DOCTYPE html>\n<html><head></head><body><p>x</p><!--end--></body></html>\n")
        #expect(page.serialized == "<!DOCTYPE html><!--top--><html><head></head><body><p>x</p><!--end--></body></html>")
        let legacy = Document(
            parsing: "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">")
        #expect(
            legacy.dumpDOM.hasPrefix(
                "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">\n"))
        #expect(Document(parsing: "").dumpDOM == "<html><head></head><body></body></html>\n")
    }
}
